/**
 * Workflow logs: `GET /api/v1/workflows/{ns}/{name}/log` (every pod, or `podName=`) and
 * `/api/v1/workflows/{ns}/{name}/{podName}/log`, streamed as `{"result":{"content","podName"}}`
 * messages (SSE or newline-delimited JSON, see `stream.ts`). Lines of all pods are merged in
 * timestamp order; `grep` is a Go regular expression on the text (the whole line with
 * `timestamps`), as in Argo. With `logOptions.follow`, files are polled for new lines while the
 * workflow runs, new pods are picked up when the workflow changes, and the stream ends once the
 * workflow has finished (or was deleted) and the last lines were sent.
 */
import type { Context, Hono } from "hono";
import type { WorkflowPod } from "../../controller/api.js";
import { GoRegexp } from "../../expr/index.js";
import type { Workflow } from "../../spec/types.js";
import { authorize, type ServerEnv } from "../authorize.js";
import { type ServerDeps, timingsOf } from "../deps.js";
import { badRequest } from "../errors.js";
import { queryOf } from "../http.js";
import { matchesLabels, parseLabelSelector } from "../label-selector.js";
import { LogFileReader, type LogLine } from "../log-reader.js";
import { type MessageStream, openMessageStream } from "../stream.js";
import { readWorkflow } from "../workflow-read.js";

interface LogRequest {
  podName: string;
  container: string;
  follow: boolean;
  timestamps: boolean;
  tailLines?: number;
  since?: string;
  limitBytes?: number;
  grep?: GoRegexp;
  selector: ReturnType<typeof parseLabelSelector>;
}

function intParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest(`${name} must be a non-negative integer`);
  return n;
}

/** ISO time with nine fractional digits, comparable as text with log timestamps. */
const nanoIso = (ms: number) => `${new Date(ms).toISOString().slice(0, 23)}000000Z`;

