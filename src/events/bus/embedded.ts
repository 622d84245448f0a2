/**
 * The embedded event bus: events persisted in the Store (`busPublish`/`busRead`/`busAck`), one
 * stream per EventBus (`<namespace>/<name>`), a durable consumer per subscription. A publish wakes
 * the subscriptions of its stream in this process at once (all buses on the same Store object
 * share a hub); other processes on the same database file find the event at their next poll.
 * Pruning runs on a timer: events every consumer acknowledged, and events past `maxAgeMs`.
 */

import type { Store } from "../../store/types.js";
import { conflict } from "../../util/errors.js";
import type { CloudEvent, EventBus, PublishResult, SubscribeOptions, Subscription } from "../types.js";
import { encodeEvent } from "./codec.js";
import { DEFAULT_DEDUPE_WINDOW_MS, DEFAULT_MAX_AGE_MS } from "./defaults.js";
import { EmbeddedConsumer } from "./embedded-consumer.js";
import { checkBusName, checkSubscribe, subjectKey } from "./subjects.js";

export interface EmbeddedBusOptions {
  namespace: string;
  /** The EventBus's name. @default "default" */
  name?: string;
  /** A second event with the same source and id within this window is dropped. @default 300000 (5 min) */
  dedupeWindowMs?: number;
  /** How often an idle subscription looks for events published by other processes. @default 500 */
  pollMs?: number;
  /** Events older than this are pruned even when unacknowledged (Argo's JetStream `maxAge`). @default 72 h */
  maxAgeMs?: number;
  /** How often to prune. @default 60000 */
  pruneIntervalMs?: number;
  /** The clock for de-duplication and pruning, epoch milliseconds. @default Date.now */
  now?: () => number;
  /** Told of problems the bus works around (a failed store call, an unreadable event). @default ignored */
  onError?: (error: unknown) => void;
}

/** What the buses on one Store object share per stream: who to wake, which consumers are subscribed. */
interface Hub {
  wake: Set<() => void>;
  consumers: Set<string>;
}
const hubs = new WeakMap<Store, Map<string, Hub>>();

function hubOf(store: Store, stream: string): Hub {
  const streams = hubs.get(store) ?? new Map<string, Hub>();
  hubs.set(store, streams);
  const hub = streams.get(stream) ?? { wake: new Set(), consumers: new Set() };
  streams.set(stream, hub);
  return hub;
}

/** Opens the embedded bus of one EventBus on `store` (which it does not close). */
export function openEmbeddedBus(store: Store, options: EmbeddedBusOptions): EventBus {
  checkBusName(options?.namespace, "namespace");
  if (options.name !== undefined) checkBusName(options.name, "EventBus name");
  return new EmbeddedBus(store, options);
}

class EmbeddedBus implements EventBus {
  private readonly stream: string;
  private readonly hub: Hub;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;
  private readonly subscriptions = new Set<Subscription>();
  private readonly pruner: NodeJS.Timeout;
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly options: EmbeddedBusOptions,
  ) {
    this.stream = `${options.namespace}/${options.name ?? "default"}`;
    this.hub = hubOf(store, this.stream);
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => undefined);
    this.pruner = setInterval(() => void this.prune(), options.pruneIntervalMs ?? 60_000);
    this.pruner.unref();
  }

  async publish(event: CloudEvent): Promise<PublishResult> {
    this.checkOpen();
    const body = encodeEvent(event);
    const result = await this.store.busPublish(
      this.stream,
      { id: event.id, source: event.source, subject: subjectKey(event.source, event.subject), body },
      { dedupeWindowMs: this.options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS, now: this.now() },
    );
    if (!result.duplicate) for (const wake of this.hub.wake) wake();
    return { duplicate: result.duplicate };
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.checkOpen();
    const checked = checkSubscribe(options);
    if (this.hub.consumers.has(checked.consumer)) {
      throw conflict(`consumer "${checked.consumer}" is already subscribed to event bus ${this.stream}`);
    }
    this.hub.consumers.add(checked.consumer);
    let consumer: EmbeddedConsumer;
    try {
      await this.store.busRegisterConsumer(this.stream, checked.consumer, checked.subjects);
      consumer = new EmbeddedConsumer({
        ...checked,
        store: this.store,
        stream: this.stream,
        pollMs: this.options.pollMs ?? 500,
        onError: this.onError,
      });
    } catch (e) {
      this.hub.consumers.delete(checked.consumer);
      throw e;
    }
    this.hub.wake.add(consumer.notify);
    let closing: Promise<void> | undefined;
    const subscription: Subscription = {
      close: () => {
        closing ??= (async () => {
          await consumer.close();
          this.hub.wake.delete(consumer.notify);
          this.hub.consumers.delete(checked.consumer);
          this.subscriptions.delete(subscription);
        })();
        return closing;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Stops every subscription (waiting for running handlers) and the pruning; the store stays open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pruner);
    await Promise.all([...this.subscriptions].map((subscription) => subscription.close()));
  }

  /** Removes what no consumer needs; a failure waits for the next tick. */
  private async prune(): Promise<void> {
    try {
      await this.store.busPrune(this.stream, this.options.maxAgeMs ?? DEFAULT_MAX_AGE_MS, this.now());
    } catch (e) {
      this.onError(e);
    }
  }

  private checkOpen(): void {
    if (this.closed) throw conflict(`event bus ${this.stream} is closed`);
  }
}
