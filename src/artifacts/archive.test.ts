import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { create as createTar, list as listTar } from "tar";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZipFile } from "yazl";
import { pack, sniffArchive } from "./archive.js";
import { unpack } from "./unpack.js";

let work = "";
beforeEach(async () => {
  work = await mkdtemp(path.join(tmpdir(), "argosy-archive-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function put(rel: string, content: string, mode?: number): Promise<string> {
  const p = path.join(work, rel);
  await mkdir(path.dirname(p), { recursive: true });
  await writeFile(p, content);
  if (mode !== undefined) await chmod(p, mode);
  return p;
}

async function entries(file: string): Promise<string[]> {
  const names: string[] = [];
  await listTar({ file, onReadEntry: (e) => names.push(e.path) });
  return names.sort();
}

/** One raw tar header block plus content, for archives no well-behaved tool would write. */
function tarEntry(e: { name: string; type?: string; link?: string; content?: string }): Buffer {
  const h = Buffer.alloc(512);
  const body = Buffer.from(e.content ?? "");
  h.write(e.name, 0, 100, "utf8");
  h.write("0000644\0", 100);
  h.write("0000000\0", 108);
  h.write("0000000\0", 116);
  h.write(`${body.length.toString(8).padStart(11, "0")}\0`, 124);
  h.write("00000000000\0", 136);
  h.write(e.type ?? "0", 156);
  h.write(e.link ?? "", 157, 100, "utf8");
  h.write("ustar\0", 257);
  h.write("00", 263);
  h.fill(0x20, 148, 156);
  let sum = 0;
  for (const b of h) sum += b;
  h.write(`${sum.toString(8).padStart(6, "0")}\0 `, 148);
  const pad = Buffer.alloc((512 - (body.length % 512)) % 512);
  return Buffer.concat([h, body, pad]);
}

function tarball(...parts: Buffer[]): Buffer {
  return gzipSync(Buffer.concat([...parts, Buffer.alloc(1024)]));
}

async function zipOf(add: (z: ZipFile) => void): Promise<Buffer> {
  const z = new ZipFile();
  add(z);
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

describe("pack", () => {
  it("tars a directory under its base name, as Argo's executor does", async () => {
    await put("out/a.txt", "A");
    await put("out/sub/b.txt", "B");
    const r = await pack({ srcPath: path.join(work, "out"), destFile: path.join(work, "out.tgz") });
    expect(r).toEqual({ file: path.join(work, "out.tgz"), isDirectory: false });
    expect(await sniffArchive(r.file)).toBe("tgz");
    expect(await entries(r.file)).toEqual(["out/", "out/a.txt", "out/sub/", "out/sub/b.txt"]);
  });

  it("tars a single file under its base name", async () => {
    const src = await put("dir/hello.txt", "hi");
    await pack({ srcPath: src, destFile: path.join(work, "h.tgz") });
    expect(await entries(path.join(work, "h.tgz"))).toEqual(["hello.txt"]);
  });

  it("honours compressionLevel and rejects an impossible one", async () => {
    const src = await put("c.txt", "x".repeat(10_000));
    for (const level of [0, 1, 9]) {
      const dest = path.join(work, `c${level}.tgz`);
      await pack({ srcPath: src, strategy: { tar: { compressionLevel: level } }, destFile: dest });
      expect(await sniffArchive(dest)).toBe("tgz");
    }
    expect((await stat(path.join(work, "c0.tgz"))).size).toBeGreaterThan(
      (await stat(path.join(work, "c9.tgz"))).size,
    );
    await expect(
      pack({
        srcPath: src,
        strategy: { tar: { compressionLevel: 12 } },
        destFile: path.join(work, "bad.tgz"),
      }),
    ).rejects.toMatchObject({ code: "Invalid" });
  });

  it("leaves the source as-is with none, and says NotFound for a missing source", async () => {
    const src = await put("n.txt", "n");
    expect(await pack({ srcPath: src, strategy: { none: {} }, destFile: "unused" })).toEqual({
      file: src,
      isDirectory: false,
    });
    await expect(pack({ srcPath: path.join(work, "nope"), destFile: "x" })).rejects.toMatchObject({
      code: "NotFound",
    });
  });
});

describe("pack then unpack", () => {
  it.each([
    ["tgz", {}],
    ["zip", { zip: {} }],
  ] as const)("round-trips a directory as %s", async (kind, strategy) => {
    await put("src/d/a.txt", "A");
    await put("src/d/run.sh", "#!/bin/sh\n", 0o755);
    await put("src/d/sub/b.txt", "B");
    const packed = await pack({
      srcPath: path.join(work, "src/d"),
      strategy,
      destFile: path.join(work, "p"),
    });
    const dest = path.join(work, "in/d");
    expect(await unpack({ file: packed.file, destPath: dest, strategy })).toBe(kind);
    expect((await readdir(dest)).sort()).toEqual(["a.txt", "run.sh", "sub"]);
    expect(await readFile(path.join(dest, "sub/b.txt"), "utf8")).toBe("B");
    expect((await stat(path.join(dest, "run.sh"))).mode & 0o111).not.toBe(0);
  });

  it("unpacks a single-file archive to exactly the destination path", async () => {
    const src = await put("f/data.json", "{}");
    const packed = await pack({ srcPath: src, destFile: path.join(work, "data.tgz") });
    const dest = path.join(work, "in/renamed.json");
    await unpack({ file: packed.file, destPath: dest });
    expect(await readFile(dest, "utf8")).toBe("{}");
  });

  it("unpacks an uncompressed tar when the strategy says tar", async () => {
    await put("t/x.txt", "x");
    await createTar({ cwd: path.join(work, "t"), file: path.join(work, "plain.tar") }, ["x.txt"]);
    expect(await sniffArchive(path.join(work, "plain.tar"))).toBe("tar");
    await unpack({
      file: path.join(work, "plain.tar"),
      destPath: path.join(work, "x"),
      strategy: { tar: {} },
    });
    expect(await readFile(path.join(work, "x"), "utf8")).toBe("x");
  });

  it("makes a directory of a multi-entry archive", async () => {
    const file = path.join(work, "multi.tgz");
    await writeFile(
      file,
      tarball(tarEntry({ name: "a.txt", content: "a" }), tarEntry({ name: "b.txt", content: "b" })),
    );
    await unpack({ file, destPath: path.join(work, "m") });
    expect((await readdir(path.join(work, "m"))).sort()).toEqual(["a.txt", "b.txt"]);
  });

  it("copies plain files, non-tar gzip and (by default, like Argo) zips unchanged", async () => {
    const plain = await put("plain.txt", "just text");
    expect(await unpack({ file: plain, destPath: path.join(work, "o1") })).toBe("plain");
    expect(await readFile(path.join(work, "o1"), "utf8")).toBe("just text");
    const gz = path.join(work, "g.gz");
    await writeFile(gz, gzipSync("not a tar"));
    expect(await unpack({ file: gz, destPath: path.join(work, "o2") })).toBe("plain");
    const z = path.join(work, "z.zip");
    await writeFile(z, await zipOf((f) => f.addBuffer(Buffer.from("z"), "z.txt")));
    expect(await unpack({ file: z, destPath: path.join(work, "o3") })).toBe("plain");
    await writeFile(z, await zipOf((f) => f.addBuffer(Buffer.from("z"), "z.txt")));
    expect(await unpack({ file: z, destPath: path.join(work, "o4"), autodetect: "all" })).toBe("zip");
    expect(await readFile(path.join(work, "o4"), "utf8")).toBe("z");
  });

  it("keeps an archive as-is with archive none", async () => {
    const src = await put("keep/k.txt", "k");
    const packed = await pack({ srcPath: src, destFile: path.join(work, "k.tgz") });
    await unpack({ file: packed.file, destPath: path.join(work, "k-in.tgz"), strategy: { none: {} } });
    expect(await sniffArchive(path.join(work, "k-in.tgz"))).toBe("tgz");
  });
});

describe("extraction safety", () => {
  const cases: [string, Buffer[]][] = [
    ["a ../ entry", [tarEntry({ name: "../evil", content: "pwned" })]],
    ["a nested ../ entry", [tarEntry({ name: "ok/../../evil", content: "pwned" })]],
    ["an absolute entry", [tarEntry({ name: "/tmp/argosy-evil-abs", content: "pwned" })]],
    ["a symlink escaping", [tarEntry({ name: "link", type: "2", link: "../../outside" })]],
    ["an absolute symlink", [tarEntry({ name: "link", type: "2", link: "/etc" })]],
    [
      "a file written through an escaping symlink",
      [tarEntry({ name: "link", type: "2", link: ".." }), tarEntry({ name: "link/evil", content: "pwned" })],
    ],
    ["a hard link escaping", [tarEntry({ name: "hard", type: "1", link: "../outside.txt" })]],
  ];
  it.each(cases)("rejects a tarball with %s and writes nothing outside", async (_what, parts) => {
    const target = path.join(work, "jail/inputs/art");
    await mkdir(path.dirname(target), { recursive: true });
    const file = path.join(work, "evil.tgz");
    await writeFile(file, tarball(tarEntry({ name: "fine.txt", content: "ok" }), ...parts));
    await expect(unpack({ file, destPath: target })).rejects.toMatchObject({
      code: "Invalid",
      message: expect.stringMatching(/must not contain|must be relative|outside the target|escapes/),
    });
    expect(await readdir(path.join(work, "jail/inputs"))).toEqual([]);
    expect((await readdir(work)).sort()).toEqual(["evil.tgz", "jail"]);
  });

  it.each([
    ["a ../ entry", "aa/evil", "../evil"],
    ["an absolute entry", "aevil", "/evil"],
  ])("rejects a zip with %s", async (_what, safe, evil) => {
    const buf = await zipOf((z) => z.addBuffer(Buffer.from("pwned"), safe));
    const crafted = Buffer.from(buf.toString("latin1").split(safe).join(evil), "latin1");
    const file = path.join(work, "evil.zip");
    await writeFile(file, crafted);
    const target = path.join(work, "jail/art");
    await mkdir(path.dirname(target), { recursive: true });
    await expect(unpack({ file, destPath: target, strategy: { zip: {} } })).rejects.toMatchObject({
      code: "Invalid",
    });
    expect(await readdir(path.join(work, "jail"))).toEqual([]);
    expect((await readdir(work)).sort()).toEqual(["evil.zip", "jail"]);
  });

  it("rejects a zip whose symlink escapes", async () => {
    const buf = await zipOf((z) => {
      z.addBuffer(Buffer.from("ok"), "d/fine.txt");
      z.addBuffer(Buffer.from("../../../outside"), "d/link", { mode: 0o120777 });
    });
    const file = path.join(work, "link.zip");
    await writeFile(file, buf);
    const target = path.join(work, "jail/art");
    await mkdir(path.dirname(target), { recursive: true });
    await expect(unpack({ file, destPath: target, strategy: { zip: {} } })).rejects.toMatchObject({
      code: "Invalid",
    });
    expect(await readdir(path.join(work, "jail"))).toEqual([]);
  });
});
