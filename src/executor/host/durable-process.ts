/**
 * Main's process of a pod that is main alone, with stdout, stderr and bwrap's status fd going to
 * files in the pod directory (no pipe ties it to Node), and its pid and start time recorded in
 * `status` (see `durable-record.ts`). It is forked by the executor's launcher shell (launcher.ts),
 * or from Node when there is none. While this executor lives it is supervised as any child (exit,
 * kill, deadline), its output tailed into `main.log`.
 *
 * A durable pod's main is spawned without `--die-with-parent` and outlives the executor: a later
 * executor adopts it by pid (not its child: its end is found by polling `status` and `/proc`).
 * Any other such main dies with the executor, as piped containers do.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import { constants as osConstants } from "node:os";
import {
  isSameProcess,
  type ProcessRecord,
  type RecordWriter,
  readDurableStatus,
  type SpawnedRecord,
  stopOrphanedSandbox,
  writeLaunchRecord,
} from "./durable-record.js";
import { LaunchError, type Launched, type Launcher } from "./launcher.js";
import { type LogTail, startLogTail } from "./log-tail.js";
import { fileOps, type PodPaths } from "./pod-dir.js";
import {
  type PodProcess,
  type ProcessExit,
  plainExit,
  STDERR_TAIL,
  sandboxExit,
  startError,
} from "./pod-process.js";
import { never } from "./pod-run.js";
import { killTree, signalGroup, terminateTree } from "./signals.js";

/** The error of a pod whose process ended while no executor watched it, with no exit code left. */
export const INTERRUPTED = "pod was interrupted: its executor stopped before it finished";

/** The error of a plain (unsandboxed) adopted pod: nothing records its exit status. */
export const UNKNOWN_EXIT =
  "pod ended while adopted after an executor restart: without the sandbox its exit code is not recorded";

export interface DurableProcessSpec {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd: string;
  /** True when `file` is bwrap (or execs it): fd 3 goes to the pod's `status` file. */
  sandboxed: boolean;
  graceMs: number;
  paths: PodPaths;
  /** The launch record; the pid is added once spawned. */
  record: ProcessRecord;
  /** Forks through this shell rather than from Node, when it is usable. */
  launcher?: Launcher;
  /**
   * Record how far the log tail got (`log-offsets`), for an executor that adopts the pod later.
   * Not needed by a pod that dies with its executor. @default true
   */
  resumable?: boolean;
}

const OUTPUT_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND;

/** Spawns main durably; resolves once it runs (or failed to start). */
export async function startDurableProcess(spec: DurableProcessSpec): Promise<PodProcess> {
  const { paths, sandboxed } = spec;
  let tail: LogTail | undefined;
  let writer: RecordWriter | undefined;
  let spawned: Spawned;
  // On a disk a file takes long to create: the pod's files are made through the thread pool first,
  // so that the synchronous opens below only open them.
  if (!paths.inMemory) await fileOps(paths).create([paths.stdout, paths.stderr, paths.status, paths.mainLog]);
  try {
    // Appending: a command that opens /dev/stderr anew (`echo x > /dev/stderr`) truncates the
    // file, and the writes through its fd 2 must then go on at the new end, not leave a hole.
    const out = openSync(paths.stdout, OUTPUT_FLAGS);
    const err = openSync(paths.stderr, OUTPUT_FLAGS);
    try {
      tail = startLogTail({ paths, resume: false, recordOffsets: spec.resumable !== false });
      // Last before the spawn: from here to the pid line is the window in which a crash leaves a
      // pod whose fate a later executor must guess (see recovery.ts).
      writer = writeLaunchRecord(paths, spec.record);
      const launched = spec.launcher?.usable === true ? await launchThrough(spec.launcher, spec) : undefined;
      spawned = launched ?? spawnFromNode(spec, { out, err, status: writer.fd });
    } finally {
      // The child holds its own copies now (uv_spawn returns after the exec); the launcher's
      // shell opens the files by name.
      closeSync(out);
      closeSync(err);
    }
  } catch (e) {
    tail?.stop();
    writer?.close();
    throw e;
  }
  const { pid } = spawned;
  let startTime: string | undefined;
  try {
    startTime = pid !== undefined ? writer.spawned(pid, spec.resumable !== false) : undefined;
  } catch {
    // Not recorded (disk full?): supervised as usual, but a later executor reports it interrupted.
  } finally {
    writer.close();
  }
  const stopper = createStopper({ ...spec, pid, alive: spawned.alive });
  const logs = tail as LogTail;
  let abandoned = false;
  let settled = false;
  const exited = spawned.ended.then((end) => {
    if (settled || abandoned) return never<ProcessExit>();
    settled = true;
    stopper.cancel();
    // Whatever the command left behind in its group dies with it, as in a container.
    signalGroup(pid, "SIGKILL");
    logs.finish();
    if ("error" in end) return { exitCode: -1, error: startError(spec.file, end.error) };
    if (!sandboxed) return plainExit(end.code, end.signal);
    const status = readDurableStatus(paths);
    if (status.exitCode !== undefined) return { exitCode: status.exitCode };
    if (pid !== undefined && startTime !== undefined)
      stopOrphanedSandbox(paths, { ...spec.record, pid, startTime });
    return sandboxExit({ code: end.code, signal: end.signal, status, stderrTail: readStderrTail(paths) });
  });
  return {
    exited,
    terminate: () => {
      if (!abandoned) stopper.terminate();
    },
    abandon() {
      if (abandoned || settled) return;
      abandoned = true;
      stopper.cancel();
      logs.stop();
      spawned.letGo();
    },
  };
}

