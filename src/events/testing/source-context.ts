/**
 * A `SourceContext` for driver tests that records what a source does: the events it emits (await
 * the next one with `nextEvent()`), its log lines (await one with `waitForLog()`), secrets from a
 * plain map, state in memory. `emitBehaviour` makes the bus refuse or stall, to test that a source
 * acknowledges its broker only after the bus took the event.
 */
import { randomUUID } from "node:crypto";
import { notFound } from "../../util/errors.js";
import type { KeySelector, LogLevel, PublishResult, SourceContext } from "../types.js";

export interface RecordedEvent {
  data: unknown;
  id: string;
  time: Date;
}

export interface RecordedLog {
  level: LogLevel;
  message: string;
  fields: Record<string, unknown> | undefined;
}

export interface RecordingContext extends SourceContext {
  events: RecordedEvent[];
  logs: RecordedLog[];
  /** The next event not yet returned by `nextEvent` (waits for it). */
  nextEvent(): Promise<RecordedEvent>;
  /** The `nth` (default first) log line, already written or future, whose message matches. */
  waitForLog(pattern: RegExp, nth?: number): Promise<RecordedLog>;
  /** Aborts `signal`. */
  abort(): void;
  /**
   * Decides each emit: "ok" (recorded), "fail" (rejects), or a promise to wait for first.
   * @default () => "ok"
   */
  emitBehaviour: (data: unknown) => "ok" | "fail" | Promise<unknown>;
}

export interface RecordingContextOptions {
  namespace?: string;
  eventSourceName?: string;
  eventName?: string;
  /** `secrets[name][key]` = the decoded value. */
  secrets?: Record<string, Record<string, string>>;
}

export function recordingContext(options: RecordingContextOptions = {}): RecordingContext {
  const events: RecordedEvent[] = [];
  const logs: RecordedLog[] = [];
  const eventWaiters: (() => void)[] = [];
  const logWaiters: { pattern: RegExp; nth: number; resolve: (log: RecordedLog) => void }[] = [];
  const matching = (pattern: RegExp) => logs.filter((log) => pattern.test(log.message));
  const controller = new AbortController();
  const state = new Map<string, string>();
  let cursor = 0;

  const context: RecordingContext = {
    namespace: options.namespace ?? "default",
    eventSourceName: options.eventSourceName ?? "test-source",
    eventName: options.eventName ?? "example",
    events,
    logs,
    emitBehaviour: () => "ok",
    async emit(data, emitOptions): Promise<PublishResult> {
      const behaviour = context.emitBehaviour(data);
      if (behaviour === "fail") throw new Error("event bus unavailable");
      if (behaviour !== "ok") await behaviour;
      const duplicate = emitOptions?.id !== undefined && events.some((e) => e.id === emitOptions.id);
      events.push({ data, id: emitOptions?.id ?? randomUUID(), time: emitOptions?.time ?? new Date() });
      for (const wake of eventWaiters.splice(0)) wake();
      return { duplicate };
    },
    log(level, message, fields) {
      const entry = { level, message, fields };
      logs.push(entry);
      for (const waiter of [...logWaiters]) {
        if (waiter.pattern.test(message) && matching(waiter.pattern).length >= waiter.nth) {
          logWaiters.splice(logWaiters.indexOf(waiter), 1);
          waiter.resolve(entry);
        }
      }
    },
    async secret(selector: KeySelector) {
      const value = options.secrets?.[selector.name]?.[selector.key];
      if (value === undefined) throw notFound(`secret ${selector.name} key ${selector.key}`);
      return value;
    },
    state: {
      get: async (key) => state.get(key),
      put: async (key, value) => {
        state.set(key, value);
      },
      delete: async (key) => {
        state.delete(key);
      },
    },
    now: () => new Date(),
    signal: controller.signal,
    async nextEvent() {
      while (cursor >= events.length) await new Promise<void>((resolve) => eventWaiters.push(resolve));
      return events[cursor++] as RecordedEvent;
    },
    async waitForLog(pattern, nth = 1) {
      const found = matching(pattern)[nth - 1];
      if (found) return found;
      return await new Promise((resolve) => logWaiters.push({ pattern, nth, resolve }));
    },
    abort: () => controller.abort(),
  };
  return context;
}
