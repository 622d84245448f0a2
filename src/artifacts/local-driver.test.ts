import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runDriverSuite } from "./driver-suite.js";
import { LocalDriver } from "./local-driver.js";

runDriverSuite("local", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "argosy-local-"));
  return {
    driver: new LocalDriver(path.join(root, "repo")),
    at: (key) => ({ local: { key } }),
    teardown: () => rm(root, { recursive: true, force: true }),
  };
});

describe("LocalDriver", () => {
  it("refuses to write through a symlink that leaves the root", async () => {
    const base = await mkdtemp(path.join(tmpdir(), "argosy-local-"));
    const root = path.join(base, "repo");
    const outside = path.join(base, "outside");
    await mkdir(root, { recursive: true });
    await mkdir(outside, { recursive: true });
    await symlink(outside, path.join(root, "link"));
    const src = path.join(base, "f.txt");
    await writeFile(src, "x");
    await expect(new LocalDriver(root).save(src, { local: { key: "link/f.txt" } })).rejects.toMatchObject({
      code: "Invalid",
    });
    expect(await readdir(outside)).toEqual([]);
    await rm(base, { recursive: true, force: true });
  });
});