/** How a spawned main ends: its exit, or why it never ran. */
type Ending = { code: number | null; signal: NodeJS.Signals | null } | { error: string };

/** A main process however it was started: by the launcher, or forked from Node. */
interface Spawned {
  pid: number | undefined;
  ended: Promise<Ending>;
  alive(): boolean;
  /** Stops watching it (the executor closes and lets the pod run on). */
  letGo(): void;
}

/**
 * Forks `spec` through the executor's launcher shell (see launcher.ts); undefined when the
 * launcher cannot (no `setsid`, its shell gone), so that Node spawns it instead.
 */
async function launchThrough(launcher: Launcher, spec: DurableProcessSpec): Promise<Spawned | undefined> {
  let launched: Launched;
  try {
    launched = await launcher.launch({
      file: spec.file,
      args: spec.args,
      env: spec.env,
      cwd: spec.cwd,
      stdout: spec.paths.stdout,
      stderr: spec.paths.stderr,
      ...(spec.sandboxed ? { statusFd: spec.paths.status } : {}),
      // bwrap needs no session of its own (its sandbox gets one); a plain command does, so that
      // its whole group can be signalled.
      newSession: !spec.sandboxed,
    });
  } catch (err) {
    if (!(err instanceof LaunchError)) return undefined;
    return { pid: undefined, ended: Promise.resolve({ error: err.message }), alive: () => false, letGo() {} };
  }
  let running = true;
  const ended = launched.exited.then((status): Ending => {
    running = false;
    // The launcher went away without telling: nothing records how a plain process ended.
    if (status === undefined) return { code: null, signal: null };
    // The shell reports a death by signal n as 128 + n. Read as the signal: a plain process gets
    // the same exit code either way, and `sandboxExit` tells a killed bwrap from a failed one.
    const signal = status > 128 ? signalNames.get(status - 128) : undefined;
    return signal ? { code: null, signal } : { code: status, signal: null };
  });
  return { pid: launched.pid, ended, alive: () => running, letGo: () => launched.forget() };
}

const signalNames = new Map(
  Object.entries(osConstants.signals).map(([name, n]) => [n, name as NodeJS.Signals] as const),
);

