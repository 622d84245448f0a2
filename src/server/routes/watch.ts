/**
 * `GET /api/v1/workflow-events/{ns}`: Kubernetes watch semantics over the store's change feed. The
 * workflows that match when the watch opens come first as ADDED (a Kubernetes watch without a
 * resourceVersion does the same), then changes. A workflow that starts or stops matching the
 * selectors is ADDED or DELETED, as the API server reports it.
 *
 * Bursts are coalesced: the store listener only marks a workflow dirty, and a flush at most every
 * `coalesceMs` (stretched to four times the last flush's cost, so a 10,000-node workflow cannot
 * keep the process busy) sends one event per dirty workflow with its latest state.
 */
import type { Context, Hono } from "hono";
import type { Workflow } from "../../spec/types.js";
import type { StoredObject, WatchEvent, WatchEventType } from "../../store/types.js";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import { type ServerDeps, timingsOf } from "../deps.js";
import { queryOf } from "../http.js";
import { type ListQuery, matchesQuery, parseListQuery } from "../list-options.js";
import { type MessageStream, openMessageStream } from "../stream.js";
import { LATEST_ALIAS, latestWorkflowName } from "../workflow-read.js";

const key = (namespace: string, name: string) => `${namespace}/${name}`;

/** Cheap pre-check on the event's key, before any store read. */
function keyMayMatch(q: ListQuery, namespace: string, name: string): boolean {
  if (q.namespace !== "" && (namespace === q.namespace) === q.namespaceNot) return false;
  if (q.name !== "" && q.nameFilter === "Exact" && name !== q.name) return false;
  return true;
}

class WorkflowWatch {
  private readonly pending = new Map<string, WatchEvent>();
  /** Workflows the client has been told about (so a non-matching change becomes DELETED). */
  private readonly visible = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing = false;
  private lastFlushEnd = 0;
  private lastFlushCost = 0;

  constructor(
    private readonly deps: ServerDeps,
    private readonly q: ListQuery,
    private readonly out: MessageStream,
    private readonly withNodes: boolean,
  ) {}

  readonly listener = (event: WatchEvent): void => {
    if (this.out.closed || !keyMayMatch(this.q, event.namespace, event.name)) return;
    const k = key(event.namespace, event.name);
    const prior = this.pending.get(k);
    // ADDED then MODIFIED within one window is still news of an ADDED workflow.
    this.pending.set(k, prior?.type === "ADDED" && event.type === "MODIFIED" ? prior : event);
    this.schedule();
  };

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private schedule(): void {
    if (this.timer || this.flushing || this.out.closed) return;
    const interval = Math.max(timingsOf(this.deps).coalesceMs, this.lastFlushCost * 4);
    const wait = Math.max(0, this.lastFlushEnd + interval - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, wait);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private async fetch(namespace: string, name: string): Promise<Workflow | undefined> {
    const { store } = this.deps;
    return this.withNodes
      ? store.getWorkflow(namespace, name)
      : store.get<Workflow>("Workflow", namespace, name);
  }

  /** Sends the workflows that match now, as ADDED; changes meanwhile wait for the first flush. */
  async sendInitial(): Promise<void> {
    this.flushing = true;
    try {
      await this.sendListed();
    } finally {
      this.flushing = false;
      if (this.pending.size > 0) this.schedule();
    }
  }

  private async sendListed(): Promise<void> {
    const q = this.q;
    const listed = await this.deps.store.list<Workflow>(
      "Workflow",
      q.namespace !== "" && !q.namespaceNot ? q.namespace : undefined,
    );
    for (const summary of listed) {
      if (this.out.closed) return;
      if (!matchesQuery(q, summary)) continue;
      const { namespace = "", name = "" } = summary.metadata;
      const wf = this.withNodes ? await this.fetch(namespace, name) : summary;
      if (!wf) continue;
      this.visible.add(key(namespace, name));
      await this.out.send({ type: "ADDED", object: wf });
    }
  }

  private async flush(): Promise<void> {
    if (this.flushing || this.out.closed) return;
    this.flushing = true;
    const started = this.now();
    try {
      const batch = [...this.pending.entries()];
      this.pending.clear();
      for (const [k, event] of batch) {
        if (this.out.closed) return;
        await this.deliver(k, event);
      }
    } finally {
      this.flushing = false;
      this.lastFlushEnd = this.now();
      this.lastFlushCost = this.lastFlushEnd - started;
      if (this.pending.size > 0) this.schedule();
    }
  }

  private async deliver(k: string, event: WatchEvent): Promise<void> {
    if (event.type === "DELETED") {
      const object = event.object as StoredObject | undefined;
      const matched = object ? matchesQuery(this.q, object as unknown as Workflow) : this.visible.has(k);
      if (matched || this.visible.has(k)) {
        this.visible.delete(k);
        await this.out.send({
          type: "DELETED",
          object: object ?? { metadata: { namespace: event.namespace, name: event.name } },
        });
      }
      return;
    }
    const wf = await this.fetch(event.namespace, event.name);
    if (!wf) return; // deleted meanwhile; its DELETED event follows
    const matches = matchesQuery(this.q, wf);
    const wasVisible = this.visible.has(k);
    let type: WatchEventType;
    if (matches) type = wasVisible ? "MODIFIED" : "ADDED";
    else if (wasVisible) type = "DELETED";
    else return;
    if (type === "DELETED") this.visible.delete(k);
    else this.visible.add(k);
    await this.out.send({ type, object: wf });
  }
}

async function watchWorkflows(c: Context<ServerEnv>, deps: ServerDeps, namespace: string): Promise<Response> {
  const q = parseListQuery(queryOf(c), namespace);
  authorize(c, q.namespaceNot ? ALL_NAMESPACES : q.namespace, "read");
  if (q.name === LATEST_ALIAS) q.name = await latestWorkflowName(deps.store, q.namespace);
  return openMessageStream(c, { heartbeatMs: timingsOf(deps).heartbeatMs }, async (out) => {
    const withNodes = !out.fields.willExclude("result.object.status.nodes");
    const watch = new WorkflowWatch(deps, q, out, withNodes);
    // Subscribe before listing, so nothing that happens during the list is missed.
    const unsubscribe = deps.store.watch("Workflow", watch.listener);
    const closed = new Promise<void>((resolve) => out.onClose(resolve));
    out.onClose(() => {
      unsubscribe();
      watch.stop();
    });
    await watch.sendInitial();
    await closed;
  });
}

/**
 * `/api/v1/stream/events/{ns}`: Kubernetes Events of the namespace. Argosy records none, so the
 * stream only keeps the connection alive until the client goes (the UI opens it on workflow pages).
 */
function watchEvents(c: Context<ServerEnv>, deps: ServerDeps, namespace: string): Response {
  authorize(c, namespace, "read");
  return openMessageStream(
    c,
    { heartbeatMs: timingsOf(deps).heartbeatMs },
    (out) => new Promise((resolve) => out.onClose(resolve)),
  );
}

export function registerWatchRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  app.get("/api/v1/stream/events/", (c) => watchEvents(c, deps, ALL_NAMESPACES));
  app.get("/api/v1/stream/events/:namespace", (c) => watchEvents(c, deps, c.req.param("namespace")));
  app.get("/api/v1/workflow-events/", (c) => watchWorkflows(c, deps, ALL_NAMESPACES));
  app.get("/api/v1/workflow-events/:namespace", (c) => watchWorkflows(c, deps, c.req.param("namespace")));
}
