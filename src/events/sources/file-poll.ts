/**
 * `polling: true`: the directory is listed every 100 ms and compared with the previous listing, as
 * the polling watcher Argo uses (radovskyb/watcher) does. The listing holds the directory itself
 * and its direct children (links not followed). Per round: a changed modification time is WRITE, a
 * changed mode is CHMOD; a name that vanished while its inode appeared under a new name is RENAME
 * (reported under the old name); other new names are CREATE and vanished ones REMOVE. That
 * watcher names events by base name only, so `data.name` is `x.txt`, not `/dir/x.txt`. Unlike it,
 * a listing torn by a concurrent rename is taken again rather than reported as a removal.
 */
import { lstat, readdir, stat } from "node:fs/promises";
import { basename } from "node:path";
import type { FileOp } from "./file-match.js";

/** radovskyb/watcher's interval as Argo starts it. */
export const defaultPollMs = 100;

interface Info {
  name: string;
  dev: bigint;
  ino: bigint;
  mode: bigint;
  mtimeNs: bigint;
}

export interface PollOptions {
  dir: string;
  intervalMs: number;
  onEvent(name: string, op: FileOp): void;
  onError(e: unknown): void;
}

/**
 * One listing. A child that vanishes between `readdir` and `lstat` means the directory changed
 * under the listing; it is taken again (a few times), so a rename is not mistaken for a removal.
 */
async function list(dir: string): Promise<Map<string, Info>> {
  for (let attempt = 1; ; attempt++) {
    const out = new Map<string, Info>();
    const self = await stat(dir, { bigint: true });
    const info = (name: string, s: typeof self): Info => ({
      name,
      dev: s.dev,
      ino: s.ino,
      mode: s.mode,
      mtimeNs: s.mtimeNs,
    });
    out.set(dir, info(basename(dir) || "/", self));
    let torn = false;
    for (const name of await readdir(dir)) {
      const path = `${dir === "/" ? "" : dir}/${name}`;
      const s = await lstat(path, { bigint: true }).catch(() => undefined);
      if (s) out.set(path, info(name, s));
      else torn = true;
    }
    if (!torn || attempt >= 3) return out;
  }
}

function compare(before: Map<string, Info>, after: Map<string, Info>, onEvent: PollOptions["onEvent"]): void {
  const creates = new Map<string, Info>();
  const removes = new Map<string, Info>();
  for (const [path, now] of [...after].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const old = before.get(path);
    if (!old) {
      creates.set(path, now);
      continue;
    }
    if (old.mtimeNs !== now.mtimeNs) onEvent(now.name, "WRITE");
    if (old.mode !== now.mode) onEvent(now.name, "CHMOD");
  }
  for (const [path, old] of [...before].sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!after.has(path)) removes.set(path, old);
  }
  for (const [from, old] of removes) {
    for (const [to, now] of creates) {
      if (old.dev === now.dev && old.ino === now.ino) {
        onEvent(old.name, "RENAME");
        removes.delete(from);
        creates.delete(to);
        break;
      }
    }
  }
  for (const now of creates.values()) onEvent(now.name, "CREATE");
  for (const old of removes.values()) onEvent(old.name, "REMOVE");
}

/** Starts polling; the first listing is taken before this resolves (and fails as `stat` does). */
export async function pollDirectory(options: PollOptions): Promise<{ close(): Promise<void> }> {
  const { dir, intervalMs, onEvent, onError } = options;
  let files = await list(dir);
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let round: Promise<void> = Promise.resolve();
  const tick = (): void => {
    round = list(dir)
      .then((next) => {
        if (stopped) return;
        compare(files, next, onEvent);
        files = next;
      }, onError)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, intervalMs);
  return {
    async close() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
