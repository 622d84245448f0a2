/**
 * The sandbox floor for B1: the same number of `bwrap … true` calls Argosy makes, with the argv the
 * host executor builds for a busybox pod (its own `bwrapArgs`, host layout and userland, from
 * dist/), spawned the way it spawns them (own process group, stdout/stderr piped, the JSON status
 * on fd 3), at the same concurrency (Argosy's maxPods), from a bare Node loop. Each call gets its
 * own root folder, made before the clock starts: only the sandboxes are timed.
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { root as repo } from "./argosy.mjs";

const dist = (p) => import(join(repo, "dist", p));

/** Argosy's default pod concurrency: `ARGOSY_MAX_PODS`, else 4 × cores (at least 4). */
export function argosyMaxPods() {
  const env = Number(process.env.ARGOSY_MAX_PODS);
  return Number.isInteger(env) && env > 0 ? env : Math.max(4, 4 * availableParallelism());
}

/** Runs `count` sandboxed `true` calls, `concurrency` at a time; resolves with the milliseconds. */
export async function bwrapLoop(count, concurrency = argosyMaxPods()) {
  const { readHostLayout, bwrapArgs } = await dist("executor/host/sandbox.js");
  const { ensureBusyboxUserland } = await dist("executor/host/userland.js");
  const { findImageProfile, defaultImageProfiles } = await dist("executor/host/index.js");
  const work = mkdtempSync(join("/dev/shm", "argosy-bench-bwrap-"));
  try {
    const layout = await readHostLayout();
    const userland = await ensureBusyboxUserland({
      userlandDir: join(work, "userland"),
      profile: findImageProfile("busybox", defaultImageProfiles),
      busybox: "/usr/bin/busybox",
    });
    const argvOf = [];
    for (let i = 0; i < count; i++) {
      const root = join(work, "pods", `p${i}`, "root");
      mkdirSync(join(root, "tmp"), { recursive: true });
      for (const link of layout.symlinks) symlinkSync(link.target, join(root, link.path));
      argvOf.push(
        bwrapArgs({
          root,
          layout,
          hostname: `p${i}`,
          cwd: "/",
          busybox: userland,
          dropCaps: process.getuid?.() === 0,
          statusFd: 3,
          argv: ["true"],
        }),
      );
    }
    const env = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root" };
    const started = process.hrtime.bigint();
    let next = 0;
    let failures = 0;
    const worker = async () => {
      while (next < count) {
        const args = argvOf[next++];
        const ok = await spawnOne(args, env);
        if (!ok) failures++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (failures > 0) throw new Error(`${failures} of ${count} bwrap calls failed`);
    return { ms, concurrency };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function spawnOne(args, env) {
  return new Promise((resolve) => {
    const child = spawn("bwrap", args, {
      env,
      cwd: "/",
      stdio: ["ignore", "pipe", "pipe", "pipe"],
      detached: true,
    });
    let status = "";
    child.stdout.resume();
    child.stderr.resume();
    child.stdio[3].setEncoding("utf8").on("data", (t) => {
      status += t;
    });
    child.once("error", () => resolve(false));
    child.once("close", (code) => resolve(code === 0 && /"exit-code":\s*0\b/.test(status)));
  });
}
