/**
 * Turns `fs.watch` notifications for one directory into fsnotify's operations. On Linux both sit on
 * inotify with the same mask, but Node folds each notification into `rename` (create, delete, move)
 * or `change` (write, attributes). The operation is recovered from a snapshot of what the
 * directory held (name → inode, mode, times) and a fresh `lstat`:
 * - `rename` of a name not in the snapshot → CREATE (even if it is already gone again);
 * - `rename` of a known name that is gone, or that has another `rename` waiting behind it → a
 *   removal: RENAME when its inode turned up under a name with a waiting notification (a move
 *   inside the directory: the kernel queues both halves together), else REMOVE;
 * - `rename` of a known name that still exists → CREATE (something was moved over it);
 * - `change` → CHMOD when mode, owner or link count changed, or only the change time moved;
 *   otherwise WRITE.
 * Known differences from fsnotify: a file moved out of the directory is REMOVE (fsnotify: RENAME);
 * `touch` is WRITE (fsnotify: CHMOD); events on the watched directory itself are not reported.
 */
import { type FSWatcher, lstatSync, readdirSync, type Stats, watch } from "node:fs";
import { lstat } from "node:fs/promises";
import { basename } from "node:path";
import type { FileOp } from "./file-match.js";

interface Known {
  ino: number | undefined;
  mode?: number;
  uid?: number;
  gid?: number;
  nlink?: number;
  mtimeMs?: number;
  ctimeMs?: number;
}

const describe = (s: Stats): Known => ({
  ino: s.ino,
  mode: s.mode,
  uid: s.uid,
  gid: s.gid,
  nlink: s.nlink,
  mtimeMs: s.mtimeMs,
  ctimeMs: s.ctimeMs,
});

export interface DirectoryWatch {
  close(): Promise<void>;
}

export interface WatchOptions {
  /** The watched directory, cleaned as fsnotify keeps it. */
  dir: string;
  /** Called in notification order with the child's name and fsnotify's operation. */
  onEvent(name: string, op: FileOp): void;
  onError(e: unknown): void;
}

function changeOp(before: Known | undefined, now: Stats | undefined): FileOp {
  if (!before || !now || before.ino !== now.ino) return "WRITE";
  const attrs =
    before.mode !== now.mode ||
    before.uid !== now.uid ||
    before.gid !== now.gid ||
    before.nlink !== now.nlink;
  if (attrs) return "CHMOD";
  if (before.mtimeMs !== now.mtimeMs) return "WRITE";
  return before.ctimeMs !== now.ctimeMs ? "CHMOD" : "WRITE";
}

/** Starts watching `dir` (throws as `fs.watch` does when it cannot). */
export function watchDirectory(options: WatchOptions): DirectoryWatch {
  const { dir, onEvent, onError } = options;
  const path = (name: string): string => (dir === "/" ? `/${name}` : `${dir}/${name}`);
  const known = new Map<string, Known>();
  const queue: { type: string; name: string }[] = [];
  let working: Promise<void> | undefined;
  let closed = false;

  const watcher: FSWatcher = watch(dir, { persistent: false }, (type, name) => {
    if (closed || !name) return;
    queue.push({ type, name: name.toString() });
    working ??= drain().finally(() => {
      working = undefined;
    });
  });
  watcher.on("error", onError);
  // The snapshot starts after the watch, so nothing created in between goes unseen.
  for (const name of readdirSync(dir)) {
    try {
      known.set(name, describe(lstatSync(path(name))));
    } catch {
      // Gone already: its removal notification (if any) finds no snapshot entry and is a CREATE.
    }
  }

  const stat = (name: string): Promise<Stats | undefined> => lstat(path(name)).catch(() => undefined);

  /** Whether inode `ino` now sits under a name whose notification is still waiting (a move). */
  async function movedWithin(ino: number | undefined): Promise<boolean> {
    if (ino === undefined) return false;
    for (const pending of queue) {
      if (pending.type !== "rename") continue;
      const s = await stat(pending.name);
      if (s && s.ino === ino) return true;
    }
    return false;
  }

  async function handle(type: string, name: string): Promise<void> {
    const now = await stat(name);
    const before = known.get(name);
    if (type === "change") {
      onEvent(name, changeOp(before, now));
      if (now) known.set(name, describe(now));
      return;
    }
    if (now === undefined && name === basename(dir) && !(await lstat(dir).catch(() => undefined))) {
      return; // the watched directory itself went away
    }
    const waiting = queue.some((q) => q.type === "rename" && q.name === name);
    if (!before) {
      onEvent(name, "CREATE");
      known.set(name, now ? describe(now) : { ino: undefined });
    } else if (now === undefined || waiting) {
      onEvent(name, (await movedWithin(before.ino)) ? "RENAME" : "REMOVE");
      known.delete(name);
    } else {
      onEvent(name, "CREATE");
      known.set(name, describe(now));
    }
  }

  async function drain(): Promise<void> {
    for (let next = queue.shift(); next && !closed; next = queue.shift()) {
      try {
        await handle(next.type, next.name);
      } catch (e) {
        onError(e);
      }
    }
  }

  return {
    async close() {
      closed = true;
      watcher.close();
      await working;
    },
  };
}
