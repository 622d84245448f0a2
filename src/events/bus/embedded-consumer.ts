/**
 * One subscription of the embedded bus: a loop that reads a batch after the consumer's cursor,
 * hands the events to the handler one at a time in sequence order, and acknowledges each one after
 * the handler resolved. A handler that throws gets the same event again after `redeliveryMs`, and
 * nothing after it is delivered first, so the order holds. When nothing is left it sleeps until a
 * publish in this process wakes it, or for `pollMs` (publishes by other processes on the file).
 */

import type { BusEventRecord, Store } from "../../store/types.js";
import { internal } from "../../util/errors.js";
import type { Subscription } from "../types.js";
import { decodeEvent } from "./codec.js";
import type { CheckedSubscription } from "./subjects.js";
import { Wakeup } from "./wakeup.js";

/** Events read per store round trip; small, since each is handled (and acked) before the next read. */
const BATCH = 64;

export interface EmbeddedConsumerOptions extends CheckedSubscription {
  store: Store;
  stream: string;
  pollMs: number;
  onError: (error: unknown) => void;
}

export class EmbeddedConsumer implements Subscription {
  private closed = false;
  /** Woken by publishes (new events) and by close. */
  private readonly news = new Wakeup();
  /** Woken only by close: the wait before a redelivery or a retried ack. */
  private readonly pause = new Wakeup();
  private readonly done: Promise<void>;

  constructor(private readonly o: EmbeddedConsumerOptions) {
    this.done = this.run();
  }

  /** A new event may be there. */
  readonly notify = (): void => this.news.wake();

  /** Stops delivery; waits for a handler that is running to finish (and its ack). */
  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      this.news.wake();
      this.pause.wake();
    }
    await this.done;
  }

  private async run(): Promise<void> {
    const { store, stream, consumer, subjects } = this.o;
    while (!this.closed) {
      this.news.reset();
      let batch: BusEventRecord[];
      try {
        batch = await store.busRead(stream, consumer, subjects, BATCH);
      } catch (e) {
        this.o.onError(e);
        await this.news.wait(this.o.pollMs);
        continue;
      }
      if (batch.length === 0) {
        await this.news.wait(this.o.pollMs);
        continue;
      }
      for (const record of batch) {
        if (!(await this.deliver(record))) return;
      }
    }
  }

  /** Handles one event until it is acknowledged; false when the subscription closed first. */
  private async deliver(record: BusEventRecord): Promise<boolean> {
    const event = decodeEvent(record.body);
    if (event === undefined) {
      // Only a damaged row can get here (publish stores valid JSON); holding it would stop the consumer.
      this.o.onError(
        internal(`skipped event ${record.seq} of ${this.o.stream}: its body is not a CloudEvent`),
      );
    } else {
      for (;;) {
        if (this.closed) return false;
        try {
          await this.o.handler(event);
          break;
        } catch {
          // The handler's failure is its own to report; the bus's part is to deliver it again.
          await this.pause.wait(this.o.redeliveryMs);
        }
      }
    }
    for (;;) {
      try {
        await this.o.store.busAck(this.o.stream, this.o.consumer, record.seq);
        return true;
      } catch (e) {
        // Unacknowledged, the event is delivered again by the next subscription: at least once.
        this.o.onError(e);
        if (this.closed) return false;
        await this.pause.wait(this.o.pollMs);
      }
    }
  }
}
