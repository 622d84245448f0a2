/**
 * Argo Events' kinds on the Argo Server paths: EventSources and Sensors (list, get, delete), their
 * watch streams, and the URLs of their logs (the events controller's journals, as SSE).
 */
import type { JournalEntry } from "../../../src/events/runtime/journal.js";
import type { EventSource, Sensor } from "../../../src/events/types.js";
import type { ListResponse } from "../types.js";
import { query, request, seg } from "./client.js";

export type { EventSource, JournalEntry, Sensor };

/** The two kinds the events pages show; the value is the route and API path segment. */
export type EventKind = "event-sources" | "sensors";

export type EventObject = EventSource | Sensor;

const base = (kind: EventKind, ns: string) => (ns ? `/api/v1/${kind}/${seg(ns)}` : `/api/v1/${kind}/`);

export function listEventObjects(kind: EventKind, ns: string, signal?: AbortSignal) {
  return request<ListResponse<EventObject>>(base(kind, ns), signal ? { signal } : {});
}

export function getEventObject(kind: EventKind, ns: string, name: string, signal?: AbortSignal) {
  return request<EventObject>(`${base(kind, ns)}/${seg(name)}`, signal ? { signal } : {});
}

export function deleteEventObject(kind: EventKind, ns: string, name: string) {
  return request<object>(`${base(kind, ns)}/${seg(name)}`, { method: "DELETE" });
}

/** The watch stream of a namespace (`{"result":{type, object}}`); the server sends every existing object first. */
export const eventWatchUrl = (kind: EventKind, ns: string) => `/api/v1/stream/${kind}/${seg(ns)}`;

/** The journal of one object, followed live (`{"result": JournalEntry}` per message). */
export const eventLogUrl = (kind: EventKind, ns: string, name: string) =>
  `/api/v1/stream/${kind}/${seg(ns)}/logs${query({ name, "podLogOptions.follow": "true" })}`;