function parseRequest(q: Record<string, string | undefined>, pathPod: string, now: number): LogRequest {
  const grep = q.grep ?? "";
  let regexp: GoRegexp | undefined;
  try {
    regexp = grep === "" ? undefined : GoRegexp.compile(grep);
  } catch (e) {
    throw badRequest(
      `failed to compile ${JSON.stringify(grep)}: ${e instanceof Error ? e.message : String(e)}`,
    );
  }
  const sinceSeconds = intParam(q["logOptions.sinceSeconds"], "logOptions.sinceSeconds");
  const sinceTime = q["logOptions.sinceTime"] ?? q["logOptions.sinceTime.seconds"];
  let since: string | undefined;
  if (sinceSeconds !== undefined) since = nanoIso(now - sinceSeconds * 1000);
  else if (sinceTime) {
    const ms = /^\d+$/.test(sinceTime) ? Number(sinceTime) * 1000 : Date.parse(sinceTime);
    if (Number.isNaN(ms)) throw badRequest(`logOptions.sinceTime: cannot parse "${sinceTime}"`);
    since = nanoIso(ms);
  }
  const tailLines = intParam(q["logOptions.tailLines"], "logOptions.tailLines");
  const limitBytes = intParam(q["logOptions.limitBytes"], "logOptions.limitBytes");
  return {
    podName: pathPod || q.podName || "",
    container: q["logOptions.container"] || "main",
    follow: q["logOptions.follow"] === "true",
    timestamps: q["logOptions.timestamps"] === "true",
    ...(tailLines !== undefined ? { tailLines } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(limitBytes !== undefined ? { limitBytes } : {}),
    ...(regexp ? { grep: regexp } : {}),
    selector: parseLabelSelector(q.selector),
  };
}

const isFinished = (wf: Workflow) =>
  Boolean(wf.status?.finishedAt) || ["Succeeded", "Failed", "Error"].includes(wf.status?.phase ?? "");

/** The pods a request is about; pods carry the workflow's name as their only label. */
function selectPods(deps: ServerDeps, wf: Workflow, req: LogRequest): WorkflowPod[] {
  const labels = { "workflows.argoproj.io/workflow": wf.metadata.name ?? "" };
  if (!matchesLabels(req.selector, labels)) return [];
  return deps.controller
    .pods(wf)
    .filter((p) => req.podName === "" || p.podName === req.podName || p.nodeId === req.podName);
}

class LogSession {
  private readonly readers = new Map<string, LogFileReader>();

  constructor(
    private readonly deps: ServerDeps,
    private readonly req: LogRequest,
    private readonly out: MessageStream,
  ) {}

  addPods(pods: WorkflowPod[]): void {
    for (const pod of pods) {
      if (this.readers.has(pod.podName)) continue;
      const path = this.deps.controller.logPath(pod.podName, this.req.container);
      this.readers.set(
        pod.podName,
        new LogFileReader(path, {
          ...(this.req.tailLines !== undefined ? { tailLines: this.req.tailLines } : {}),
          ...(this.req.since !== undefined ? { since: this.req.since } : {}),
          ...(this.req.limitBytes !== undefined ? { limitBytes: this.req.limitBytes } : {}),
        }),
      );
    }
  }

  /** Reads what every file has now and sends it in timestamp order; true when something was read. */
  async drain(final: boolean): Promise<void> {
    for (;;) {
      const batch: { podName: string; line: LogLine }[] = [];
      let more = false;
      for (const [podName, reader] of this.readers) {
        const got = await reader.read(final);
        more ||= got.more;
        for (const line of got.lines) batch.push({ podName, line });
      }
      batch.sort((a, b) =>
        a.line.timestamp < b.line.timestamp ? -1 : a.line.timestamp > b.line.timestamp ? 1 : 0,
      );
      for (const { podName, line } of batch) {
        if (this.out.closed) return;
        const content = this.req.timestamps ? line.raw : line.content;
        if (this.req.grep && !this.req.grep.test(content)) continue;
        await this.out.send({ content, podName });
      }
      if (!more || this.out.closed) return;
    }
  }
}

async function follow(
  deps: ServerDeps,
  session: LogSession,
  req: LogRequest,
  first: Workflow,
  out: MessageStream,
) {
  const { namespace = "", name = "" } = first.metadata;
  let dirty = false;
  let deleted = false;
  const unsubscribe = deps.store.watch("Workflow", (e) => {
    if (e.namespace !== namespace || e.name !== name) return;
    if (e.type === "DELETED") deleted = true;
    else dirty = true;
  });
  try {
    let finished = isFinished(first);
    let lastRefresh = Date.now();
    const poll = timingsOf(deps).logPollMs;
    while (!out.closed && !finished && !deleted) {
      await session.drain(false);
      await new Promise((r) => setTimeout(r, poll));
      // Re-reading a big workflow costs; once a second is enough to find new pods.
      if (dirty && Date.now() - lastRefresh >= Math.min(1000, poll * 4)) {
        dirty = false;
        lastRefresh = Date.now();
        const wf = await deps.store.getWorkflow(namespace, name);
        if (!wf) break;
        session.addPods(selectPods(deps, wf, req));
        finished = isFinished(wf);
      }
    }
  } finally {
    unsubscribe();
  }
}

async function streamLogs(c: Context<ServerEnv>, deps: ServerDeps, pathPod: string): Promise<Response> {
  const { namespace = "", name = "" } = c.req.param();
  authorize(c, namespace, "read");
  const req = parseRequest(queryOf(c), pathPod, (deps.now ?? Date.now)());
  const wf = await readWorkflow(deps.store, namespace, name);
  return openMessageStream(c, { heartbeatMs: timingsOf(deps).heartbeatMs }, async (out) => {
    const session = new LogSession(deps, req, out);
    session.addPods(selectPods(deps, wf, req));
    if (req.follow && !isFinished(wf)) await follow(deps, session, req, wf, out);
    await session.drain(true);
  });
}

export function registerLogRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const base = "/api/v1/workflows/:namespace/:name";
  app.get(`${base}/log`, (c) => streamLogs(c, deps, ""));
  // Argo's HTTP client leaves an empty `{podName}` in the path when none is given.
  app.get(`${base}//log`, (c) => streamLogs(c, deps, ""));
  app.get(`${base}/:podName/log`, (c) => streamLogs(c, deps, c.req.param("podName")));
}
