import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, "..");

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith(".ts") && !e.name.endsWith(".test.ts") ? [path] : [];
  });
}

describe("src/spec dependencies", () => {
  it("imports nothing of ours but src/util, and no package but yaml", () => {
    const offending: string[] = [];
    for (const file of sources(here)) {
      for (const m of readFileSync(file, "utf8").matchAll(/from "([^"]+)"/g)) {
        const target = m[1] ?? "";
        if (target.startsWith(".")) {
          const inside = relative(src, resolve(dirname(file), target));
          if (!inside.startsWith("spec/") && !inside.startsWith("util/"))
            offending.push(`${file}: ${target}`);
        } else if (target !== "yaml" && !target.startsWith("node:")) {
          offending.push(`${file}: ${target}`);
        }
      }
    }
    expect(offending).toEqual([]);
  });
});
