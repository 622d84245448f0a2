/** Starting `bin/argosy server` as a real process on a free port, for the end-to-end tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import type { Workflow } from "../src/spec/types.js";
import { repo } from "./helpers.js";

export interface ServerProcess {
  proc: ChildProcess;
  url: string;
  /** `host:port`, as ARGO_SERVER takes it. */
  address: string;
  /** Everything the server wrote to stdout and stderr so far. */
  output: () => string;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
}

/** Starts the server with `ARGOSY_HOME=home` and resolves once it listens. */
export function startServerProcess(
  home: string,
  args: string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const proc = spawn(join(repo, "bin", "argosy"), ["server", "--port", "0", ...args], {
    cwd: repo,
    env: { ...process.env, ARGOSY_HOME: home, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const exited = new Promise<void>((resolve) => proc.once("exit", () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${text}`)), 60_000);
    const onData = (d: Buffer) => {
      text += d.toString();
      const m = /listening on (http:\/\/([\d.]+:\d+))/.exec(text);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        proc,
        url: m[1] as string,
        address: m[2] as string,
        output: () => text,
        stop: async (signal = "SIGTERM") => {
          if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
          await exited;
        },
      });
    };
    proc.stdout?.on("data", onData);
    proc.stderr?.on("data", onData);
    proc.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${text}`));
    });
  });
}

export async function api<T = unknown>(
  url: string,
  path: string,
  init: { method?: string; body?: unknown; token?: string } = {},
): Promise<{ status: number; body: T }> {
  const res = await fetch(url + path, {
    method: init.method ?? "GET",
    headers: {
      "content-type": "application/json",
      ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Polls GET workflow until `ok` holds. */
export async function waitFor(
  url: string,
  ns: string,
  name: string,
  ok: (wf: Workflow) => boolean,
  timeoutMs = 60_000,
): Promise<Workflow> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    const r = await api<Workflow>(url, `/api/v1/workflows/${ns}/${name}`).catch(() => undefined);
    if (r?.status === 200) {
      last = r.body;
      if (ok(r.body)) return r.body;
    }
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`workflow ${name} did not reach the state; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

export const isDone = (wf: Workflow) => ["Succeeded", "Failed", "Error"].includes(wf.status?.phase ?? "");

/**
 * Polls `get` every 150 ms until `ok` holds (what a server does takes its own time; nothing here
 * is a timed assertion: the limit only ends a test that would otherwise hang). The error names
 * `what`, the last value and, when given, `context()` (e.g. the server's output).
 */
export async function pollUntil<T>(
  what: string,
  get: () => Promise<T>,
  ok: (v: T) => boolean,
  options: { timeoutMs?: number; context?: () => string } = {},
): Promise<T> {
  const end = Date.now() + (options.timeoutMs ?? 30_000);
  let last: T | undefined;
  while (Date.now() < end) {
    last = await get();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(
    `${what}: not reached; last ${JSON.stringify(last)?.slice(0, 1500)}\n${options.context?.() ?? ""}`,
  );
}
