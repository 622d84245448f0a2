/**
 * The contract every EventBus passes (the embedded one and JetStream), written only against the
 * `EventBus` interface: order, at-least-once delivery, de-duplication by source and id, durable
 * consumers that resume after a restart, fan-out to several consumers, and subject filtering.
 * No test waits for time to pass: each waits for the events it expects, and proves that nothing
 * else came by publishing a later marker event and checking what arrived before it.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { CloudEvent, EventBus, Subject } from "../types.js";

export interface BusHarness {
  /** A new bus on the same durable backing (the same store file, the same server and stream). */
  open(): Promise<EventBus>;
  /** Moves the bus's clock forward, where the harness controls it. */
  advance?: (ms: number) => void;
  /** Closes what is still open and removes the backing. */
  dispose(): Promise<void>;
}

export function event(source: string, name: string, id: string, data: unknown = { n: id }): CloudEvent {
  return {
    specversion: "1.0",
    id,
    source,
    subject: name,
    type: "webhook",
    time: "2024-05-06T07:08:09Z",
    datacontenttype: "application/json",
    data,
  };
}

const subject = (eventSourceName: string, eventName: string): Subject => ({ eventSourceName, eventName });

/** Records what a handler got (`source.subject#id`) and lets a test wait for a count. */
export function recorder(fail?: (e: CloudEvent, attempt: number) => boolean) {
  const seen: string[] = [];
  const events: CloudEvent[] = [];
  const attempts = new Map<string, number>();
  let waiters: { n: number; resolve: () => void }[] = [];
  return {
    seen,
    events,
    handler: async (e: CloudEvent) => {
      seen.push(`${e.source}.${e.subject}#${e.id}`);
      events.push(e);
      const attempt = (attempts.get(e.id) ?? 0) + 1;
      attempts.set(e.id, attempt);
      const ready = waiters.filter((w) => seen.length >= w.n);
      waiters = waiters.filter((w) => seen.length < w.n);
      for (const w of ready) w.resolve();
      if (fail?.(e, attempt)) throw new Error(`handler refuses ${e.id} (attempt ${attempt})`);
    },
    /** Resolves once at least `n` deliveries happened. */
    waitFor(n: number): Promise<void> {
      if (seen.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

export function runBusContract(name: string, makeHarness: () => Promise<BusHarness>): void {
  describe(name, () => {
    let h: BusHarness;
    beforeEach(async () => {
      h = await makeHarness();
    });
    afterEach(async () => {
      await h.dispose();
    });

    const A = subject("src", "a");
    const B = subject("src", "b");

    it("delivers events in publish order, across its subjects, with their fields unchanged", async () => {
      const bus = await h.open();
      const r = recorder();
      await bus.subscribe({ consumer: "c", subjects: [A, B], handler: r.handler });
      const sent: CloudEvent[] = [];
      for (let i = 1; i <= 12; i++) {
        const e = event("src", i % 3 === 0 ? "b" : "a", `e${i}`, { i, nested: { list: [i, "x"] } });
        sent.push(e);
        expect(await bus.publish(e)).toEqual({ duplicate: false });
      }
      await r.waitFor(12);
      expect(r.events).toEqual(sent);
      await bus.close();
    });

    it("delivers an event again after the handler throws, before anything later, and loses none", async () => {
      const bus = await h.open();
      const r = recorder((e, attempt) => e.id === "2" && attempt <= 2);
      await bus.subscribe({ consumer: "c", subjects: [A, B], handler: r.handler, redeliveryMs: 5 });
      await bus.publish(event("src", "a", "1"));
      await bus.publish(event("src", "b", "2"));
      await bus.publish(event("src", "a", "3"));
      await r.waitFor(5);
      expect(r.seen).toEqual(["src.a#1", "src.b#2", "src.b#2", "src.b#2", "src.a#3"]);
      await bus.close();

      // Everything was acknowledged: after a restart the first event is the next one published.
      const again = await h.open();
      const after = recorder();
      await again.subscribe({ consumer: "c", subjects: [A, B], handler: after.handler });
      await again.publish(event("src", "a", "4"));
      await after.waitFor(1);
      expect(after.seen[0]).toBe("src.a#4");
      await again.close();
    });

    it("drops a second event with the same source and id within the window", async () => {
      const bus = await h.open();
      const r = recorder();
      await bus.subscribe({ consumer: "c", subjects: [A, subject("other", "a")], handler: r.handler });
      expect(await bus.publish(event("src", "a", "x", { first: true }))).toEqual({ duplicate: false });
      expect(await bus.publish(event("src", "a", "x", { first: false }))).toEqual({ duplicate: true });
      expect(await bus.publish(event("other", "a", "x"))).toEqual({ duplicate: false });
      await bus.publish(event("src", "a", "marker"));
      await r.waitFor(3);
      expect(r.seen).toEqual(["src.a#x", "other.a#x", "src.a#marker"]);
      expect(r.events[0]?.data).toEqual({ first: true });
      if (h.advance) {
        h.advance(5 * 60_000);
        expect(await bus.publish(event("src", "a", "x", { first: "again" }))).toEqual({ duplicate: false });
        await r.waitFor(4);
        expect(r.events[3]?.data).toEqual({ first: "again" });
      }
      await bus.close();
    });

    it("resumes after its last acknowledged event when opened again", async () => {
      const first = await h.open();
      const r1 = recorder((e) => e.id === "2");
      await first.subscribe({ consumer: "c", subjects: [A], handler: r1.handler, redeliveryMs: 5 });
      await first.publish(event("src", "a", "1"));
      await first.publish(event("src", "a", "2"));
      await r1.waitFor(2);
      await first.close();

      const second = await h.open();
      await second.publish(event("src", "a", "3"));
      const r2 = recorder();
      await second.subscribe({ consumer: "c", subjects: [A], handler: r2.handler });
      await r2.waitFor(2);
      expect(r2.seen.slice(0, 2)).toEqual(["src.a#2", "src.a#3"]);
      expect(r1.seen[0]).toBe("src.a#1");
      await second.close();
    });

    it("gives every event to each of two consumers", async () => {
      const bus = await h.open();
      const one = recorder();
      const two = recorder();
      await bus.subscribe({ consumer: "one", subjects: [A], handler: one.handler });
      await bus.subscribe({ consumer: "two", subjects: [A, B], handler: two.handler });
      for (const id of ["1", "2", "3"]) await bus.publish(event("src", id === "2" ? "b" : "a", id));
      await one.waitFor(2);
      await two.waitFor(3);
      expect(one.seen).toEqual(["src.a#1", "src.a#3"]);
      expect(two.seen).toEqual(["src.a#1", "src.b#2", "src.a#3"]);
      await bus.close();
    });

    it("delivers only the subjects subscribed to, names with dots kept apart", async () => {
      const bus = await h.open();
      const dotted = recorder();
      const plain = recorder();
      await bus.subscribe({ consumer: "dotted", subjects: [subject("a.b", "c")], handler: dotted.handler });
      await bus.subscribe({ consumer: "plain", subjects: [subject("a", "b.c")], handler: plain.handler });
      await bus.publish(event("a", "b.c", "1"));
      await bus.publish(event("a.b", "c", "2"));
      await bus.publish(event("nobody", "listens", "3"));
      await bus.publish(event("a.b", "c", "4"));
      await bus.publish(event("a", "b.c", "5"));
      await dotted.waitFor(2);
      await plain.waitFor(2);
      expect(dotted.seen).toEqual(["a.b.c#2", "a.b.c#4"]);
      expect(plain.seen).toEqual(["a.b.c#1", "a.b.c#5"]);
      await bus.close();
    });

    it("starts a new consumer with the events published after it first subscribed", async () => {
      const bus = await h.open();
      await bus.publish(event("src", "a", "early"));
      const r = recorder();
      await bus.subscribe({ consumer: "late", subjects: [A], handler: r.handler });
      await bus.publish(event("src", "a", "later"));
      await r.waitFor(1);
      expect(r.seen[0]).toBe("src.a#later");
      await bus.close();
    });

    it("refuses bad events, bad subscriptions, a consumer subscribed twice, and use after close", async () => {
      const bus = await h.open();
      await expect(bus.publish({ ...event("src", "a", "1"), id: "" })).rejects.toMatchObject({
        code: "Invalid",
      });
      await expect(bus.publish({ ...event("src", "a", "1"), data: 1n })).rejects.toMatchObject({
        code: "Invalid",
      });
      const handler = async () => undefined;
      await expect(bus.subscribe({ consumer: "c", subjects: [], handler })).rejects.toMatchObject({
        code: "Invalid",
      });
      await expect(bus.subscribe({ consumer: "", subjects: [A], handler })).rejects.toMatchObject({
        code: "Invalid",
      });
      const sub = await bus.subscribe({ consumer: "c", subjects: [A], handler });
      await expect(bus.subscribe({ consumer: "c", subjects: [A], handler })).rejects.toMatchObject({
        code: "Conflict",
      });
      await sub.close();
      await (await bus.subscribe({ consumer: "c", subjects: [A], handler })).close();
      await bus.close();
      await expect(bus.publish(event("src", "a", "1"))).rejects.toMatchObject({ code: "Conflict" });
    });
  });
}
