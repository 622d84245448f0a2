import { readFileSync } from "node:fs";

/** The package version, read from package.json beside the built or source tree. */
export const version: string = (() => {
  for (const rel of ["../../package.json", "../../../package.json"]) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === "argosy" && pkg.version) return pkg.version;
    } catch {
      // not at this level; try the next
    }
  }
  return "0.0.0";
})();
