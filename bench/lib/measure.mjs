/**
 * Timing and memory of benchmarked processes: wall time from spawn to exit, and the peak resident
 * set size of the process itself (not its children). For Node processes the preloaded `rss-hook`
 * reports getrusage's maxRSS at exit; otherwise (and as a fallback) /proc/<pid>/status VmHWM is
 * polled while it runs. Sizes are MB (10^6 bytes), as the budgets are written.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const hook = join(dirname(fileURLToPath(import.meta.url)), "rss-hook.mjs");

/** VmHWM (peak RSS) of a live process in MB, or undefined once it is gone. */
export function peakRssMB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const m = status.match(/^VmHWM:\s+(\d+) kB/m);
    return m ? (Number(m[1]) * 1024) / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs `file args` to completion. `node: true` preloads the RSS hook. Resolves with
 * `{ms, code, stdout, stderr, rssMB}`; never rejects for a non-zero exit (the caller checks).
 */
export function runTimed(file, args, { env = process.env, cwd, node = false, pollMs = 20 } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "argosy-bench-rss-"));
  const rssFile = join(dir, "rss");
  const childEnv = node
    ? {
        ...env,
        ARGOSY_BENCH_RSS_FILE: rssFile,
        NODE_OPTIONS: `${env.NODE_OPTIONS ?? ""} --import=${pathToFileURL(hook).href}`.trim(),
      }
    : env;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, args, { env: childEnv, cwd, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    let polled = 0;
    const poll = setInterval(() => {
      polled = Math.max(polled, peakRssMB(child.pid) ?? 0);
    }, pollMs);
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.once("error", (e) => {
      clearInterval(poll);
      reject(e);
    });
    child.once("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      clearInterval(poll);
      let hooked;
      try {
        hooked = (Number(readFileSync(rssFile, "utf8")) * 1024) / 1e6;
      } catch {
        hooked = undefined;
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({
        ms,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        rssMB: hooked ?? (polled || undefined),
      });
    });
  });
}

/** Milliseconds `fn` takes (awaited). */
export async function timeIt(fn) {
  const started = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - started) / 1e6, value };
}

/**
 * Runs `once` `repeat` times and keeps the fastest run (the machine is shared: slower runs measure
 * the neighbours). Peak RSS is the largest seen in any run, so the memory budget is not flattered.
 */
export async function best(repeat, once) {
  let fastest;
  let rss;
  const all = [];
  for (let i = 0; i < repeat; i++) {
    const r = await once(i);
    all.push(Math.round(r.ms));
    if (r.rssMB !== undefined) rss = Math.max(rss ?? 0, r.rssMB);
    if (!fastest || r.ms < fastest.ms) fastest = r;
  }
  return { ...fastest, ...(rss !== undefined ? { rssMB: rss } : {}), runsMs: all };
}
