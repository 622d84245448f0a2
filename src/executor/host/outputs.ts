/**
 * Collecting a finished pod's outputs from its directory: `outputs.result` from the raw stdout
 * file and output parameters from files the container wrote.
 */
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { lstat, open, readlink, stat } from "node:fs/promises";
import { join, posix } from "node:path";
import { ignoreCode } from "./pod-dir.js";

/** Argo keeps at most this much of stdout as `outputs.result` (the last bytes, not the first). */
export const MAX_RESULT_BYTES = 256 * 1024;

/** Output parameter files larger than this are reported as errors rather than read. */
export const MAX_PARAMETER_BYTES = 1024 * 1024;

/** Main's stdout as Argo's `outputs.result`: one trailing newline removed, only the last 256 KiB. */
export async function readResult(stdoutPath: string): Promise<string> {
  // Synchronous: once per pod, mostly a stat of an empty file (see pod-dir.ts on small file calls).
  const size = statSync(stdoutPath, { throwIfNoEntry: false })?.size;
  if (!size) return "";
  const length = Math.min(size, MAX_RESULT_BYTES + 1);
  const fd = openSync(stdoutPath, "r");
  try {
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, size - length);
    return resultFromTail(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
}

/**
 * `outputs.result` from the last bytes of stdout (at least {@link MAX_RESULT_BYTES} + 1 of them
 * when stdout is longer than that).
 */
export function resultFromTail(tail: Buffer): string {
  let bytes = tail;
  if (bytes[bytes.length - 1] === 0x0a) bytes = bytes.subarray(0, bytes.length - 1);
  if (bytes.length > MAX_RESULT_BYTES) bytes = bytes.subarray(bytes.length - MAX_RESULT_BYTES);
  // The cut may land inside a UTF-8 sequence: drop its orphaned continuation bytes.
  let start = 0;
  while (start < bytes.length && start < 3 && ((bytes[start] ?? 0) & 0xc0) === 0x80) start++;
  return bytes.subarray(start).toString("utf8");
}

async function readRange(path: string, position: number, length: number): Promise<Buffer> {
  const file = await open(path, "r");
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
}

/**
 * Maps a path as the container sees it to the host file under `root`, following symlinks the way
 * the kernel would inside the sandbox: an absolute link target starts again at `root`, and `..`
 * never climbs above it. A link can therefore not make the executor read a host file.
 */
export async function resolveInRoot(root: string, path: string, cwd = "/"): Promise<string> {
  let pending = posix.resolve(cwd, path).split("/").filter(Boolean);
  let resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const [part, ...rest] = pending as [string, ...string[]];
    pending = rest;
    if (part === ".") continue;
    if (part === "..") {
      resolved.pop();
      continue;
    }
    const host = join(root, ...resolved, part);
    const info = await lstat(host).catch(ignoreCode("ENOENT"));
    if (!info?.isSymbolicLink()) {
      resolved.push(part);
      continue;
    }
    if (++hops > 40) throw new Error(`open ${path}: too many levels of symbolic links`);
    const target = await readlink(host);
    if (target.startsWith("/")) resolved = [];
    pending = [...target.split("/").filter(Boolean), ...pending];
  }
  return join(root, ...resolved);
}

/** What {@link collectOutputParameters} found. */
export interface CollectedParameters {
  outputParameters: Record<string, string>;
  outputErrors: Record<string, string>;
}

/**
 * Reads each output parameter's file. In the sandbox, paths are resolved inside the pod root;
 * without it (`root` undefined) they are host paths, relative ones taken from `cwd`.
 */
export async function collectOutputParameters(opts: {
  params: readonly { name: string; path: string }[];
  root: string | undefined;
  cwd: string;
  mounts?: readonly { source: string; dest: string }[];
}): Promise<CollectedParameters> {
  const collected: CollectedParameters = { outputParameters: {}, outputErrors: {} };
  for (const param of opts.params) {
    try {
      const host = await hostPathOf({ ...opts, path: param.path });
      const value = await readParameterFile(host, param.path);
      collected.outputParameters[param.name] = value.endsWith("\n") ? value.slice(0, -1) : value;
    } catch (err) {
      collected.outputErrors[param.name] = err instanceof Error ? err.message : String(err);
    }
  }
  return collected;
}

async function readParameterFile(host: string, shownPath: string): Promise<string> {
  const info = await stat(host).catch((err: unknown) => {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      throw new Error(`open ${shownPath}: no such file or directory`);
    }
    throw new Error(`open ${shownPath}: ${(err as Error).message}`);
  });
  if (info.isDirectory()) throw new Error(`read ${shownPath}: is a directory`);
  if (!info.isFile()) throw new Error(`read ${shownPath}: not a regular file`);
  if (info.size > MAX_PARAMETER_BYTES) {
    throw new Error(`read ${shownPath}: file is larger than ${MAX_PARAMETER_BYTES} bytes`);
  }
  return (await readRange(host, 0, info.size)).toString("utf8");
}

/**
 * Where a container path lies on the host: inside the deepest volume mounted over it, else in the
 * pod root (sandboxed), else the host path itself.
 */
async function hostPathOf(opts: {
  path: string;
  root: string | undefined;
  cwd: string;
  mounts?: readonly { source: string; dest: string }[];
}): Promise<string> {
  if (!opts.root) return posix.resolve(opts.cwd, opts.path);
  const absolute = posix.resolve(opts.cwd, opts.path);
  const mount = [...(opts.mounts ?? [])]
    .filter((m) => absolute === m.dest || absolute.startsWith(`${m.dest.replace(/\/$/, "")}/`))
    .sort((a, b) => b.dest.length - a.dest.length)[0];
  if (mount) return resolveInRoot(mount.source, posix.relative(mount.dest, absolute) || ".", "/");
  return resolveInRoot(opts.root, opts.path, opts.cwd);
}

/** Finds each output artifact's file or directory on the host (in the pod root when sandboxed). */
export async function locateOutputArtifacts(opts: {
  artifacts: readonly { name: string; path: string }[];
  root: string | undefined;
  cwd: string;
  mounts?: readonly { source: string; dest: string }[];
}): Promise<{
  outputArtifacts: Record<string, { hostPath: string; isDirectory: boolean }>;
  artifactErrors: Record<string, string>;
}> {
  const found: Record<string, { hostPath: string; isDirectory: boolean }> = {};
  const errors: Record<string, string> = {};
  for (const a of opts.artifacts) {
    const host = await hostPathOf({ ...opts, path: a.path });
    const info = await stat(host).catch(() => undefined);
    if (!info) errors[a.name] = `${a.path}: no such file or directory`;
    else found[a.name] = { hostPath: host, isDirectory: info.isDirectory() };
  }
  return { outputArtifacts: found, artifactErrors: errors };
}
