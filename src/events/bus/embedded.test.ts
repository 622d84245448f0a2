import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import type { EventBus } from "../types.js";
import { type BusHarness, event, recorder, runBusContract } from "./bus-contract.js";
import { openEmbeddedBus } from "./embedded.js";

const dir = mkdtempSync(join(tmpdir(), "argosy-bus-"));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Each bus on its own connection to one temp file, as a restarted server would open it; one fake clock. */
function fileHarness(): BusHarness {
  const path = join(dir, `bus-${++files}.db`);
  let nowMs = Date.parse("2024-05-06T07:08:09Z");
  const open = new Set<EventBus>();
  return {
    async open() {
      const store = openSqliteStore({ path });
      const bus = openEmbeddedBus(store, { namespace: "ns", name: "default", pollMs: 50, now: () => nowMs });
      const wrapped: EventBus = {
        publish: (e) => bus.publish(e),
        subscribe: (o) => bus.subscribe(o),
        close: async () => {
          open.delete(wrapped);
          await bus.close();
          await store.close();
        },
      };
      open.add(wrapped);
      return wrapped;
    },
    advance(ms) {
      nowMs += ms;
    },
    async dispose() {
      for (const bus of [...open]) await bus.close();
    },
  };
}

runBusContract("embedded bus (SQLite file)", async () => fileHarness());

describe("embedded bus", () => {
  const subjectA = { eventSourceName: "src", eventName: "a" };

  it("wakes a subscription on another bus object of the same store at once", async () => {
    // pollMs is an hour: only the in-process notifier can deliver this event.
    const store = openSqliteStore({ path: ":memory:" });
    const publisher = openEmbeddedBus(store, { namespace: "ns", pollMs: 3_600_000 });
    const sensor = openEmbeddedBus(store, { namespace: "ns", pollMs: 3_600_000 });
    const r = recorder();
    await sensor.subscribe({ consumer: "c", subjects: [subjectA], handler: r.handler });
    await publisher.publish(event("src", "a", "1"));
    await r.waitFor(1);
    expect(r.seen).toEqual(["src.a#1"]);
    await publisher.close();
    await sensor.close();
    await store.close();
  });

  it("refuses a bus without a namespace", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    expect(() => openEmbeddedBus(store, { namespace: "" })).toThrow(/namespace/);
    await store.close();
  });

  it("keeps namespaces and EventBus names apart", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const a = openEmbeddedBus(store, { namespace: "one" });
    const b = openEmbeddedBus(store, { namespace: "two" });
    const r = recorder();
    await b.subscribe({ consumer: "c", subjects: [subjectA], handler: r.handler });
    await a.publish(event("src", "a", "elsewhere"));
    expect(await b.publish(event("src", "a", "elsewhere"))).toEqual({ duplicate: false });
    await r.waitFor(1);
    expect(r.seen).toEqual(["src.a#elsewhere"]);
    expect((await store.busStreamInfo("one/default")).events).toBe(1);
    expect((await store.busStreamInfo("two/default")).consumers.map((c) => c.consumer)).toEqual(["c"]);
    await a.close();
    await b.close();
    await store.close();
  });

  it("prunes acknowledged events on its timer", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const pruned = new Promise<void>((resolve) => {
      const original = store.busPrune.bind(store);
      store.busPrune = async (...args: Parameters<Store["busPrune"]>) => {
        const n = await original(...args);
        if (n > 0) resolve();
        return n;
      };
    });
    const bus = openEmbeddedBus(store, { namespace: "ns", pruneIntervalMs: 10 });
    const r = recorder();
    await bus.subscribe({ consumer: "c", subjects: [subjectA], handler: r.handler });
    await bus.publish(event("src", "a", "1"));
    await r.waitFor(1);
    await pruned;
    expect((await store.busStreamInfo("ns/default")).events).toBe(0);
    await bus.close();
    await store.close();
  });

  it("keeps delivering after an event whose handler keeps failing is finally handled", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const bus = openEmbeddedBus(store, { namespace: "ns" });
    const r = recorder((e, attempt) => e.id === "1" && attempt < 4);
    await bus.subscribe({ consumer: "c", subjects: [subjectA], handler: r.handler, redeliveryMs: 0 });
    await bus.publish(event("src", "a", "1"));
    await bus.publish(event("src", "a", "2"));
    await r.waitFor(5);
    expect(r.seen).toEqual(["src.a#1", "src.a#1", "src.a#1", "src.a#1", "src.a#2"]);
    await bus.close(); // waits for the last handler and its ack
    expect((await store.busStreamInfo("ns/default")).consumers[0]?.ackedSeq).toBe(2);
    await store.close();
  });
});
