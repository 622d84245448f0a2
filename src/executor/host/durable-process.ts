/**
 * Main's process in a durable pod: one that outlives the executor. It is spawned without
 * `--die-with-parent`, with stdout, stderr and bwrap's status fd going to files in the pod
 * directory (opened here and handed over as fds: no pipe ties it to Node), and its pid and start
 * time recorded in `status` (see `durable-record.ts`). While this executor lives it is supervised
 * as any child (exit event, kill, deadline), its output tailed into `main.log`. A later executor
 * adopts it by pid: not that executor's child, its end is found by polling `status` and `/proc`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, constants, fstatSync, openSync, readSync } from "node:fs";
import {
  isSameProcess,
  type ProcessRecord,
  type RecordWriter,
  readDurableStatus,
  type SpawnedRecord,
  stopOrphanedSandbox,
  writeLaunchRecord,
} from "./durable-record.js";
import { type LogTail, startLogTail } from "./log-tail.js";
import type { PodPaths } from "./pod-dir.js";
import {
  type PodProcess,
  type ProcessExit,
  plainExit,
  STDERR_TAIL,
  sandboxExit,
  startError,
} from "./pod-process.js";
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
}

const OUTPUT_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_APPEND;

/** Spawns main durably; resolves once it runs (or failed to start). */
export async function startDurableProcess(spec: DurableProcessSpec): Promise<PodProcess> {
  const { paths, sandboxed } = spec;
  const fds: number[] = [];
  let tail: LogTail | undefined;
  let writer: RecordWriter | undefined;
  let child: ChildProcess;
  try {
    // Appending: a command that opens /dev/stderr anew (`echo x > /dev/stderr`) truncates the
    // file, and the writes through its fd 2 must then go on at the new end, not leave a hole.
    const out = openSync(paths.stdout, OUTPUT_FLAGS);
    fds.push(out);
    const err = openSync(paths.stderr, OUTPUT_FLAGS);
    fds.push(err);
    tail = startLogTail({ paths, resume: false });
    // Last before the spawn: from here to the pid line is the window in which a crash leaves a
    // pod whose fate a later executor must guess (see recovery.ts).
    writer = writeLaunchRecord(paths, spec.record);
    child = spawn(spec.file, spec.args, {
      cwd: spec.cwd,
      env: spec.env,
      // bwrap appends its reports to the record's file; a plain command gets no fd 3.
      stdio: ["ignore", out, err, sandboxed ? writer.fd : "ignore"],
      // Its own session and process group: signalled as a whole, untouched by our terminal.
      detached: true,
    });
  } catch (e) {
    tail?.stop();
    writer?.close();
    throw e;
  } finally {
    // The child holds its own copies now (uv_spawn returns after the exec).
    for (const fd of fds) closeSync(fd);
  }
  const pid = child.pid;
  let startTime: string | undefined;
  try {
    startTime = pid !== undefined ? writer.spawned(pid) : undefined;
  } catch {
    // Not recorded (disk full?): supervised as usual, but a later executor reports it interrupted.
  } finally {
    writer.close();
  }
  const stopper = createStopper({
    ...spec,
    pid,
    alive: () => child.exitCode === null && child.signalCode === null,
  });
  const logs = tail as LogTail;
  let abandoned = false;
  let settled = false;
  const exited = new Promise<ProcessExit>((resolve) => {
    const end = (exit: () => ProcessExit) => {
      if (settled || abandoned) return;
      settled = true;
      stopper.cancel();
      // Whatever the command left behind in its group dies with it, as in a container.
      signalGroup(pid, "SIGKILL");
      logs.finish();
      resolve(exit());
    };
    child.once("error", (err) => end(() => ({ exitCode: -1, error: startError(spec.file, err.message) })));
    child.once("exit", (code, signal) =>
      end(() => {
        if (!sandboxed) return plainExit(code, signal);
        const status = readDurableStatus(paths);
        if (status.exitCode !== undefined) return { exitCode: status.exitCode };
        if (pid !== undefined && startTime !== undefined)
          stopOrphanedSandbox(paths, { ...spec.record, pid, startTime });
        return sandboxExit({ code, signal, status, stderrTail: readStderrTail(paths) });
      }),
    );
  });
  const proc: PodProcess = {
    exited,
    terminate: () => {
      if (!abandoned) stopper.terminate();
    },
    abandon() {
      if (abandoned || settled) return;
      abandoned = true;
      stopper.cancel();
      logs.stop();
      child.unref();
    },
  };
  return new Promise((resolve) => {
    child.once("spawn", () => resolve(proc));
    child.once("error", () => resolve(proc));
  });
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
        void terminateTree(pid, init);
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
