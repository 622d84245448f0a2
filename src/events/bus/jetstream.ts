/**
 * The event bus on NATS JetStream, laid out as Argo Events lays it out: one stream (`default`)
 * with file storage, a 5-minute duplicate window and a 72 h `maxAge`; an event goes to subject
 * `default.<eventSourceName>.<eventName>` as its CloudEvent JSON, with a `Nats-Msg-Id` header
 * (JetStream drops a second message with the same id within the window, and says so in the
 * PubAck). A stream that already exists is used as it is, as Argo does (its settings win).
 * Subscriptions are in `jetstream-consumer.ts`.
 */
import type { ConnectionOptions, JetStreamManager, NatsConnection } from "nats";
import { conflict, internal, invalid, isArgosyError } from "../../util/errors.js";
import { natsClient } from "../clients.js";
import type { CloudEvent, EventBus, PublishResult, SubscribeOptions, Subscription } from "../types.js";
import { encodeEvent } from "./codec.js";
import { DEFAULT_DEDUPE_WINDOW_MS, DEFAULT_MAX_AGE_MS } from "./defaults.js";
import { isNotFound, JetStreamConsumer } from "./jetstream-consumer.js";
import { checkBusName, checkSubscribe, subjectKey } from "./subjects.js";

export interface JetStreamBusOptions {
  /** The NATS server, e.g. `nats://127.0.0.1:4222` (credentials may be in the URL or in `connectOptions`). */
  url: string;
  namespace: string;
  /** The EventBus's name. @default "default" */
  name?: string;
  /** The stream, and the first token of its subjects. @default "default" (Argo's) */
  streamName?: string;
  /** The duplicate window of a stream this bus creates. @default 300000 (5 min) */
  dedupeWindowMs?: number;
  /** The `maxAge` of a stream this bus creates. @default 72 h */
  maxAgeMs?: number;
  /** How often an idle subscription looks for events it was not told about. @default 1000 */
  pollMs?: number;
  /** How long JetStream waits for an ack before delivering again (a crashed subscriber). @default 30000 */
  ackWaitMs?: number;
  /** Passed to the `nats` client's `connect` (user, pass, token, tls …). */
  connectOptions?: Partial<ConnectionOptions>;
  /** Told of problems the bus works around (a failed fetch, an unreadable message). @default ignored */
  onError?: (error: unknown) => void;
}

/** Stream names may not hold whitespace, `.`, `*`, `>` or path separators. */
const STREAM_NAME = /^[^\s.*>/\\]+$/;

/** Connects, makes sure the stream exists, and returns the bus. */
export async function openJetStreamBus(options: JetStreamBusOptions): Promise<EventBus> {
  checkBusName(options?.namespace, "namespace");
  if (options.name !== undefined) checkBusName(options.name, "EventBus name");
  const streamName = options.streamName ?? "default";
  if (!STREAM_NAME.test(streamName)) throw invalid(`"${streamName}" is not a valid JetStream stream name`);
  if (typeof options.url !== "string" || options.url === "") throw invalid("a JetStream bus needs a url");
  const label = `${options.namespace}/${options.name ?? "default"}`;
  let nc: NatsConnection;
  try {
    const { connect } = await natsClient();
    nc = await connect({
      servers: options.url,
      name: `argosy eventbus ${label}`,
      maxReconnectAttempts: -1,
      ...options.connectOptions,
    });
  } catch (e) {
    throw internal(`event bus ${label}: cannot connect to NATS at ${options.url}: ${(e as Error).message}`, {
      cause: e,
    });
  }
  try {
    const jsm = await nc.jetstreamManager();
    await ensureStream(jsm, streamName, options);
    return new JetStreamBus(nc, jsm, streamName, label, options);
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw wrap(e, `event bus ${label}: cannot set up JetStream stream "${streamName}"`);
  }
}

async function ensureStream(
  jsm: JetStreamManager,
  name: string,
  options: JetStreamBusOptions,
): Promise<void> {
  try {
    await jsm.streams.info(name);
    return;
  } catch (e) {
    if (!isNotFound(e)) throw e;
  }
  const { nanos, RetentionPolicy, StorageType } = await natsClient();
  const config = {
    name,
    subjects: [`${name}.>`],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    duplicate_window: nanos(options.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS),
    max_age: nanos(options.maxAgeMs ?? DEFAULT_MAX_AGE_MS),
  };
  try {
    await jsm.streams.add(config);
  } catch (e) {
    // Another client may have created it between our look and our add.
    await jsm.streams.info(name).catch(() => {
      throw e;
    });
  }
}

/** An ArgosyError as it is; anything else (a NatsError) as `Internal` saying what failed. */
function wrap(e: unknown, what: string): Error {
  if (isArgosyError(e)) return e;
  return internal(`${what}: ${(e as Error)?.message ?? String(e)}`, { cause: e });
}

class JetStreamBus implements EventBus {
  private readonly subscriptions = new Set<Subscription>();
  /** Consumers subscribed through this bus: a second subscription would compete for their messages. */
  private readonly consumers = new Set<string>();
  private readonly encoder = new TextEncoder();
  private closed = false;

  constructor(
    private readonly nc: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly stream: string,
    private readonly label: string,
    private readonly options: JetStreamBusOptions,
  ) {}

  async publish(event: CloudEvent): Promise<PublishResult> {
    this.checkOpen();
    const body = encodeEvent(event);
    const subject = `${this.stream}.${subjectKey(event.source, event.subject)}`;
    try {
      const ack = await this.nc
        .jetstream()
        .publish(subject, this.encoder.encode(body), { msgID: `${event.source}/${event.id}` });
      return { duplicate: ack.duplicate };
    } catch (e) {
      throw internal(`event bus ${this.label}: publishing to ${subject} failed: ${(e as Error).message}`, {
        cause: e,
      });
    }
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.checkOpen();
    const checked = checkSubscribe(options);
    if (this.consumers.has(checked.consumer)) {
      throw conflict(`consumer "${checked.consumer}" is already subscribed to event bus ${this.label}`);
    }
    this.consumers.add(checked.consumer);
    const consumer = await JetStreamConsumer.start({
      ...checked,
      // One server may carry several namespaces' sensors: keep their durables apart.
      consumer: `${this.options.namespace}_${checked.consumer}`,
      nc: this.nc,
      jsm: this.jsm,
      stream: this.stream,
      pollMs: this.options.pollMs ?? 1000,
      ackWaitMs: this.options.ackWaitMs ?? 30_000,
      onError: this.options.onError ?? (() => undefined),
    }).catch((e) => {
      this.consumers.delete(checked.consumer);
      throw wrap(e, `event bus ${this.label}: cannot create the consumers of "${checked.consumer}"`);
    });
    let closing: Promise<void> | undefined;
    const subscription: Subscription = {
      close: () => {
        closing ??= consumer.close().finally(() => {
          this.consumers.delete(checked.consumer);
          this.subscriptions.delete(subscription);
        });
        return closing;
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Closes the subscriptions (handing back events not yet handled), then drains the connection. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    if (!this.nc.isClosed()) await this.nc.drain().catch(() => this.nc.close());
  }

  private checkOpen(): void {
    if (this.closed) throw conflict(`event bus ${this.label} is closed`);
  }
}
