/**
 * Where the bundled image shims live (`argosay`, `cowsay`, the nginx wrapper…). They are shell
 * scripts and config files, not TypeScript, so `tsc` does not copy them into `dist/`: a compiled
 * module finds them under the package root instead, as the store finds its SQL migrations.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { internal } from "../../util/errors.js";

let cached: string | undefined;

/** The shims folder: `./shims/` beside this module, else `<package root>/src/executor/host/shims/`. */
export function shimsDir(moduleUrl: string = import.meta.url): string {
  if (moduleUrl === import.meta.url && cached) return cached;
  const found = findShimsDir(moduleUrl);
  if (moduleUrl === import.meta.url) cached = found;
  return found;
}

function findShimsDir(moduleUrl: string): string {
  const beside = fileURLToPath(new URL("./shims/", moduleUrl));
  if (existsSync(beside)) return beside;
  let dir = dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (existsSync(join(dir, "package.json"))) {
      const inSource = join(dir, "src", "executor", "host", "shims");
      if (existsSync(inSource)) return inSource;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw internal(`image shims folder not found (looked beside ${moduleUrl} and under the package root)`);
}
