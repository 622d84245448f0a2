/**
 * Stopping a pod's process tree by pid. Shared by processes this executor spawned (Node's child)
 * and durable ones it adopted after a restart (not its child: only their pid is known), so both
 * are stopped the same way: SIGTERM to the command's tree, SIGKILL to everything after the grace.
 */
import { readdir, readFile } from "node:fs/promises";

/** Sends `signal` to the process group led by `leader`; false when there is none. */
export function signalGroup(leader: number | undefined, signal: NodeJS.Signals): boolean {
  if (leader === undefined) return false;
  try {
    process.kill(-leader, signal);
    return true;
  } catch {
    return false; // the group is already gone
  }
}

/**
 * The group led by `leader`, or `leader` alone while it has none: a process forked by the launcher
 * is reported before it has exec'd `setsid`, and a stop may come in that moment.
 */
function signalGroupOrLeader(leader: number | undefined, signal: NodeJS.Signals): void {
  if (leader !== undefined && !signalGroup(leader, signal)) signalPid(leader, signal);
}

function signalPid(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Every process below `top` gets SIGTERM, as Argo's emissary signals the command's whole process
 * group: a shell that traps TERM and waits for a child then sees it end. In the sandbox `top` is
 * bwrap's pid 1, a reaper whose child is the command: signalling bwrap itself would kill
 * everything at once, with no grace period. Without `top`, the spawned process group is signalled.
 */
export async function terminateTree(
  leader: number | undefined,
  top: number | undefined,
  /** When `top` has no child yet: true (the default) kills it all at once, false signals nothing. */
  killEmpty = true,
): Promise<boolean> {
  if (top === undefined) {
    signalGroupOrLeader(leader, "SIGTERM");
    return true;
  }
  const pids = await descendants(top);
  if (pids.length === 0) {
    if (!killEmpty) return false;
    killTree(leader, top === leader ? undefined : top);
    return true;
  }
  for (const pid of pids) signalPid(pid, "SIGTERM");
  return true;
}

/** SIGKILL to the sandbox's pid 1 (which tears down its whole pid namespace) and the spawned group. */
export function killTree(leader: number | undefined, sandboxInit: number | undefined): void {
  if (sandboxInit !== undefined) signalPid(sandboxInit, "SIGKILL");
  signalGroupOrLeader(leader, "SIGKILL");
}

/** Every process below `pid`, parents first, read from `/proc/<pid>/task/<tid>/children`. */
async function descendants(pid: number): Promise<number[]> {
  const found: number[] = [];
  let level = [pid];
  while (level.length > 0 && found.length < 4096) {
    const next: number[] = [];
    for (const parent of level) {
      const tasks = await readdir(`/proc/${parent}/task`).catch(() => [] as string[]);
      for (const task of tasks) {
        const text = await readFile(`/proc/${parent}/task/${task}/children`, "utf8").catch(() => "");
        for (const word of text.split(/\s+/)) {
          const child = Number.parseInt(word, 10);
          if (Number.isFinite(child)) next.push(child);
        }
      }
    }
    found.push(...next);
    level = next;
  }
  return found;
}
