/**
 * One subscription on JetStream. nats-server 2.9 gives a consumer one filter subject, so each
 * subject gets its own durable pull consumer (`<consumer>-<hash(subject)>`, DeliverPolicy New,
 * explicit ack, at most one unacknowledged message), and this class merges them into one handler
 * queue in stream-sequence order (the embedded bus's order):
 *
 * - a *lane* per subject holds at most its next message (its head);
 * - each round reads the stream's last sequence L, then fetches (no-wait) a head for every empty
 *   lane. A lane found empty after L was read has nothing at or below L, so the smallest head at
 *   or below L is the next event in stream order; it is handled, acknowledged (`ackAck`, so a
 *   restart does not see it again), and its lane fetches its next head before the next pick;
 * - a handler that throws gets the same message again after `redeliveryMs`, held here (and kept
 *   alive with `working()`) rather than nak'ed, so nothing else overtakes it; a crash leaves it
 *   unacknowledged and JetStream hands it out again after ackWait, and a lane that starts with a
 *   message still out that way holds the other lanes back at its ack floor until it is back;
 * - idle, it sleeps until a core-NATS subscription to the same subjects sees a publish (from any
 *   process), or for `pollMs`. On close, heads not handled are nak'ed for the next subscriber.
 */
import type {
  JetStreamManager,
  JsMsg,
  NatsConnection,
  NatsError,
  Subscription as NatsSubscription,
} from "nats";
import { internal } from "../../util/errors.js";
import { natsClient } from "../clients.js";
import type { Subscription } from "../types.js";
import { decodeEvent } from "./codec.js";
import { type CheckedSubscription, durableName } from "./subjects.js";
import { Wakeup } from "./wakeup.js";

export interface JetStreamConsumerOptions extends CheckedSubscription {
  nc: NatsConnection;
  jsm: JetStreamManager;
  stream: string;
  pollMs: number;
  ackWaitMs: number;
  onError: (error: unknown) => void;
}

interface Lane {
  durable: string;
  filter: string;
  head?: JsMsg;
  /**
   * Set when, at start, a message of this lane was out with an earlier subscriber that never
   * acknowledged it (a crash): it comes back after ackWait with a sequence above this ack floor, so
   * until then no other lane may deliver anything past the floor.
   */
  heldAbove?: number;
}

/** True for JetStream's "not found" answers (stream or consumer). */
export function isNotFound(e: unknown): boolean {
  return (e as NatsError)?.api_error?.code === 404;
}

/** A wake can come before the stream has stored the message: look again this soon once. */
const SETTLE_MS = 25;

export class JetStreamConsumer implements Subscription {
  private closed = false;
  private readonly news = new Wakeup();
  private readonly pause = new Wakeup();
  private readonly decoder = new TextDecoder();
  private readonly wakers: NatsSubscription[] = [];
  /** The fetch under way: on nats-server 2.9 one can wait until ackWait for a message a crash left out. */
  private fetching: { stop(): void } | undefined;
  private done: Promise<void> = Promise.resolve();

  private constructor(
    private readonly o: JetStreamConsumerOptions,
    private readonly lanes: Lane[],
  ) {}