/** Forks `spec` from Node, its output and status fds on the given files. */
function spawnFromNode(spec: DurableProcessSpec, fds: { out: number; err: number; status: number }): Spawned {
  const child: ChildProcess = spawn(spec.file, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    // bwrap appends its reports to the record's file; a plain command gets no fd 3.
    stdio: ["ignore", fds.out, fds.err, spec.sandboxed ? fds.status : "ignore"],
    // Its own session and process group: signalled as a whole, untouched by our terminal.
    detached: true,
  });
  const ended = new Promise<Ending>((resolve) => {
    child.once("error", (err) => resolve({ error: err.message }));
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const started = new Promise<void>((resolve) => {
    child.once("spawn", resolve);
    child.once("error", () => resolve());
  });
  return {
    pid: child.pid,
    ended: started.then(() => ended),
    alive: () => child.exitCode === null && child.signalCode === null,
    letGo: () => child.unref(),
  };
}

/**
 * Takes over a process an earlier executor spawned and recorded. Its end is polled for: bwrap's
 * status file gets `exit-code`, or the recorded process is gone.
 */
export function adoptProcess(opts: {
  record: SpawnedRecord;
  paths: PodPaths;
  graceMs: number;
  /** @default 150 */
  pollMs?: number;
}): PodProcess {
  const { record, paths } = opts;
  const sandboxed = record.sandboxed;
  const tail = startLogTail({ paths, resume: true });
  const stopper = createStopper({
    pid: record.pid,
    sandboxed,
    paths,
    graceMs: opts.graceMs,
    alive: () => isSameProcess(record),
  });
  let abandon = () => {};
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (exit: ProcessExit) => {
      clearInterval(timer);
      stopper.cancel();
      tail.finish();
      resolve(exit);
    };
    const check = () => {
      const code = sandboxed ? readDurableStatus(paths).exitCode : undefined;
      if (code !== undefined) finish({ exitCode: code });
      else if (!isSameProcess(record)) {
        if (sandboxed) stopOrphanedSandbox(paths, record);
        finish(goneExit(sandboxed, stopper));
      }
    };
    const timer = setInterval(check, opts.pollMs ?? 150);
    abandon = () => {
      clearInterval(timer);
      stopper.cancel();
      tail.stop();
    };
    check();
  });
  let abandoned = false;
  return {
    exited,
    terminate: () => {
      if (!abandoned) stopper.terminate();
    },
    abandon() {
      abandoned = true;
      abandon();
    },
  };
}

/** How an adopted process that left no exit code ended, as far as can be told. */
function goneExit(sandboxed: boolean, stopper: Stopper): ProcessExit {
  if (stopper.hardKilled) return { exitCode: 137 };
  // A plain process we sent SIGTERM to, and that is gone: by all odds, that is what ended it.
  if (stopper.requested && !sandboxed) return { exitCode: 143 };
  return { exitCode: -1, error: sandboxed ? INTERRUPTED : UNKNOWN_EXIT };
}

interface Stopper {
  readonly requested: boolean;
  readonly hardKilled: boolean;
  /** SIGTERM to the command's tree, SIGKILL to everything after the grace period. */
  terminate(): void;
  /** Drops a pending SIGKILL (the process has ended, or is let go of). */
  cancel(): void;
}

function createStopper(opts: {
  pid: number | undefined;
  sandboxed: boolean;
  paths: PodPaths;
  graceMs: number;
  /** Checked before every signal: never signal a pid that is no longer this process. */
  alive: () => boolean;
}): Stopper {
  let graceTimer: NodeJS.Timeout | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let requested = false;
  let hardKilled = false;
  const sandboxInit = () => (opts.sandboxed ? readDurableStatus(opts.paths).childPid : undefined);
  return {
    get requested() {
      return requested;
    },
    get hardKilled() {
      return hardKilled;
    },
    terminate() {
      const pid = opts.pid;
      if (requested || pid === undefined || !opts.alive()) return;
      requested = true;
      const until = Date.now() + opts.graceMs;
      const term = () => {
        if (!opts.alive()) return;
        const init = sandboxInit();
        // Just spawned, bwrap has not said which process its sandbox is yet. A signal to bwrap
        // itself would orphan the sandbox (nothing ties it to bwrap here): wait for the report.
        if (opts.sandboxed && init === undefined && Date.now() < until) {
          retryTimer = setTimeout(term, 10);
          return;
        }
        // Its pid 1 has not forked the command yet: the command gets the SIGTERM once it exists
        // (until the grace period is over, when everything is killed anyway).
        void terminateTree(pid, init, Date.now() >= until).then((signalled) => {
          if (!signalled && Date.now() < until) retryTimer = setTimeout(term, 10);
        });
      };
      term();
      graceTimer = setTimeout(() => {
        if (!opts.alive()) return;
        hardKilled = true;
        killTree(pid, sandboxInit());
      }, opts.graceMs);
    },
    cancel() {
      clearTimeout(graceTimer);
      clearTimeout(retryTimer);
    },
  };
}

/** The last bytes of stderr: where bwrap says why it could not start the command. */
function readStderrTail(paths: PodPaths): string {
  let fd: number | undefined;
  try {
    fd = openSync(paths.stderr, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(size, STDERR_TAIL);
    const bytes = Buffer.alloc(length);
    const n = readSync(fd, bytes, 0, length, size - length);
    return bytes.subarray(0, n).toString("utf8");
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
