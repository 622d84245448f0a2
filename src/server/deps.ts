/**
 * What the server is built from. The server owns no state of its own beyond open streams: reads go
 * to the Store, changes to a workflow's course go through the ControllerApi.
 */
import type { MiddlewareHandler } from "hono";
import type { ControllerApi } from "../controller/api.js";
import type { ObjectCounters } from "../events/runtime/controller.js";
import type { Journal } from "../events/runtime/journal.js";
import type { Store } from "../store/types.js";
import type { ServerEnv } from "./authorize.js";
import type { MetricsRegistry } from "./metrics-registry.js";

export interface ServerDeps {
  store: Store;
  controller: ControllerApi;
  /** The events controller (EventSources, Sensors): their logs and counters. Absent: no events routes data. */
  events?: EventsView;
  metrics: MetricsRegistry;
  /** The package version without a leading `v` (e.g. `0.1.0`). */
  version: string;
  /** The auth middleware (from `src/server/auth/`); without it every request is allowed. */
  auth?: MiddlewareHandler<ServerEnv>;
  /** One line per request (method, path, status, ms); never headers or bodies. @default no logging */
  log?: (line: string) => void;
  /** The built web UI; `/` serves a small placeholder page when the folder is missing. @default `<package>/ui/dist` */
  uiDir?: string;
  /** Shown by `/api/v1/info` when the server manages a single namespace. */
  managedNamespace?: string;
  /** Clock for watches and log follow (tests). @default Date.now */
  now?: () => number;
  /**
   * Timings of the streaming endpoints, for tests.
   * @default {heartbeatMs: 15000, coalesceMs: 100, logPollMs: 250}
   */
  timings?: Partial<StreamTimings>;
}

export interface StreamTimings {
  /** SSE comment line sent when nothing else was written for this long. */
  heartbeatMs: number;
  /** A watched workflow sends at most one event per this many milliseconds. */
  coalesceMs: number;
  /** How often a followed log file is read for new lines. */
  logPollMs: number;
}

export const defaultTimings: StreamTimings = { heartbeatMs: 15_000, coalesceMs: 100, logPollMs: 250 };

export const timingsOf = (deps: ServerDeps): StreamTimings => ({ ...defaultTimings, ...deps.timings });

/** What the server reads of the events controller. */
export interface EventsView {
  journal(
    kind: "EventSource" | "Sensor",
    namespace: string,
    name: string,
  ): Pick<Journal, "recent" | "follow">;
  counters(): ObjectCounters[];
}
