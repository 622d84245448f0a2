import { appendFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type LogTail, startLogTail } from "./log-tail.js";
import { type PodPaths, podPaths } from "./pod-dir.js";

let home = "";
let paths: PodPaths;
const tails: LogTail[] = [];
beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "argosy-tail-"));
  paths = podPaths(home, "pod");
  await mkdir(paths.dir, { recursive: true });
  await writeFile(paths.stdout, "");
  await writeFile(paths.stderr, "");
});
afterEach(async () => {
  for (const tail of tails.splice(0)) tail.stop();
  await rm(home, { recursive: true, force: true });
});

// 2024-01-01T00:00:00Z, then one nanosecond more per batch of lines.
let tick = 1_704_067_200_000_000_000n;
const clock = () => {
  tick += 1n;
  return tick;
};

/** A tail polled only when the test says so. */
function tail(resume = false): LogTail {
  const t = startLogTail({ paths, resume, clock, intervalMs: 3_600_000 });
  tails.push(t);
  return t;
}

const lines = async (): Promise<string[]> => {
  const text = await readFile(paths.mainLog, "utf8");
  if (!text) return [];
  const all = text.slice(0, -1).split("\n");
  for (const line of all) expect(line).toMatch(/^2024-01-01T00:00:00\.\d{9}Z /);
  return all.map((line) => line.slice(31));
};

describe("durable pod log tail", () => {
  it("copies whole lines of both streams and keeps an unterminated one until it ends", async () => {
    const t = tail();
    await appendFile(paths.stdout, "one\ntw");
    await appendFile(paths.stderr, "err\n\n");
    t.poll();
    expect(await lines()).toEqual(["one", "err", ""]);
    await appendFile(paths.stdout, "o\nthree");
    t.poll();
    expect(await lines()).toEqual(["one", "err", "", "two"]);
    t.finish();
    expect(await lines()).toEqual(["one", "err", "", "two", "three"]);
  });

  it("resumes where the last tail stopped, without repeating a line", async () => {
    const first = tail();
    await appendFile(paths.stdout, "a\nb\n");
    first.poll();
    first.stop();
    await appendFile(paths.stdout, "c\n");
    await appendFile(paths.stderr, "d\n");
    tail(true).finish();
    expect((await lines()).sort()).toEqual(["a", "b", "c", "d"]);
  });

  it("drops log lines written after the offsets were last recorded, then copies them again", async () => {
    const first = tail();
    await appendFile(paths.stdout, "a\n");
    first.poll();
    first.stop();
    // What a crash between writing main.log and recording the offsets leaves behind.
    await appendFile(paths.mainLog, "2024-01-01T00:00:00.000000000Z b\n");
    await appendFile(paths.stdout, "b\n");
    tail(true).finish();
    expect(await lines()).toEqual(["a", "b"]);
  });

  it("copies everything again when no offsets were ever recorded", async () => {
    await writeFile(paths.mainLog, "2024-01-01T00:00:00.000000000Z half-copied\n");
    await appendFile(paths.stdout, "half-copied\nrest\n");
    tail(true).finish();
    expect(await lines()).toEqual(["half-copied", "rest"]);
  });

  it("creates no offsets file for a pod that prints nothing", async () => {
    tail().finish();
    expect(await lines()).toEqual([]);
    await expect(stat(paths.logOffsets)).rejects.toThrow(/ENOENT/);
  });

  it("starts a stream again from its beginning once it was truncated", async () => {
    const t = tail();
    await appendFile(paths.stderr, "first\n");
    t.poll();
    await writeFile(paths.stderr, "");
    t.poll();
    await appendFile(paths.stderr, "again\n");
    t.finish();
    expect(await lines()).toEqual(["first", "again"]);
  });

  it("cuts a line longer than its buffer into pieces", async () => {
    const long = "x".repeat(64 * 1024 + 10);
    await appendFile(paths.stdout, `${long}\n`);
    tail().poll();
    expect((await lines()).map((l) => l.length)).toEqual([64 * 1024, 10]);
  });
});
