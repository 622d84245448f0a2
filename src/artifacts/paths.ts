/**
 * Path-traversal checks shared by the local driver and archive extraction. Every key or archive
 * entry name goes through here before it touches the filesystem.
 */
import { realpath } from "node:fs/promises";
import path from "node:path";
import { invalid } from "../util/errors.js";

/** Whether `name` is absolute in POSIX or Windows spelling (`/x`, `\x`, `C:\x`, `C:/x`). */
export function isAbsoluteName(name: string): boolean {
  return name.startsWith("/") || name.startsWith("\\") || /^[A-Za-z]:[\\/]/.test(name);
}

/** Whether any `/`- or `\`-separated segment of `name` is `..`. */
export function hasParentSegment(name: string): boolean {
  return name.split(/[\\/]/).includes("..");
}

/**
 * Checks an artifact key (or archive entry name) and returns it normalised to `/`-separated
 * segments without `.` or empty parts. `what` names the thing in the error ("key", "entry").
 */
export function checkRelativeName(name: string, what: string): string {
  if (name.includes("\0")) throw invalid(`${what} ${JSON.stringify(name)} contains a NUL byte`);
  if (isAbsoluteName(name)) throw invalid(`${what} ${JSON.stringify(name)} must be relative`);
  if (hasParentSegment(name)) throw invalid(`${what} ${JSON.stringify(name)} must not contain '..'`);
  return name
    .split(/[\\/]/)
    .filter((s) => s !== "" && s !== ".")
    .join("/");
}

/** Whether `child` is `parent` itself or lies below it (both absolute, resolved). */
export function isWithin(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/**
 * Resolves `name` below `root`, rejecting names that are absolute, contain `..`, or resolve to
 * `root` itself or outside it. Returns the absolute path.
 */
export function resolveBelow(root: string, name: string, what: string): string {
  const clean = checkRelativeName(name, what);
  const base = path.resolve(root);
  const target = path.resolve(base, clean);
  if (clean === "" || target === base || !isWithin(base, target)) {
    throw invalid(`${what} ${JSON.stringify(name)} resolves outside ${base}`);
  }
  return target;
}

/**
 * Rejects `target` when its deepest existing ancestor, after following symlinks, is outside
 * `root`: a symlink planted inside the root must not redirect writes elsewhere.
 */
export async function assertNoSymlinkEscape(root: string, target: string, what: string): Promise<void> {
  const realRoot = await realpath(root);
  let probe = path.dirname(target);
  for (;;) {
    try {
      const real = await realpath(probe);
      if (!isWithin(realRoot, real)) throw invalid(`${what} ${JSON.stringify(target)} escapes ${root}`);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
      const up = path.dirname(probe);
      if (up === probe) return;
      probe = up;
    }
  }
}
