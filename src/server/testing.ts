/**
 * A real server for tests: a SQLite store in a temporary home, the real controller with the host
 * executor (no sandbox), and the API on 127.0.0.1 with a free port. Streaming timings are short so
 * tests finish quickly; nothing is faked.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { loadConfig } from "../config/config.js";
import { type Controller, startController } from "../controller/controller.js";
import { createHostExecutor } from "../executor/host/index.js";
import type { Executor } from "../executor/types.js";
import type { Workflow } from "../spec/types.js";
import { openSqliteStore } from "../store/index.js";
import type { Store } from "../store/types.js";
import type { ServerDeps } from "./deps.js";
import { MetricsRegistry } from "./metrics-registry.js";
import { type RunningServer, startServer } from "./serve.js";

export interface TestServer {
  url: string;
  home: string;
  store: Store;
  controller: Controller;
  metrics: MetricsRegistry;
  server: RunningServer;
  logLines: string[];
  /** `fetch` on a path of the server. */
  call(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  close(): Promise<void>;
}

export async function startTestServer(extra: Partial<ServerDeps> = {}): Promise<TestServer> {
  const home = await mkdtemp(join(tmpdir(), "argosy-server-"));
  const store = openSqliteStore({ path: join(home, "argosy.db") });
  const executor: Executor = createHostExecutor({ home, sandbox: "none" });
  const metrics = new MetricsRegistry();
  const controller = await startController({
    store,
    executor,
    config: loadConfig({ home, sandbox: "none", maxPods: 4 }, {}),
    onMetrics: (samples) => metrics.record(samples),
  });
  const logLines: string[] = [];
  const server = await startServer({
    store,
    controller,
    metrics,
    version: "0.1.0",
    port: 0,
    log: (line) => logLines.push(line),
    uiDir: join(home, "no-ui"),
    timings: { heartbeatMs: 200, coalesceMs: 20, logPollMs: 20 },
    ...extra,
  });
  return {
    url: server.url,
    home,
    store,
    controller,
    metrics,
    server,
    logLines,
    call: (path, init = {}) => {
      const { json, ...rest } = init;
      return fetch(server.url + path, {
        ...rest,
        ...(json !== undefined
          ? { body: JSON.stringify(json), headers: { "Content-Type": "application/json", ...rest.headers } }
          : {}),
      });
    },
    close: async () => {
      await server.close();
      await controller.close();
      await executor.close();
      await store.close();
      await rm(home, { recursive: true, force: true });
    },
  };
}

/** A Workflow (or any manifest) from inline YAML. */
export const manifest = <T = Workflow>(yaml: string): T => parse(yaml) as T;

/** Polls the store until the workflow satisfies `ok` (the controller runs it on its own). */
export async function waitForWorkflow(
  store: Store,
  namespace: string,
  name: string,
  ok: (w: Workflow) => boolean,
): Promise<Workflow> {
  for (let i = 0; i < 1500; i++) {
    const w = await store.getWorkflow(namespace, name);
    if (w && ok(w)) return w;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workflow ${namespace}/${name} never reached the expected state`);
}

export const isDone = (w: Workflow): boolean =>
  ["Succeeded", "Failed", "Error"].includes(w.status?.phase ?? "");

/** Reads a streaming response line by line until `done` says stop; returns the lines read. */
export async function readLines(
  res: Response,
  done: (line: string, all: string[]) => boolean,
): Promise<string[]> {
  const reader = res.body?.getReader();
  if (!reader) throw new Error("no body");
  const decoder = new TextDecoder();
  const lines: string[] = [];
  let buffer = "";
  try {
    for (;;) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      buffer += decoder.decode(value, { stream: true });
      let nl = buffer.indexOf("\n");
      while (nl >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        if (done(line, lines)) return lines;
        nl = buffer.indexOf("\n");
      }
    }
    if (buffer) lines.push(buffer);
    return lines;
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}
