import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const repo = join(import.meta.dirname, "..");
export const shared = join(repo, "..", "shared");
export const hasShared = existsSync(join(shared, "conformance", "manifest.json"));

/** Runs bin/argosy with `args`; never throws on a non-zero exit. */
export function argosy(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}) {
  const r = spawnSync(join(repo, "bin", "argosy"), args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, ...options.env },
    timeout: options.timeoutMs ?? 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Like {@link argosy}, without blocking the event loop (needed when the test itself serves requests). */
export function argosyAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(join(repo, "bin", "argosy"), args, {
      cwd: repo,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
