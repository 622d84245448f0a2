/**
 * DESIGN.md §1's import rules, enforced: each folder of src/ may import only the folders listed.
 * The engine also may not touch the file system, processes or the store driver.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { repo } from "./helpers.js";

const allowed: Record<string, string[]> = {
  util: [],
  config: [],
  spec: ["util"],
  expr: ["spec", "util"],
  engine: ["spec", "expr", "util"],
  executor: ["spec", "artifacts", "util"],
  artifacts: ["spec", "util"],
  store: ["spec", "util"],
  controller: ["engine", "executor", "store", "artifacts", "spec", "expr", "util", "config"],
  events: ["spec", "expr", "store", "util"],
  server: ["controller", "events", "store", "engine", "executor", "spec", "expr", "util", "config"],
  cli: [
    "controller",
    "store",
    "engine",
    "executor",
    "spec",
    "expr",
    "util",
    "config",
    "server",
    "artifacts",
    "events",
  ],
};
const forbiddenInEngine = [
  "node:fs",
  "node:fs/promises",
  "node:child_process",
  "better-sqlite3",
  "node:net",
  "node:http",
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sources(join(dir, e.name))
      : e.name.endsWith(".ts") && !e.name.endsWith(".test.ts")
        ? [join(dir, e.name)]
        : [],
  );
}

const importPattern = /^\s*(?:import|export)[^"']*?from\s+["']([^"']+)["']/gm;

describe("module boundaries", () => {
  const src = join(repo, "src");
  for (const file of sources(src)) {
    const rel = relative(src, file);
    const folder = rel.split("/")[0] as string;
    it(`${rel} imports only what ${folder}/ may use`, () => {
      const text = readFileSync(file, "utf8");
      const bad: string[] = [];
      for (const m of text.matchAll(importPattern)) {
        const target = m[1] as string;
        if (target.startsWith(".")) {
          const resolved = relative(src, join(file, "..", target)).split("/")[0] as string;
          if (resolved !== folder && !(allowed[folder] ?? []).includes(resolved)) bad.push(target);
        } else if (folder === "engine" && forbiddenInEngine.includes(target)) bad.push(target);
      }
      expect(bad).toEqual([]);
    });
  }
});
