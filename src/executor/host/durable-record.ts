/**
 * The durable record of a pod's main process, and the checks that tell whether a recorded pid is
 * still that process. A durable pod outlives the executor that started it; the next executor reads
 * this record to adopt it (or to collect it, if it ended meanwhile), and must never mistake a later
 * process that got the same pid for it: the pid, its start time (field 22 of `/proc/<pid>/stat`,
 * in clock ticks since boot) and the boot id together name one process.
 *
 * Everything lives in one file, `status`, as JSON lines appended in order: our launch record
 * (before the spawn), bwrap's `child-pid` report (the same file is bwrap's `--json-status-fd`,
 * opened O_APPEND so our lines and bwrap's never overwrite each other), our spawned-pid line, and
 * bwrap's `exit-code` report when the command ends, written by bwrap even with no executor alive.
 * One file rather than two: on slow disks a pod's cost is mostly the files it creates.
 */
import { closeSync, constants, openSync, readFileSync, writeSync } from "node:fs";
import type { RecordedCgroup } from "./cgroup.js";
import type { PodPaths } from "./pod-dir.js";

/** Where main's outputs are read from once it has exited (a plan's `output*` fields). */
export interface OutputLocation {
  /** The container root, or undefined when output paths are host paths (no sandbox). */
  root?: string;
  cwd: string;
  mounts?: { source: string; dest: string }[];
}

/** What a durable pod's record says. Written before the spawn without `pid`; the pid follows. */
export interface ProcessRecord {
  /** The spawned process: bwrap, or the command itself without the sandbox. Absent until spawned. */
  pid?: number;
  /** Field 22 of `/proc/<pid>/stat`. */
  startTime?: string;
  bootId?: string;
  /** bwrap writes `status` (child pid, exit code); a plain process leaves no exit code behind. */
  sandboxed: boolean;
  /** The pod's `startedAt`: its result's, and where its `activeDeadlineSeconds` counts from. */
  podStartedAt: string;
  outputs: OutputLocation;
  /** The pod's warnings as they were at launch (its result carries them). */
  warnings: string[];
  /** The container's cgroup(s), to read OOM kills from and remove after it has exited. */
  cgroup?: RecordedCgroup;
}

/** A record whose process was spawned. */
export type SpawnedRecord = ProcessRecord & { pid: number; startTime: string };

let cachedBootId: string | undefined;

/** This boot's id; with the start time it tells a process from one of an earlier boot. */
export function bootId(): string {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
    } catch {
      cachedBootId = ""; // no boot id here: the start time alone has to do
    }
  }
  return cachedBootId;
}

interface ProcStat {
  /** The command name (`comm`). */
  name: string;
  state: string;
  parent: number;
  session: number;
  startTime: string;
}

/** Fields of `/proc/<pid>/stat`, or undefined when there is no such process. */
export function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: fields are counted after its ")".
  const close = text.lastIndexOf(")");
  const name = text.slice(text.indexOf("(") + 1, close);
  const fields = text.slice(close + 2).split(" ");
  const state = fields[0];
  const startTime = fields[19];
  const parent = Number(fields[1]);
  const session = Number(fields[3]);
  return state && startTime ? { name, state, parent, session, startTime } : undefined;
}

const isRunning = (stat: ProcStat): boolean => stat.state !== "Z" && stat.state !== "X";

/** True while the recorded process runs: same pid, start time and boot, and not a zombie. */
export function isSameProcess(record: SpawnedRecord): boolean {
  if (record.bootId !== bootId()) return false;
  const stat = readProcStat(record.pid);
  return stat !== undefined && stat.startTime === record.startTime && isRunning(stat);
}

/**
 * The bwrap whose sandbox's pid 1 is `childPid`, while both run: how a pod is found whose pid line
 * a crash kept from being written (bwrap had already reported its `child-pid`).
 */
export function bwrapOf(childPid: number): { pid: number; startTime: string } | undefined {
  const init = readProcStat(childPid);
  if (!init || !isRunning(init) || init.name !== "bwrap" || init.session !== childPid) return undefined;
  const parent = readProcStat(init.parent);
  if (!parent || !isRunning(parent) || parent.name !== "bwrap") return undefined;
  return { pid: init.parent, startTime: parent.startTime };
}

/** How close (in clock ticks, 1/100 s on Linux) the sandbox's pid 1 starts after its bwrap. */
const SANDBOX_START_TICKS = 200;

