import { spawnSync } from "node:child_process";
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