  /** Creates (or finds) the durable consumers, then starts delivering. */
  static async start(o: JetStreamConsumerOptions): Promise<JetStreamConsumer> {
    const lanes = o.subjects.map((key) => ({
      durable: durableName(o.consumer, key),
      filter: `${o.stream}.${key}`,
    }));
    const consumer = new JetStreamConsumer(o, lanes);
    for (const lane of lanes) await consumer.ensureDurable(lane);
    for (const lane of lanes) {
      consumer.wakers.push(o.nc.subscribe(lane.filter, { callback: () => consumer.news.wake() }));
    }
    consumer.done = consumer.run();
    return consumer;
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.news.wake();
      this.pause.wake();
      this.fetching?.stop();
    }
    await this.done;
    for (const waker of this.wakers.splice(0)) waker.unsubscribe();
    for (const lane of this.lanes) {
      lane.head?.nak();
      lane.head = undefined;
    }
  }

  private async ensureDurable(lane: Lane): Promise<void> {
    try {
      const info = await this.o.jsm.consumers.info(this.o.stream, lane.durable);
      if (info.num_ack_pending > 0) lane.heldAbove = info.ack_floor.stream_seq;
    } catch (e) {
      if (!isNotFound(e)) throw e;
      const { AckPolicy, DeliverPolicy, nanos } = await natsClient();
      await this.o.jsm.consumers.add(this.o.stream, {
        durable_name: lane.durable,
        filter_subject: lane.filter,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.New,
        ack_wait: nanos(this.o.ackWaitMs),
        max_ack_pending: 1,
        max_deliver: -1,
      });
    }
  }

  private async run(): Promise<void> {
    let settle = false;
    while (!this.closed) {
      this.news.reset();
      let outcome: "more" | "idle" | "blocked";
      try {
        outcome = await this.round();
      } catch (e) {
        this.o.onError(e);
        outcome = "blocked";
      }
      if (this.closed || outcome === "more") continue;
      const woken = await this.news.wait(settle && outcome === "idle" ? SETTLE_MS : this.o.pollMs);
      settle = woken;
    }
  }

  /** Delivers, in stream order, every head it can prove is next; says whether to go on at once. */
  private async round(): Promise<"more" | "idle" | "blocked"> {
    let bound = (await this.o.jsm.streams.info(this.o.stream)).state.last_seq;
    for (const lane of this.lanes) {
      if (!lane.head && !(await this.fill(lane))) return "blocked";
      if (lane.heldAbove !== undefined) bound = Math.min(bound, await this.recovering(lane));
    }
    for (;;) {
      if (this.closed) return "idle";
      let next: Lane | undefined;
      for (const lane of this.lanes) {
        const seq = lane.head?.info.streamSequence;
        if (seq !== undefined && seq <= bound && (!next || seq < next.head!.info.streamSequence)) next = lane;
      }
      if (!next) break;
      const message = next.head!;
      if (!(await this.deliver(message))) return "idle";
      next.head = undefined;
      if (!(await this.fill(next))) return "blocked";
    }
    if (this.lanes.some((lane) => lane.heldAbove !== undefined)) return "blocked";
    return this.lanes.some((lane) => lane.head) ? "more" : "idle";
  }

  /**
   * For a lane whose message is out with a crashed subscriber: the bound it puts on the others, or
   * none (Infinity) once the message is back here or no longer out (acked, or gone with maxAge).
   */
  private async recovering(lane: Lane): Promise<number> {
    if (!lane.head) {
      const info = await this.o.jsm.consumers.info(this.o.stream, lane.durable);
      if (info.num_ack_pending > 0) return lane.heldAbove ?? Number.POSITIVE_INFINITY;
    }
    lane.heldAbove = undefined;
    return Number.POSITIVE_INFINITY;
  }

  /** Fetches the lane's next message if there is one now; false when the fetch failed. */
  private async fill(lane: Lane): Promise<boolean> {
    try {
      const messages = this.o.nc.jetstream().fetch(this.o.stream, lane.durable, { batch: 1, no_wait: true });
      this.fetching = messages;
      for await (const message of messages) lane.head = message;
      return true;
    } catch (e) {
      this.o.onError(e);
      // A durable deleted behind our back comes back (from now on, as a new one would).
      if (isNotFound(e)) await this.ensureDurable(lane).catch((again) => this.o.onError(again));
      return false;
    } finally {
      this.fetching = undefined;
    }
  }

  /** Handles one message until the handler resolves, then acks it; false when closed first. */
  private async deliver(message: JsMsg): Promise<boolean> {
    const event = decodeEvent(this.decoder.decode(message.data));
    if (event === undefined) {
      this.o.onError(
        internal(`skipped message ${message.info.streamSequence} on ${message.subject}: not a CloudEvent`),
      );
    } else {
      const keepAlive = setInterval(() => message.working(), Math.max(1000, this.o.ackWaitMs / 3));
      keepAlive.unref();
      try {
        for (;;) {
          if (this.closed) return false;
          try {
            await this.o.handler(event);
            break;
          } catch {
            await this.pause.wait(this.o.redeliveryMs);
          }
        }
      } finally {
        clearInterval(keepAlive);
      }
    }
    try {
      if (!(await message.ackAck())) throw internal(`no confirmation of the ack of ${message.subject}`);
    } catch (e) {
      // The ack may not have landed: JetStream delivers the message again (at least once).
      this.o.onError(e);
    }
    return true;
  }
}