/**
 * Kills the sandbox's pid 1 (bwrap's `child-pid`) when it still runs although its bwrap is gone.
 * Without `--die-with-parent` nothing ties it to bwrap: a bwrap killed from outside leaves the
 * sandbox running, which must not outlive the pod's end. Only a process that looks like it is
 * taken: a bwrap leading its own session, no longer the child of the recorded pid, started with
 * the recorded bwrap.
 */
export function stopOrphanedSandbox(paths: PodPaths, record: ProcessRecord): void {
  const pid = readDurableStatus(paths).childPid;
  if (pid === undefined || record.pid === undefined || record.startTime === undefined) return;
  const stat = readProcStat(pid);
  if (!stat || !isRunning(stat) || stat.name !== "bwrap" || stat.session !== pid) return;
  if (stat.parent === record.pid) return; // its bwrap still runs
  const after = Number(stat.startTime) - Number(record.startTime);
  if (!(after >= 0 && after <= SANDBOX_START_TICKS)) return;
  try {
    // Killing pid 1 of a pid namespace takes every process in it along.
    process.kill(pid, "SIGKILL");
  } catch {
    // gone meanwhile
  }
}

/** A pod's `status` file, read whole. */
export interface DurableStatus {
  /** Our record, with the pid once it was spawned. */
  record?: ProcessRecord;
  /** bwrap's: the host pid of the sandbox's pid 1. */
  childPid?: number;
  /** bwrap's: the command's exit status (128 + signal for a signal). */
  exitCode?: number;
}

const LAUNCH = "argosy-launch";
const SPAWNED = "argosy-spawned";

/** The `status` file as it is being written by the executor that spawns the pod. */
export interface RecordWriter {
  /** The file, to hand to bwrap as its `--json-status-fd`. */
  readonly fd: number;
  /**
   * Appends the spawned pid (and its start time, returned, unless `startTime` is false: a pod that
   * dies with its executor is never adopted, and reading /proc costs); closes the file.
   */
  spawned(pid: number, startTime?: boolean): string;
  /** Closes the file without a pid (the spawn failed). */
  close(): void;
}

/** Creates `status` with the launch record, before the spawn: a later executor knows the process may exist. */
export function writeLaunchRecord(paths: PodPaths, record: ProcessRecord): RecordWriter {
  // Truncated: a line a crash cut short must not swallow ours. Appending: bwrap shares the file.
  const fd = openSync(
    paths.status,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND,
  );
  let open = true;
  const append = (doc: Record<string, unknown>) => {
    writeSync(fd, `${JSON.stringify(doc)}\n`);
  };
  const close = () => {
    if (open) closeSync(fd);
    open = false;
  };
  try {
    append({ [LAUNCH]: record });
  } catch (err) {
    close();
    throw err;
  }
  return {
    fd,
    spawned(pid, withStartTime = true) {
      try {
        // A child of Node cannot have been reaped yet (Node reaps only from its event loop); one
        // the launcher forked can, if it is already over: then it needs no adopting.
        const startTime = withStartTime ? (readProcStat(pid)?.startTime ?? "") : "";
        append({ [SPAWNED]: { pid, startTime, bootId: bootId() } });
        return startTime;
      } finally {
        close();
      }
    },
    close,
  };
}

/** Reads `status` (a few lines, synchronously); an empty object when there is none. */
export function readDurableStatus(paths: PodPaths): DurableStatus {
  let text: string;
  try {
    text = readFileSync(paths.status, "utf8");
  } catch {
    return {};
  }
  const status: DurableStatus = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) continue;
    let doc: Record<string, unknown>;
    try {
      doc = JSON.parse(line) as Record<string, unknown>;
    } catch {
      continue; // a line cut short by a crash says nothing
    }
    if (typeof doc["child-pid"] === "number") status.childPid = doc["child-pid"];
    if (typeof doc["exit-code"] === "number") status.exitCode = doc["exit-code"];
    const launch = doc[LAUNCH] as ProcessRecord | undefined;
    if (launch && typeof launch.podStartedAt === "string" && launch.outputs) status.record = launch;
    const spawned = doc[SPAWNED] as Pick<SpawnedRecord, "pid" | "startTime" | "bootId"> | undefined;
    if (spawned && status.record) status.record = { ...status.record, ...spawned };
  }
  return status;
}

/** True when the record says which process it is. */
export function isSpawned(record: ProcessRecord): record is SpawnedRecord {
  return typeof record.pid === "number" && typeof record.startTime === "string" && record.startTime !== "";
}
