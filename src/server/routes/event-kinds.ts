/**
 * Argo Events' kinds on Argo Server's paths: CRUD of EventSources (`/api/v1/event-sources/{ns}`,
 * body field `eventSource`) and Sensors (`/api/v1/sensors/{ns}`, field `sensor`), plus EventBuses
 * (`/api/v1/event-buses/{ns}`, Argosy's own: Argo Server has no such path); their watch streams
 * (`/api/v1/stream/event-sources/{ns}`, `/api/v1/stream/sensors/{ns}`, `{"result":{type,object}}`);
 * and their logs (`…/{ns}/logs?name=…`, Argo's LogEntry messages, `podLogOptions.follow` to keep
 * streaming, `grep` a Go regexp on the message), read from the events controller's journals. The
 * journals say what happened to each event: published, duplicate, filtered out (and why), waiting
 * for a condition, triggered, failed.
 */
import type { Context, Hono } from "hono";
import type { JournalEntry } from "../../events/runtime/journal.js";
import { GoRegexp } from "../../expr/index.js";
import type { StoredObject } from "../../store/types.js";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import { type ServerDeps, timingsOf } from "../deps.js";
import { badRequest } from "../errors.js";
import { openMessageStream } from "../stream.js";
import { type ResourceKind, registerResourceRoutes } from "./resources.js";

export const eventKinds: ResourceKind[] = [
  { kind: "EventSource", base: "/api/v1/event-sources", namespaced: true, field: "eventSource" },
  { kind: "Sensor", base: "/api/v1/sensors", namespaced: true, field: "sensor" },
  { kind: "EventBus", base: "/api/v1/event-buses", namespaced: true, field: "eventBus" },
];

type JournalKind = "EventSource" | "Sensor";

function grepOf(text: string | undefined): GoRegexp | undefined {
  if (!text) return undefined;
  try {
    return GoRegexp.compile(text);
  } catch (e) {
    throw badRequest(`grep: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function logs(c: Context<ServerEnv>, deps: ServerDeps, kind: JournalKind): Response {
  const namespace = c.req.param("namespace") ?? "";
  authorize(c, namespace, "read");
  const name = c.req.query("name") ?? "";
  if (name === "") throw badRequest("name is required");
  const events = deps.events;
  if (!events) throw badRequest("this server runs no events controller");
  const grep = grepOf(c.req.query("grep"));
  const filters: [keyof JournalEntry, string | undefined][] =
    kind === "Sensor"
      ? [["triggerName", c.req.query("triggerName")]]
      : [
          ["eventName", c.req.query("eventName")],
          ["eventSourceType", c.req.query("eventSourceType")],
        ];
  const wanted = (e: JournalEntry) =>
    filters.every(([field, value]) => !value || e[field] === value) && (!grep || grep.test(e.msg));
  const follow = c.req.query("podLogOptions.follow") === "true";
  const tailText = c.req.query("podLogOptions.tailLines");
  const tail = tailText === undefined || tailText === "" ? Number.NaN : Number(tailText);
  const journal = events.journal(kind, namespace, name);
  return openMessageStream(c, timingsOf(deps), async (out) => {
    let backlog = journal.recent().filter(wanted);
    if (Number.isInteger(tail) && tail >= 0) backlog = backlog.slice(Math.max(0, backlog.length - tail));
    const queued: JournalEntry[] = [];
    let wake: (() => void) | undefined;
    const stop = follow
      ? journal.follow((e) => {
          if (!wanted(e)) return;
          queued.push(e);
          wake?.();
        })
      : undefined;
    out.onClose(() => {
      stop?.();
      wake?.();
    });
    for (const e of backlog) await out.send(e);
    while (follow && !out.closed) {
      if (queued.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      for (const e of queued.splice(0)) await out.send(e);
    }
  });
}

function watch(c: Context<ServerEnv>, deps: ServerDeps, kind: string): Response {
  const namespace = c.req.param("namespace") ?? "";
  authorize(c, namespace === "" ? ALL_NAMESPACES : namespace, "read");
  return openMessageStream(c, timingsOf(deps), async (out) => {
    const pending: { type: string; namespace: string; name: string; object?: StoredObject }[] = [];
    let wake: (() => void) | undefined;
    const unwatch = deps.store.watch(kind, (e) => {
      if (namespace !== "" && e.namespace !== namespace) return;
      pending.push({
        type: e.type,
        namespace: e.namespace,
        name: e.name,
        ...(e.object ? { object: e.object } : {}),
      });
      wake?.();
    });
    out.onClose(() => {
      unwatch();
      wake?.();
    });
    for (const object of await deps.store.list(kind, namespace || undefined))
      await out.send({ type: "ADDED", object });
    while (!out.closed) {
      if (pending.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
      for (const e of pending.splice(0)) {
        const object = e.type === "DELETED" ? e.object : await deps.store.get(kind, e.namespace, e.name);
        if (object) await out.send({ type: e.type, object });
      }
    }
  });
}

export function registerEventKindRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  app.get("/api/v1/stream/event-sources/:namespace/logs", (c) => logs(c, deps, "EventSource"));
  app.get("/api/v1/stream/sensors/:namespace/logs", (c) => logs(c, deps, "Sensor"));
  app.get("/api/v1/stream/event-sources/:namespace", (c) => watch(c, deps, "EventSource"));
  app.get("/api/v1/stream/sensors/:namespace", (c) => watch(c, deps, "Sensor"));
  for (const kind of eventKinds) registerResourceRoutes(app, deps, kind);
}
