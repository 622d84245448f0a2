/**
 * Output archives, laid out as Argo's executor writes them: the tarball or zip holds the
 * artifact under its own base name (`file.txt`, or `dir/` and `dir/…`), so unpacking a
 * single-entry archive yields exactly the file or directory that was saved.
 */
import { createWriteStream } from "node:fs";
import { open, readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, constants as zlib } from "node:zlib";
import { create as createTar } from "tar";
import { ZipFile } from "yazl";
import { invalid, notFound } from "../util/errors.js";
import type { ArchiveStrategy } from "./types.js";

/** The strategy names; `tar` means tar+gzip, Argo's default. */
export type ArchiveKind = "tar" | "none" | "zip";

/** The strategy an archive block selects (`undefined` → Argo's default, tar+gzip). */
export function archiveKind(strategy: ArchiveStrategy | undefined): ArchiveKind {
  if (strategy?.none) return "none";
  if (strategy?.zip) return "zip";
  return "tar";
}

/** Argo's file-name suffix of a packed artifact: `.tgz`, `.zip`, or none (the source base name). */
export function archiveExtension(kind: ArchiveKind): string {
  return kind === "tar" ? ".tgz" : kind === "zip" ? ".zip" : "";
}

/** What {@link pack} produced. */
export interface PackResult {
  /** The path to upload: `destFile`, or `srcPath` itself for `none`. */
  file: string;
  /** True when `file` is a directory (only with `none`). */
  isDirectory: boolean;
}

/**
 * Packs a file or directory for upload. `tar` writes a gzip-compressed tarball (level from
 * `tar.compressionLevel`, else zlib's default; 0 still writes a gzip container, as Argo does);
 * `zip` writes a zip; `none` packs nothing and returns `srcPath` (drivers store a directory as
 * one object per file). A missing source is `NotFound`.
 */
export async function pack(opts: {
  srcPath: string;
  strategy?: ArchiveStrategy;
  destFile: string;
}): Promise<PackResult> {
  const src = path.resolve(opts.srcPath);
  const st = await stat(src).catch((e: unknown) => {
    throw notFound(`${opts.srcPath} no such file or directory`, { cause: e });
  });
  if (!st.isFile() && !st.isDirectory()) throw invalid(`${opts.srcPath} is not a regular file or directory`);
  const kind = archiveKind(opts.strategy);
  if (kind === "none") return { file: src, isDirectory: st.isDirectory() };
  try {
    if (kind === "zip") await zipTo(src, st.isDirectory(), opts.destFile);
    else await tarGzTo(src, compressionLevel(opts.strategy), opts.destFile);
  } catch (e) {
    await rm(opts.destFile, { force: true });
    throw e;
  }
  return { file: opts.destFile, isDirectory: false };
}

function compressionLevel(strategy: ArchiveStrategy | undefined): number {
  const level = strategy?.tar?.compressionLevel;
  if (level === undefined) return zlib.Z_DEFAULT_COMPRESSION;
  if (!Number.isInteger(level) || level < -1 || level > 9) {
    throw invalid(`tar compressionLevel ${level} must be an integer from -1 to 9`);
  }
  return level;
}

async function tarGzTo(src: string, level: number, destFile: string): Promise<void> {
  // Entries are named relative to the parent directory, so the base name leads every entry.
  await createTar({ gzip: { level }, cwd: path.dirname(src), file: destFile, portable: true }, [
    path.basename(src),
  ]);
}

async function zipTo(src: string, isDirectory: boolean, destFile: string): Promise<void> {
  const zip = new ZipFile();
  const done = pipeline(zip.outputStream, createWriteStream(destFile));
  const base = path.basename(src);
  if (isDirectory) await addZipDir(zip, src, base);
  else zip.addFile(src, base, { mode: (await stat(src)).mode });
  zip.end();
  await done;
}

async function addZipDir(zip: ZipFile, dir: string, name: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (entries.length === 0) zip.addEmptyDirectory(name);
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) await addZipDir(zip, full, `${name}/${e.name}`);
    else if (e.isFile()) zip.addFile(full, `${name}/${e.name}`, { mode: (await stat(full)).mode });
  }
}

/** What a downloaded object is, judged by its first bytes. */
export type SniffedFormat = "tgz" | "tar" | "zip" | "plain" | "directory";

/**
 * Classifies `file` by magic bytes: gzip whose payload starts with a valid tar header is `tgz`
 * (a gzip of anything else is `plain`, as in Argo's `isTarball`), a raw tar header is `tar`,
 * `PK\x03\x04`/`PK\x05\x06` is `zip`. Reads at most one tar header's worth of data.
 */
export async function sniffArchive(file: string): Promise<SniffedFormat> {
  if ((await stat(file)).isDirectory()) return "directory";
  const head = await readHead(file, 512);
  if (head[0] === 0x1f && head[1] === 0x8b) return isTarHeader(await gunzipHead(file, 512)) ? "tgz" : "plain";
  if (isTarHeader(head)) return "tar";
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && head[3] === head[2] + 1) {
    return "zip";
  }
  return "plain";
}

async function readHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const { bytesRead } = await fh.read(buf, 0, n, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/** The first `n` decompressed bytes of a gzip file, stopping the stream early. */
async function gunzipHead(file: string, n: number): Promise<Buffer> {
  const fh = await open(file, "r");
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    const gunzip = fh.createReadStream({ autoClose: false }).pipe(createGunzip());
    try {
      for await (const chunk of gunzip) {
        chunks.push(chunk as Buffer);
        total += (chunk as Buffer).length;
        if (total >= n) break;
      }
    } catch {
      // A corrupt gzip stream is simply not a tarball.
    }
    gunzip.destroy();
  } finally {
    await fh.close();
  }
  return Buffer.concat(chunks).subarray(0, n);
}

/** Whether `h` is a tar header block with a valid checksum (ustar or old v7). */
export function isTarHeader(h: Buffer): boolean {
  if (h.length < 512 || h[0] === 0) return false;
  const field = h
    .subarray(148, 156)
    .toString("latin1")
    .replace(/[\0 ]+$/, "")
    .trim();
  if (!/^[0-7]+$/.test(field)) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (h[i] ?? 0);
  return sum === Number.parseInt(field, 8);
}
