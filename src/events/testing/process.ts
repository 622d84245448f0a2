/**
 * Running a throw-away server process for tests: a free port, a fresh temp dir, the process in its
 * own process group (so a wrapper script and the VM it starts die together), a readiness probe that
 * speaks the server's protocol, and cleanup on `stop()` and on exit of the test process. The broker
 * modules in `services.ts` are thin recipes over this.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";

/** A server a test started; `stop()` kills it and removes its temp dir (idempotent). */
export interface RunningService {
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** Debian puts servers in sbin, which a non-root PATH often lacks. */
const extraDirs = ["/usr/sbin", "/sbin", "/usr/local/sbin", "/usr/lib/rabbitmq/bin"];

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The absolute path of an executable named `name`, or undefined. */
export function findBinary(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? "").split(delimiter), ...extraDirs].filter(Boolean);
  for (const dir of dirs) {
    const candidate = join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** True when `name` is installed; for `it.skipIf(!hasBinary("redis-server"))`. */
export function hasBinary(name: string): boolean {
  return findBinary(name) !== undefined;
}

/** A port nothing listens on right now (the OS's pick for port 0). */
export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `argosy-${prefix}-`));
}

// Every live process group, killed when the test process exits however it exits.
const liveGroups = new Set<number>();
let exitHooked = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  const killAll = () => {
    for (const pid of liveGroups) killGroup(pid, "SIGKILL");
    liveGroups.clear();
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    // `once`, then re-raise: the default action (exit) still happens after the cleanup.
    process.once(signal, () => {
      killAll();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Sends `request` to 127.0.0.1:port and resolves true once `accept` likes the reply; without a
 * request, `accept` is asked on connect (with an empty reply) — `() => true` means "accepts TCP".
 */
export async function probeTcp(
  port: number,
  request: Buffer | string | undefined,
  accept: (reply: Buffer) => boolean,
  timeoutMs = 1000,
): Promise<boolean> {
  return await new Promise((resolve) => {
    const socket = createConnection({ host: "127.0.0.1", port });
    let reply = Buffer.alloc(0);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once("connect", () => {
      if (request !== undefined) socket.write(request);
      else if (accept(reply)) done(true);
    });
    socket.on("data", (chunk: Buffer) => {
      reply = Buffer.concat([reply, chunk]);
      if (accept(reply)) done(true);
    });
    socket.once("error", () => done(false));
    socket.once("close", () => done(false));
  });
}

export interface LaunchOptions {
  /** For messages: `redis-server`, … */
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Resolves true when the server answers; polled until it does. */
  ready: () => Promise<boolean>;
  /** @default 60000 */
  timeoutMs?: number;
  /** Signal for `stop()`; SIGKILL when a graceful shutdown is slow and the data is thrown away. @default "SIGTERM" */
  stopSignal?: NodeJS.Signals;
}

export interface Launched {
  child: ChildProcess;
  /** The last lines the process wrote (stdout and stderr), for error messages. */
  output(): string;
  stop(): Promise<void>;
}

/** Starts a server process and resolves once `ready()` says it answers; rejects if it exits first. */
export async function launch(options: LaunchOptions): Promise<Launched> {
  hookExit();
  const child = spawn(options.command, options.args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-8000);
  };
  child.stdout?.on("data", collect);
  child.stderr?.on("data", collect);
  const pid = child.pid;
  if (pid !== undefined) liveGroups.add(pid);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once("exit", () => resolve());
  });
  child.once("error", collect.bind(null, Buffer.from("spawn failed\n")));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      if (pid === undefined) return;
      killGroup(pid, options.stopSignal ?? "SIGTERM");
      const grace = setTimeout(() => killGroup(pid, "SIGKILL"), 3000);
      await exited;
      clearTimeout(grace);
      // A wrapper script may exit before the VM it started: sweep the whole group.
      killGroup(pid, "SIGKILL");
      liveGroups.delete(pid);
    })();
    return stopping;
  };

  const started = Date.now();
  const deadline = started + (options.timeoutMs ?? 60_000);
  let gone = false;
  void exited.then(() => {
    gone = true;
  });
  for (;;) {
    if (gone) {
      await stop();
      throw new Error(`${options.name} exited before it was ready:\n${output}`);
    }
    if (await options.ready()) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${options.name} not ready after ${options.timeoutMs ?? 60_000} ms:\n${output}`);
    }
    // Poll briskly at first (small servers are up in a few ms), then gently (RabbitMQ takes seconds).
    await new Promise((resolve) => setTimeout(resolve, Date.now() - started < 1000 ? 5 : 50));
  }
  return { child, output: () => output, stop };
}

/**
 * Starts a service on fresh free ports, retrying (with new ports) when the process dies before it
 * is ready, which is what a port taken between `freePort()` and the bind looks like.
 */
export async function withFreshPorts<T>(attempts: number, start: () => Promise<T>): Promise<T> {
  let last: unknown;
  for (let i = 0; i < attempts; i++) {
    try {
      return await start();
    } catch (error) {
      last = error;
    }
  }
  throw last;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
