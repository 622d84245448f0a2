/**
 * A local `nats-server -js` for an EventBus that asks for `jetstream` without an external url. It
 * listens on 127.0.0.1 only, keeps its JetStream data under `<dir>/jetstream` (nats-server adds
 * the `jetstream` folder to the `-sd` it is given), so streams, consumers and their positions
 * survive a restart. With no port given the server picks a free one itself (`-p -1`) and we read
 * it from its log, so there is no race between choosing a port and binding it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { accessSync, constants, mkdirSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";
import { internal, notFound } from "../../util/errors.js";

export interface LocalNatsServerOptions {
  /** Where JetStream keeps its files (created when missing). */
  dir: string;
  /** @default a free port chosen by the server */
  port?: number;
  /** The executable. @default `nats-server` from PATH or the sbin folders */
  binary?: string;
  /** @default 15000 */
  startTimeoutMs?: number;
}

export interface LocalNatsServer {
  /** `nats://127.0.0.1:<port>` */
  url: string;
  port: number;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s); safe to call twice. */
  stop(): Promise<void>;
}

/** Debian installs servers in sbin, which a non-root PATH often lacks. */
const EXTRA_DIRS = ["/usr/sbin", "/usr/local/sbin", "/usr/local/bin", "/sbin"];

/** The path of `nats-server`, or undefined when it is not installed. */
export function findNatsServer(): string | undefined {
  for (const dir of [...(process.env.PATH ?? "").split(delimiter), ...EXTRA_DIRS]) {
    if (!dir) continue;
    const candidate = join(dir, "nats-server");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

const LISTENING = /Listening for client connections on [^\s]+:(\d+)/;
const READY = /Server is ready/;

/** Starts the server and resolves once it accepts client connections. */
export async function startLocalNatsServer(options: LocalNatsServerOptions): Promise<LocalNatsServer> {
  const binary = options.binary ?? findNatsServer();
  if (!binary) throw notFound("nats-server executable (needed by an EventBus with jetstream)");
  mkdirSync(options.dir, { recursive: true });
  const pidFile = join(options.dir, "nats-server.pid");
  await killStale(pidFile, options.dir);
  const args = [
    "-js",
    "-sd",
    options.dir,
    "-a",
    "127.0.0.1",
    "-p",
    String(options.port ?? -1),
    "-P",
    pidFile,
  ];
  // Dies with us even on SIGKILL (PR_SET_PDEATHSIG through util-linux setpriv), so a killed server
  // leaves no JetStream server behind on the folder the next start will use.
  const setpriv = findSetpriv();
  const child = setpriv
    ? spawn(setpriv, ["--pdeathsig", "KILL", "--", binary, ...args], { stdio: ["ignore", "ignore", "pipe"] })
    : spawn(binary, args, { stdio: ["ignore", "ignore", "pipe"] });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let log = "";
  let port: number | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once("exit", () => resolve());
    child.once("error", () => resolve());
  });
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(internal(`nats-server did not start within ${options.startTimeoutMs ?? 15_000} ms`)),
        options.startTimeoutMs ?? 15_000,
      );
      const finish = (error?: Error) => {
        clearTimeout(timer);
        if (error) reject(error);
        else resolve();
      };
      child.once("error", (e) => finish(internal(`cannot run ${binary}: ${e.message}`, { cause: e })));
      child.once("exit", (code, signal) =>
        finish(internal(`nats-server exited (${signal ?? code}) before it was ready:\n${tail(log)}`)),
      );
      // Keep reading stderr for the server's whole life, or its writes block once the pipe fills.
      child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
        log = (log + chunk).slice(-8192);
        port ??= Number(LISTENING.exec(log)?.[1]) || undefined;
        if (port !== undefined && READY.test(log)) finish();
      });
    });
  } catch (e) {
    await stopProcess(child, exited);
    process.removeListener("exit", killOnExit);
    throw e;
  }
  let stopping: Promise<void> | undefined;
  return {
    url: `nats://127.0.0.1:${port}`,
    port: port!,
    stop: () => {
      stopping ??= stopProcess(child, exited).finally(() => process.removeListener("exit", killOnExit));
      return stopping;
    },
  };
}

function findSetpriv(): string | undefined {
  for (const candidate of ["/usr/bin/setpriv", "/bin/setpriv"]) {
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * A server an earlier process left running on this folder (no setpriv, or started by an older
 * Argosy) is stopped first: two JetStream servers must never share a store folder.
 */
async function killStale(pidFile: string, dir: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFile, "utf8").trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1) return;
  const isOurs = () => {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      return cmdline.includes("nats-server") && cmdline.includes(dir);
    } catch {
      return false;
    }
  };
  if (!isOurs()) return;
  try {
    process.kill(pid, "SIGKILL");
  } catch {
    return;
  }
  for (let i = 0; i < 100 && isOurs(); i++) await new Promise((r) => setTimeout(r, 20));
}

function tail(log: string): string {
  return log.split("\n").slice(-12).join("\n");
}

async function stopProcess(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}
