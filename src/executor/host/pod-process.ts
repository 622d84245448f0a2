/**
 * One pod's process, spawned directly (bwrap, or the command itself without a sandbox) in its own
 * process group, with its output fed to the log sink, and stopped on request with SIGTERM then
 * SIGKILL. No wrapper process: Node's child-process handling is the supervisor.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import type { Readable } from "node:stream";
import type { LogSink } from "./logs.js";
import { killTree, signalGroup, terminateTree } from "./signals.js";

/** How a pod's process ended. */
export interface ProcessExit {
  /** The exit code; 128 + signal number when killed by a signal; -1 when it never ran. */
  exitCode: number;
  /** Set when the command could not be started (not found, sandbox set-up failed). */
  error?: string;
}

export interface ProcessSpec {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  cwd: string;
  /** True when `file` is bwrap (or runs it): fd 3 then carries bwrap's JSON status reports. */
  sandboxed: boolean;
  /** True when `file` is `script(1)` giving the command a tty: it does not pass SIGTERM on. */
  tty?: boolean;
  sink: LogSink;
  /** Milliseconds between SIGTERM and SIGKILL. */
  graceMs: number;
}

/** bwrap's status documents on `--json-status-fd`. */
interface BwrapStatus {
  childPid?: number;
  exitCode?: number;
}

/** How much of stderr is kept to explain a sandbox that failed before the command ran. */
export const STDERR_TAIL = 4096;

/** A running pod process; see {@link startPodProcess}. */
export interface PodProcess {
  /** Resolves once the process has exited and its output streams are drained. */
  readonly exited: Promise<ProcessExit>;
  /** SIGTERM to the command's process group, SIGKILL to everything after the grace period. */
  terminate(): void;
  /**
   * Lets go of a durable process without stopping it (the executor is closing; a later one
   * adopts it): no more log tailing or timers, and `exited` never settles.
   */
  abandon?(): void;
}

/** Spawns the process; resolves when it is running (or has failed to start). */
export function startPodProcess(spec: ProcessSpec): Promise<PodProcess> {
  const child = spawn(spec.file, spec.args, {
    cwd: spec.cwd,
    env: spec.env,
    stdio: ["ignore", "pipe", "pipe", spec.sandboxed ? "pipe" : "ignore"],
    // Its own process group, so the whole tree can be signalled at once.
    detached: true,
  });
  const status: BwrapStatus = {};
  let stderrTail = "";
  child.stdout?.on("data", (chunk: Buffer) => spec.sink.stdout(chunk));
  child.stderr?.on("data", (chunk: Buffer) => {
    spec.sink.stderr(chunk);
    if (spec.sandboxed) stderrTail = (stderrTail + chunk.toString("utf8")).slice(-STDERR_TAIL);
  });
  if (spec.sandboxed) readStatus(child.stdio[3] as Readable | null, status);
  let graceTimer: NodeJS.Timeout | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once("error", (err) => resolve({ exitCode: -1, error: startError(spec.file, err.message) }));
    // Whatever the command left behind in its group dies with it, as in a container.
    child.once("exit", () => signalGroup(child.pid, "SIGKILL"));
    child.once("close", (code, signal) => {
      if (graceTimer) clearTimeout(graceTimer);
      resolve(spec.sandboxed ? sandboxExit({ code, signal, status, stderrTail }) : plainExit(code, signal));
    });
  });
  let terminating = false;
  const proc: PodProcess = {
    exited,
    terminate() {
      if (terminating || child.exitCode !== null || child.signalCode !== null) return;
      terminating = true;
      // Without the sandbox, a tty's command runs below `script`, in a session of its own.
      const below = spec.sandboxed ? status.childPid : spec.tty ? child.pid : undefined;
      void terminateTree(child.pid, below);
      graceTimer = setTimeout(() => killTree(child.pid, status.childPid), spec.graceMs);
    },
  };
  return new Promise((resolve) => {
    child.once("spawn", () => resolve(proc));
    child.once("error", () => resolve(proc));
  });
}

function readStatus(stream: Readable | null, status: BwrapStatus): void {
  if (!stream) return;
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (text: string) => {
    buffered += text;
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) parseStatusLine(line, status);
  });
  stream.on("end", () => parseStatusLine(buffered, status));
}

function parseStatusLine(line: string, status: BwrapStatus): void {
  if (!line.trim()) return;
  try {
    const doc = JSON.parse(line) as Record<string, unknown>;
    if (typeof doc["child-pid"] === "number") status.childPid = doc["child-pid"];
    if (typeof doc["exit-code"] === "number") status.exitCode = doc["exit-code"];
  } catch {
    // Not a status document: bwrap only ever writes JSON here, so ignore noise.
  }
}

const signalNumber = (signal: NodeJS.Signals): number => constants.signals[signal] ?? 0;

export function plainExit(code: number | null, signal: NodeJS.Signals | null): ProcessExit {
  if (code !== null) return { exitCode: code };
  return { exitCode: signal ? 128 + signalNumber(signal) : -1 };
}

/**
 * bwrap reports the command's exit status on the status fd (already 128 + signal for a signal).
 * No report means the command never ran: set-up or exec failed, and bwrap said why on stderr.
 */
export function sandboxExit(opts: {
  code: number | null;
  signal: NodeJS.Signals | null;
  status: { exitCode?: number };
  stderrTail: string;
}): ProcessExit {
  const { code, signal, status, stderrTail } = opts;
  if (status.exitCode !== undefined) return { exitCode: status.exitCode };
  if (signal) return { exitCode: 128 + signalNumber(signal) };
  const lines = stderrTail.split("\n").filter((l) => l.startsWith("bwrap: "));
  const last = lines[lines.length - 1];
  const notFound = last?.match(/^bwrap: execvp (.*): No such file or directory$/);
  if (notFound) return { exitCode: -1, error: startError(notFound[1] ?? "", "ENOENT") };
  return { exitCode: -1, error: last ?? `bwrap exited with code ${code} before starting the command` };
}

export function startError(file: string, message: string): string {
  if (message.includes("ENOENT")) return `exec: "${file}": executable file not found in $PATH`;
  return `failed to start "${file}": ${message}`;
}
