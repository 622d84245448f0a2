/** Building the web UI for the browser tests: the server serves ui/dist, which may be missing or stale. */
import { spawnSync } from "node:child_process";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { repo } from "./helpers.js";

async function newest(dir: string): Promise<number> {
  let max = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    max = Math.max(max, entry.isDirectory() ? await newest(path) : (await stat(path)).mtimeMs);
  }
  return max;
}

/** Builds ui/dist when it is missing or older than the sources. */
export async function ensureUiBuilt(): Promise<void> {
  const built = await stat(join(repo, "ui", "dist", "index.html")).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newest(join(repo, "ui", "src")),
    (await stat(join(repo, "ui", "index.html"))).mtimeMs,
  );
  if (built >= sources) return;
  const vite = join(repo, "node_modules", ".bin", "vite");
  const r = spawnSync(vite, ["build", "--config", "ui/vite.config.ts", "--logLevel", "warn"], {
    cwd: repo,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}
