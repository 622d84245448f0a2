/** Small filesystem helpers shared by drivers and archives. */
import { randomBytes } from "node:crypto";
import { copyFile, lstat, mkdir, readdir, rename, rm } from "node:fs/promises";
import path from "node:path";

/** `lstat` that answers undefined for a missing path. */
export async function statOrUndefined(p: string) {
  try {
    return await lstat(p);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw e;
  }
}

/**
 * A sibling path for staging a write that is later renamed into place (same directory, so the
 * rename never crosses filesystems). Creates the parent directory.
 */
export async function stagingPath(target: string): Promise<string> {
  await mkdir(path.dirname(target), { recursive: true });
  return `${target}.argosy-${randomBytes(4).toString("hex")}.tmp`;
}

/**
 * Replaces `target` with `staged` (a file or directory). The rename makes readers see either the
 * old object or the new one, never a half-written file.
 */
export async function replaceWith(staged: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  const existing = await statOrUndefined(target);
  if (existing?.isDirectory()) await rm(target, { recursive: true, force: true });
  await rename(staged, target);
}

/**
 * Copies a regular file or a directory tree. `copyFile` lets the kernel move the bytes, so
 * nothing is buffered here; symlinks are not followed out of the source tree (they are skipped).
 */
export async function copyTree(src: string, dest: string): Promise<void> {
  const st = await lstat(src);
  if (st.isDirectory()) {
    await mkdir(dest, { recursive: true, mode: st.mode & 0o7777 });
    for (const entry of await readdir(src)) await copyTree(path.join(src, entry), path.join(dest, entry));
    return;
  }
  if (st.isFile()) {
    await mkdir(path.dirname(dest), { recursive: true });
    await copyFile(src, dest);
  }
}

/** Every regular file below `dir`, as `/`-separated paths relative to `dir`, sorted. */
export async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const rel = prefix === "" ? e.name : `${prefix}/${e.name}`;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}
