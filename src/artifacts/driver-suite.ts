/**
 * The conformance suite every storage driver (local directory, S3) must pass. Each test file
 * calls {@link runDriverSuite} with a setup that returns a fresh fixture.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isArgosyError } from "../util/errors.js";
import { pack } from "./archive.js";
import type { ArtifactDriver, ArtifactLocation } from "./types.js";
import { unpack } from "./unpack.js";

/** A driver under test and how to address a key in its store. */
export interface DriverFixture {
  driver: ArtifactDriver;
  at(key: string): ArtifactLocation;
  teardown?(): Promise<void>;
}

async function expectCode(p: Promise<unknown>, code: string, text?: string): Promise<void> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(isArgosyError(e), `expected ArgosyError(${code}), got ${String(e)}`).toBe(true);
  if (isArgosyError(e)) {
    expect(e.code).toBe(code);
    if (text) expect(e.message).toContain(text);
  }
}

/** Registers the shared driver tests under `describe(name)`. */
export function runDriverSuite(name: string, setup: () => Promise<DriverFixture>): void {
  describe(`artifact driver: ${name}`, () => {
    let fx: DriverFixture;
    let work: string;
    beforeAll(async () => {
      fx = await setup();
      work = await mkdtemp(path.join(tmpdir(), "argosy-suite-"));
    });
    afterAll(async () => {
      await fx?.teardown?.();
      if (work) await rm(work, { recursive: true, force: true });
    });
    const file = async (rel: string, content: string) => {
      const p = path.join(work, rel);
      await mkdir(path.dirname(p), { recursive: true });
      await writeFile(p, content);
      return p;
    };

    it("round-trips a file", async () => {
      const src = await file("in/hello.txt", "hello world\n");
      await fx.driver.save(src, fx.at("wf/pod/hello.txt"));
      const dest = path.join(work, "out/hello.txt");
      await fx.driver.load(fx.at("wf/pod/hello.txt"), dest);
      expect(await readFile(dest, "utf8")).toBe("hello world\n");
    });

    it("round-trips a tgz archive of a directory", async () => {
      await file("tree/d/a.txt", "A");
      await file("tree/d/sub/b.txt", "B");
      const packed = await pack({ srcPath: path.join(work, "tree/d"), destFile: path.join(work, "d.tgz") });
      await fx.driver.save(packed.file, fx.at("wf/pod/d.tgz"));
      const downloaded = path.join(work, "dl/d.tgz");
      await fx.driver.load(fx.at("wf/pod/d.tgz"), downloaded);
      const dest = path.join(work, "inputs/d");
      expect(await unpack({ file: downloaded, destPath: dest })).toBe("tgz");
      expect(await readFile(path.join(dest, "a.txt"), "utf8")).toBe("A");
      expect(await readFile(path.join(dest, "sub/b.txt"), "utf8")).toBe("B");
    });

    it("overwrites an existing object", async () => {
      await fx.driver.save(await file("v1.txt", "one"), fx.at("over/x.txt"));
      await fx.driver.save(await file("v2.txt", "two"), fx.at("over/x.txt"));
      const dest = path.join(work, "over.txt");
      await fx.driver.load(fx.at("over/x.txt"), dest);
      expect(await readFile(dest, "utf8")).toBe("two");
    });

    it("deletes an object, and deleting a missing one is not an error", async () => {
      await fx.driver.save(await file("del.txt", "bye"), fx.at("del/x.txt"));
      expect(await fx.driver.exists?.(fx.at("del/x.txt"))).toBe(true);
      await fx.driver.delete(fx.at("del/x.txt"));
      expect(await fx.driver.exists?.(fx.at("del/x.txt"))).toBe(false);
      await expectCode(fx.driver.load(fx.at("del/x.txt"), path.join(work, "del-out")), "NotFound");
      await fx.driver.delete(fx.at("del/x.txt"));
    });

    it("lists the keys under a prefix", async () => {
      await fx.driver.save(await file("l1", "1"), fx.at("list/p/one.txt"));
      await fx.driver.save(await file("l2", "2"), fx.at("list/p/deep/two.txt"));
      await fx.driver.save(await file("l3", "3"), fx.at("list/other.txt"));
      expect((await fx.driver.list?.(fx.at("list/p")))?.sort()).toEqual([
        "list/p/deep/two.txt",
        "list/p/one.txt",
      ]);
      await expectCode(fx.driver.list?.(fx.at("list/nothing")) ?? Promise.resolve(), "NotFound");
    });

    it("stores a directory as objects under its key and loads it back", async () => {
      await file("dir/x/a.txt", "a");
      await file("dir/x/b/c.txt", "c");
      await fx.driver.save(path.join(work, "dir/x"), fx.at("dirs/x"));
      const dest = path.join(work, "dir-out");
      await fx.driver.load(fx.at("dirs/x"), dest);
      expect(await readFile(path.join(dest, "b/c.txt"), "utf8")).toBe("c");
      await fx.driver.delete(fx.at("dirs/x/"));
      expect(await fx.driver.exists?.(fx.at("dirs/x"))).toBe(false);
    });

    it("fails clearly when the object is missing", async () => {
      await expectCode(
        fx.driver.load(fx.at("no/such/key"), path.join(work, "missing")),
        "NotFound",
        "no/such/key",
      );
    });

    it("rejects keys that climb out with ..", async () => {
      const src = await file("evil.txt", "x");
      await expectCode(fx.driver.save(src, fx.at("../evil.txt")), "Invalid", "../evil.txt");
      await expectCode(fx.driver.save(src, fx.at("a/../../evil.txt")), "Invalid");
      await expectCode(fx.driver.load(fx.at("../evil.txt"), path.join(work, "e")), "Invalid");
      await expectCode(fx.driver.save(src, fx.at("/abs/evil.txt")), "Invalid");
    });
  });
}
