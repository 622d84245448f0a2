/**
 * Runs one EventSource: starts a driver for each named entry of each source type it lists, and
 * turns what a driver emits into a CloudEvent (`source` = the EventSource, `subject` = the entry,
 * `type` = the source type) published on the namespace's bus. A driver that fails to start is
 * logged and the others run; types Argosy does not run are logged once.
 */
import { randomUUID } from "node:crypto";
import type { Store } from "../../store/types.js";
import {
  type CloudEvent,
  type EventBus,
  type EventSource,
  type KeySelector,
  type RunningSource,
  type SourceDriver,
  type SourceType,
  sourceTypes,
} from "../types.js";
import { Journal } from "./journal.js";
import { messageOf, readSecret } from "./secrets.js";

/** Spec keys that are not source types. */
const notSources = new Set(["eventBusName", "template", "service", "replicas"]);

export interface SourceRunnerOptions {
  store: Store;
  bus: EventBus;
  drivers: Readonly<Record<SourceType, SourceDriver>>;
  now: () => Date;
  /** Kept across restarts of the same object by the controller. */
  journal?: Journal;
}

export class SourceRunner {
  readonly journal: Journal;
  private readonly running: RunningSource[] = [];
  private readonly abort = new AbortController();

  constructor(
    private readonly source: EventSource,
    private readonly options: SourceRunnerOptions,
  ) {
    this.journal =
      options.journal ??
      new Journal(
        { namespace: source.metadata.namespace ?? "default", eventSourceName: source.metadata.name ?? "" },
        200,
        options.now,
      );
  }

  async start(): Promise<void> {
    const spec = this.source.spec ?? {};
    for (const [type, entries] of Object.entries(spec)) {
      if (notSources.has(type) || entries === null || typeof entries !== "object") continue;
      const driver = (sourceTypes as readonly string[]).includes(type)
        ? this.options.drivers[type as SourceType]
        : undefined;
      if (driver === undefined) {
        this.journal.write(
          "warn",
          `event source type "${type}" is not supported by Argosy; its events are not run`,
          {
            eventSourceType: type,
          },
        );
        continue;
      }
      for (const [eventName, entry] of Object.entries(entries as Record<string, unknown>)) {
        await this.startOne(driver, eventName, (entry ?? {}) as Record<string, unknown>);
      }
    }
  }

  private async startOne(
    driver: SourceDriver,
    eventName: string,
    entry: Record<string, unknown>,
  ): Promise<void> {
    const namespace = this.source.metadata.namespace ?? "default";
    const eventSourceName = this.source.metadata.name ?? "";
    const { store, bus, now } = this.options;
    const fields = { eventName, eventSourceType: driver.type };
    const bucket = `eventsource/${namespace}/${eventSourceName}/${eventName}`;
    try {
      const running = await driver.start(entry, {
        namespace,
        eventSourceName,
        eventName,
        emit: async (data, opts) => {
          const event: CloudEvent = {
            specversion: "1.0",
            // Argo's ids are UUIDs without dashes.
            id: opts?.id ?? randomUUID().replaceAll("-", ""),
            source: eventSourceName,
            subject: eventName,
            type: driver.type,
            time: (opts?.time ?? now()).toISOString(),
            datacontenttype: "application/json",
            data,
          };
          try {
            const result = await bus.publish(event);
            if (result.duplicate) {
              this.journal.counters.duplicates++;
              this.journal.write("info", "duplicate event dropped (same id already on the bus)", {
                ...fields,
                eventId: event.id,
              });
            } else {
              this.journal.counters.received++;
              this.journal.write("info", "succeeded to publish an event", { ...fields, eventId: event.id });
            }
            return result;
          } catch (e) {
            this.journal.counters.failed++;
            this.journal.write("error", `failed to publish an event: ${messageOf(e)}`, {
              ...fields,
              eventId: event.id,
            });
            throw e;
          }
        },
        log: (level, message, extra) =>
          this.journal.write(level, extra ? `${message} ${JSON.stringify(extra)}` : message, fields),
        secret: (selector: KeySelector) => readSecret(store, namespace, selector),
        state: {
          get: (key) => store.kvGet(bucket, key),
          put: (key, value) => store.kvPut(bucket, key, value),
          delete: (key) => store.kvDelete(bucket, key),
        },
        now,
        signal: this.abort.signal,
      });
      this.running.push(running);
      this.journal.write("info", "started", fields);
    } catch (e) {
      this.journal.write("error", `failed to start: ${messageOf(e)}`, fields);
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    const running = this.running.splice(0);
    await Promise.allSettled(running.map((r) => r.stop()));
  }
}
