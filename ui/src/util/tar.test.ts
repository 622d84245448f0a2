import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { create } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asText, readTar } from "./tar.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ui-tar-"));
  await writeFile(join(dir, "a.txt"), "hello\n");
  await writeFile(join(dir, "b.bin"), Buffer.from([0, 1, 2, 3]));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readTar", () => {
  it("reads the files of a .tgz, text and binary", async () => {
    const chunks: Buffer[] = [];
    for await (const c of create({ gzip: true, cwd: dir }, ["a.txt", "b.bin"])) chunks.push(c as Buffer);
    const files = await readTar(new Uint8Array(Buffer.concat(chunks)));
    expect(files?.map((f) => f.name)).toEqual(["a.txt", "b.bin"]);
    expect(asText(files?.[0]?.data ?? new Uint8Array())).toBe("hello\n");
    expect(asText(files?.[1]?.data ?? new Uint8Array())).toBeUndefined();
  });

  it("says undefined for bytes that are not an archive", async () => {
    expect(await readTar(new TextEncoder().encode("just text"))).toBeUndefined();
  });
});
