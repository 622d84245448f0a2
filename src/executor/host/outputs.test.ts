import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  collectOutputParameters,
  MAX_RESULT_BYTES,
  readResult,
  resolveInRoot,
  resultFromTail,
} from "./outputs.js";

describe("outputs.result", () => {
  it("removes exactly one trailing newline", () => {
    expect(resultFromTail(Buffer.from("a\n\n"))).toBe("a\n");
    expect(resultFromTail(Buffer.from("a"))).toBe("a");
    expect(resultFromTail(Buffer.alloc(0))).toBe("");
  });

  it("keeps the last 256 KiB of a longer stdout, as Argo does", () => {
    const text = `${"x".repeat(10)}${"y".repeat(MAX_RESULT_BYTES)}\n`;
    expect(resultFromTail(Buffer.from(text))).toBe("y".repeat(MAX_RESULT_BYTES));
  });

  it("does not start with half a UTF-8 character after the cut", () => {
    const text = `é${"y".repeat(MAX_RESULT_BYTES - 1)}`;
    expect(resultFromTail(Buffer.from(text))).toBe("y".repeat(MAX_RESULT_BYTES - 1));
  });
});

describe("reading pod files", () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), "argosy-outputs-"));
    await mkdir(join(root, "tmp"));
    await mkdir(join(root, "data"));
    await writeFile(join(root, "data", "v.txt"), "v\n");
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it("reads a stdout file's result", async () => {
    await writeFile(join(root, "stdout"), "out\n");
    expect(await readResult(join(root, "stdout"))).toBe("out");
    expect(await readResult(join(root, "missing"))).toBe("");
  });

  it("resolves absolute symlinks against the pod root, never the host", async () => {
    await symlink("/data/v.txt", join(root, "tmp", "abs"));
    await symlink("../../../../../etc/passwd", join(root, "tmp", "climb"));
    expect(await resolveInRoot(root, "/tmp/abs")).toBe(join(root, "data", "v.txt"));
    expect(await resolveInRoot(root, "/tmp/climb")).toBe(join(root, "etc", "passwd"));
    expect(await resolveInRoot(root, "../../x", "/data")).toBe(join(root, "x"));
  });

  it("collects parameters through links and reports unreadable ones", async () => {
    await symlink("/data", join(root, "tmp", "dir-link"));
    const collected = await collectOutputParameters({
      params: [
        { name: "linked", path: "/tmp/dir-link/v.txt" },
        { name: "relative", path: "v.txt" },
        { name: "dir", path: "/data" },
        { name: "missing", path: "/nope/x" },
      ],
      root,
      cwd: "/data",
    });
    expect(collected.outputParameters).toEqual({ linked: "v", relative: "v" });
    expect(collected.outputErrors).toEqual({
      dir: "read /data: is a directory",
      missing: "open /nope/x: no such file or directory",
    });
  });
});

describe("outputs inside volume mounts", () => {
  it("reads a parameter and finds an artifact from the volume mounted over their path", async () => {
    const { mkdtemp, mkdir, writeFile } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const base = await mkdtemp(join(tmpdir(), "vol-out-"));
    const root = join(base, "root");
    const volume = join(base, "volume");
    await mkdir(root, { recursive: true });
    await mkdir(volume, { recursive: true });
    await writeFile(join(volume, "out"), "from-the-volume\n");
    const mounts = [{ source: volume, dest: "/workspace" }];
    const params = await collectOutputParameters({
      params: [{ name: "p", path: "/workspace/out" }],
      root,
      cwd: "/",
      mounts,
    });
    expect(params.outputParameters).toEqual({ p: "from-the-volume" });
    const { locateOutputArtifacts } = await import("./outputs.js");
    const arts = await locateOutputArtifacts({
      artifacts: [{ name: "a", path: "/workspace/out" }],
      root,
      cwd: "/",
      mounts,
    });
    expect(arts.outputArtifacts.a).toEqual({ hostPath: join(volume, "out"), isDirectory: false });
  });
});
