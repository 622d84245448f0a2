/**
 * Input unpacking, as Argo's executor does it: an archive is extracted to a scratch directory
 * beside the target; if it holds exactly one top-level entry, that entry becomes `destPath`,
 * otherwise the scratch directory does. A plain file (or a directory, e.g. a git checkout) is
 * moved to `destPath` unchanged.
 *
 * Extraction refuses, with an `Invalid` error, any entry that is absolute, has a `..` segment,
 * is a link resolving outside the target, or would be written through a symlink that does; in
 * that case nothing is left behind.
 */
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, readdir, rename, rm, symlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { extract as extractTar, type ReadEntry } from "tar";
import yauzl from "yauzl";
import { ArgosyError, invalid } from "../util/errors.js";
import { type SniffedFormat, sniffArchive } from "./archive.js";
import { replaceWith, stagingPath, statOrUndefined } from "./fs-util.js";
import { assertNoSymlinkEscape, checkRelativeName, isAbsoluteName, isWithin } from "./paths.js";
import type { ArchiveStrategy } from "./types.js";

/** Options of {@link unpack}. */
export interface UnpackOptions {
  /** The downloaded object (file or directory); it is consumed (moved or deleted). */
  file: string;
  destPath: string;
  /** The input artifact's `archive`: `none` never extracts, `tar`/`zip` force that format. */
  strategy?: ArchiveStrategy;
  /**
   * Which formats are recognised when `strategy` is absent. Argo recognises only tar+gzip
   * there ("don't autodetect zip files for backwards compatibility").
   * @default "tgz"
   */
  autodetect?: "tgz" | "all";
}

/** Puts the object at `destPath`, extracting it when it is an archive; returns the format seen. */
export async function unpack(opts: UnpackOptions): Promise<SniffedFormat> {
  const sniffed = await sniffArchive(opts.file);
  const format = chooseFormat(sniffed, opts);
  if (format === "plain" || format === "directory") {
    await moveInto(opts.file, opts.destPath);
    return format;
  }
  const scratch = await stagingPath(opts.destPath);
  await mkdir(scratch, { recursive: true });
  try {
    if (format === "zip") await extractZip(opts.file, scratch);
    else await extractTarball(opts.file, scratch);
    const top = await readdir(scratch);
    const only = top.length === 1 ? top[0] : undefined;
    if (only !== undefined) {
      await replaceWith(path.join(scratch, only), opts.destPath);
      await rm(scratch, { recursive: true, force: true });
    } else {
      await replaceWith(scratch, opts.destPath);
    }
    await rm(opts.file, { force: true });
    return format;
  } catch (e) {
    await rm(scratch, { recursive: true, force: true });
    throw e;
  }
}

function chooseFormat(sniffed: SniffedFormat, opts: UnpackOptions): SniffedFormat {
  const s = opts.strategy;
  if (sniffed === "directory") return "directory";
  if (s?.none) return "plain";
  if (s?.zip) {
    if (sniffed !== "zip") throw invalid(`${opts.file} is not a zip archive`);
    return "zip";
  }
  if (s?.tar) {
    if (sniffed !== "tgz" && sniffed !== "tar") throw invalid(`${opts.file} is not a tar archive`);
    return sniffed;
  }
  if (sniffed === "tgz" || opts.autodetect === "all") return sniffed;
  return "plain";
}

async function moveInto(src: string, dest: string): Promise<void> {
  const staged = await stagingPath(dest);
  try {
    await rename(src, staged);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    await copyFile(src, staged);
    await rm(src, { force: true });
  }
  await replaceWith(staged, dest);
}

/** Why `entry` may not be extracted below `root`, or undefined when it may. */
function tarViolation(root: string, entry: ReadEntry): string | undefined {
  const name = entry.path;
  try {
    checkRelativeName(name, "archive entry");
  } catch (e) {
    return (e as Error).message;
  }
  const link = entry.linkpath ?? "";
  if (entry.type === "SymbolicLink") {
    const target = path.resolve(root, path.dirname(name), link);
    if (isAbsoluteName(link) || !isWithin(root, target)) {
      return `archive entry ${JSON.stringify(name)} is a symlink to ${JSON.stringify(link)} outside the target`;
    }
  }
  if (entry.type === "Link") {
    try {
      checkRelativeName(link, "archive hard link");
    } catch {
      return `archive entry ${JSON.stringify(name)} is a hard link to ${JSON.stringify(link)} outside the target`;
    }
  }
  return undefined;
}

const EXTRACTED_TYPES = new Set(["File", "OldFile", "ContiguousFile", "Directory", "SymbolicLink", "Link"]);

async function extractTarball(file: string, root: string): Promise<void> {
  let violation: string | undefined;
  await extractTar({
    file,
    cwd: root,
    strict: true,
    // node-tar would silently strip `..` and leading `/`; we refuse the archive instead.
    filter: (_p, entry) => {
      if (violation !== undefined || !("type" in entry)) return false;
      violation = tarViolation(root, entry);
      return violation === undefined && EXTRACTED_TYPES.has(entry.type);
    },
  }).catch((e: unknown) => {
    if (violation === undefined)
      throw invalid(`cannot extract ${file}: ${(e as Error).message}`, { cause: e });
  });
  if (violation !== undefined) throw invalid(violation);
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => (err ? reject(err) : resolve(stream)));
  });
}

/** Unix mode bits of a zip entry made on Unix; 0 when the archive does not record them. */
function zipMode(entry: yauzl.Entry): number {
  return entry.versionMadeBy >> 8 === 3 ? (entry.externalFileAttributes >>> 16) & 0o170777 : 0;
}

async function extractZip(file: string, root: string): Promise<void> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (e) {
    throw invalid(`cannot open zip ${file}: ${(e as Error).message}`, { cause: e });
  }
  await new Promise<void>((resolve, reject) => {
    const fail = (e: unknown) => {
      zip.close();
      reject(
        e instanceof ArgosyError
          ? e
          : invalid(`cannot extract ${file}: ${(e as Error).message}`, { cause: e }),
      );
    };
    zip.on("error", fail);
    zip.on("end", () => resolve());
    zip.on("entry", (entry: yauzl.Entry) => {
      writeZipEntry(zip, entry, root).then(() => zip.readEntry(), fail);
    });
    zip.readEntry();
  });
}

async function writeZipEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, root: string): Promise<void> {
  const rel = checkRelativeName(entry.fileName, "archive entry");
  if (rel === "") return;
  const target = path.join(root, rel);
  await assertNoSymlinkEscape(root, target, "archive entry");
  const mode = zipMode(entry);
  if (entry.fileName.endsWith("/")) {
    await mkdir(target, { recursive: true, mode: mode & 0o7777 || 0o755 });
    return;
  }
  await mkdir(path.dirname(target), { recursive: true });
  const stream = await openEntry(zip, entry);
  if ((mode & 0o170000) === 0o120000) {
    const chunks: Buffer[] = [];
    for await (const c of stream) chunks.push(c as Buffer);
    const link = Buffer.concat(chunks).toString("utf8");
    if (isAbsoluteName(link) || !isWithin(root, path.resolve(path.dirname(target), link))) {
      throw invalid(
        `archive entry ${JSON.stringify(entry.fileName)} is a symlink to ${JSON.stringify(link)} outside the target`,
      );
    }
    await symlink(link, target);
    return;
  }
  if (await statOrUndefined(target)) await rm(target, { recursive: true, force: true });
  await pipeline(stream, createWriteStream(target, { mode: mode & 0o7777 || 0o644 }));
}
