/**
 * Store suite: the embedded event bus (streams, durable consumers, de-duplication, pruning) and the
 * key-value state. Only the `Store` interface is used, so PostgreSQL runs the same tests.
 */
import { describe, expect, it } from "vitest";
import type { CurrentStore } from "./store-suite-fixtures.js";
import type { Store } from "./types.js";

const WINDOW = { dedupeWindowMs: 300_000, now: 1_000 };

/** Publishes one event of `subject` with a body naming it; returns its sequence. */
async function put(store: Store, stream: string, subject: string, id: string, now = WINDOW.now) {
  const result = await store.busPublish(
    stream,
    { id, source: subject.split(".")[0]!, subject, body: `${subject}#${id}` },
    { dedupeWindowMs: WINDOW.dedupeWindowMs, now },
  );
  return result.seq;
}

const bodies = (rows: { body: string }[]) => rows.map((r) => r.body);

export function registerBusTests(current: CurrentStore): void {
  describe("event bus", () => {
    it("hands out increasing sequences per stream, each stream its own", async () => {
      const store = current();
      expect(await put(store, "ns/a", "s.e", "1")).toBe(1);
      expect(await put(store, "ns/a", "s.e", "2")).toBe(2);
      expect(await put(store, "ns/b", "s.e", "1")).toBe(1);
      expect((await store.busStreamInfo("ns/a")).lastSeq).toBe(2);
      expect(await store.busStreamInfo("ns/none")).toEqual({ lastSeq: 0, events: 0, consumers: [] });
    });

    it("starts a new consumer after the events published before it registered", async () => {
      const store = current();
      await put(store, "st", "s.e", "before");
      expect(await store.busRegisterConsumer("st", "c", ["s.e"])).toEqual({ ackedSeq: 1, created: true });
      await put(store, "st", "s.e", "after");
      expect(bodies(await store.busRead("st", "c", ["s.e"], 10))).toEqual(["s.e#after"]);
    });

    it("reads the given subjects after the cursor in sequence order, up to the limit", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["a.x", "b.y"]);
      for (const [subject, id] of [
        ["a.x", "1"],
        ["c.z", "2"],
        ["b.y", "3"],
        ["a.x", "4"],
        ["b.y", "5"],
      ] as const) {
        await put(store, "st", subject, id);
      }
      const all = await store.busRead("st", "c", ["a.x", "b.y"], 10);
      expect(all.map((r) => r.seq)).toEqual([1, 3, 4, 5]);
      expect(bodies(all)).toEqual(["a.x#1", "b.y#3", "a.x#4", "b.y#5"]);
      expect(bodies(await store.busRead("st", "c", ["a.x", "b.y"], 2))).toEqual(["a.x#1", "b.y#3"]);
      expect(bodies(await store.busRead("st", "c", ["b.y"], 10))).toEqual(["b.y#3", "b.y#5"]);
    });

    it("moves the cursor on ack and ignores an ack below it", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.e"]);
      for (const id of ["1", "2", "3"]) await put(store, "st", "s.e", id);
      await store.busAck("st", "c", 2);
      expect(bodies(await store.busRead("st", "c", ["s.e"], 10))).toEqual(["s.e#3"]);
      await store.busAck("st", "c", 1);
      expect(bodies(await store.busRead("st", "c", ["s.e"], 10))).toEqual(["s.e#3"]);
      expect((await store.busStreamInfo("st")).consumers).toEqual([
        { consumer: "c", ackedSeq: 2, subjects: ["s.e"] },
      ]);
    });

    it("rejects an ack past the last sequence and an unknown consumer", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.e"]);
      await put(store, "st", "s.e", "1");
      await expect(store.busAck("st", "c", 2)).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busAck("st", "nobody", 1)).rejects.toMatchObject({ code: "NotFound" });
      await expect(store.busRead("st", "nobody", ["s.e"], 1)).rejects.toMatchObject({ code: "NotFound" });
    });

    it("drops a second publish of a source and id within the window, and stores it after", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.e", "t.e"]);
      const publish = (source: string, id: string, now: number) =>
        store.busPublish(
          "st",
          { id, source, subject: `${source}.e`, body: `${source}/${id}@${now}` },
          { dedupeWindowMs: 1000, now },
        );
      expect(await publish("s", "x", 0)).toEqual({ seq: 1, duplicate: false });
      expect(await publish("s", "x", 999)).toEqual({ seq: 1, duplicate: true });
      expect(await publish("t", "x", 999)).toEqual({ seq: 2, duplicate: false });
      // The window counts from the first publish; a duplicate does not extend it.
      expect(await publish("s", "x", 1000)).toEqual({ seq: 3, duplicate: false });
      expect(await publish("s", "x", 1500)).toEqual({ seq: 3, duplicate: true });
      expect(bodies(await store.busRead("st", "c", ["s.e", "t.e"], 10))).toEqual([
        "s/x@0",
        "t/x@999",
        "s/x@1000",
      ]);
      const other = await store.busPublish(
        "other",
        { id: "x", source: "s", subject: "s.e", body: "" },
        { dedupeWindowMs: 1000, now: 1 },
      );
      expect(other.duplicate).toBe(false);
    });

    it("keeps the cursor when subjects change; an added subject starts when it is added", async () => {
      const store = current();
      expect((await store.busRegisterConsumer("st", "c", ["a.x"])).created).toBe(true);
      await put(store, "st", "a.x", "1");
      await put(store, "st", "b.y", "2");
      expect(await store.busRegisterConsumer("st", "c", ["a.x", "b.y"])).toEqual({
        ackedSeq: 0,
        created: false,
      });
      await put(store, "st", "b.y", "3");
      expect(bodies(await store.busRead("st", "c", ["a.x", "b.y"], 10))).toEqual(["a.x#1", "b.y#3"]);
      await store.busRegisterConsumer("st", "c", ["b.y"]);
      expect((await store.busStreamInfo("st")).consumers[0]?.subjects).toEqual(["b.y"]);
    });

    it("prunes events every consumer of their subject acknowledged, and keeps the others", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "a", ["s.one"]);
      await store.busRegisterConsumer("st", "b", ["s.one", "s.two"]);
      await put(store, "st", "s.one", "1");
      await put(store, "st", "s.two", "2");
      await put(store, "st", "s.one", "3");
      await store.busAck("st", "a", 3);
      await store.busAck("st", "b", 1);
      expect(await store.busPrune("st", 3_600_000, WINDOW.now)).toBe(1);
      expect(bodies(await store.busRead("st", "b", ["s.one", "s.two"], 10))).toEqual(["s.two#2", "s.one#3"]);
      await store.busAck("st", "b", 3);
      expect(await store.busPrune("st", 3_600_000, WINDOW.now)).toBe(2);
      expect((await store.busStreamInfo("st")).events).toBe(0);
      // Sequences go on from where they were, so cursors stay meaningful.
      expect(await put(store, "st", "s.one", "4")).toBe(4);
    });

    it("prunes events no consumer reads, and events past the age limit even unacknowledged", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.kept"]);
      await put(store, "st", "s.unread", "1", 0);
      await put(store, "st", "s.kept", "2", 0);
      await put(store, "st", "s.kept", "3", 5000);
      expect(await store.busPrune("st", 10_000, 9000)).toBe(1);
      expect(bodies(await store.busRead("st", "c", ["s.kept"], 10))).toEqual(["s.kept#2", "s.kept#3"]);
      expect(await store.busPrune("st", 10_000, 12_000)).toBe(1);
      expect(bodies(await store.busRead("st", "c", ["s.kept"], 10))).toEqual(["s.kept#3"]);
    });

    it("still drops a duplicate after its event was acknowledged and pruned", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.e"]);
      const seq = await put(store, "st", "s.e", "x", 0);
      await store.busAck("st", "c", seq);
      expect(await store.busPrune("st", 3_600_000, 10)).toBe(1);
      const again = await store.busPublish(
        "st",
        { id: "x", source: "s", subject: "s.e", body: "" },
        { dedupeWindowMs: 1000, now: 20 },
      );
      expect(again).toEqual({ seq, duplicate: true });
    });

    it("releases a deleted consumer's events for pruning", async () => {
      const store = current();
      await store.busRegisterConsumer("st", "c", ["s.e"]);
      await put(store, "st", "s.e", "1");
      expect(await store.busPrune("st", 3_600_000, WINDOW.now)).toBe(0);
      expect(await store.busDeleteConsumer("st", "c")).toBe(true);
      expect(await store.busDeleteConsumer("st", "c")).toBe(false);
      expect(await store.busPrune("st", 3_600_000, WINDOW.now)).toBe(1);
    });

    it("rejects bad arguments with Invalid", async () => {
      const store = current();
      const event = { id: "1", source: "s", subject: "s.e", body: "{}" };
      await expect(store.busPublish("", event, WINDOW)).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busPublish("st", { ...event, id: "" }, WINDOW)).rejects.toMatchObject({
        code: "Invalid",
      });
      await expect(
        store.busPublish("st", { ...event, body: 1 as unknown as string }, WINDOW),
      ).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busPublish("st", event, { dedupeWindowMs: -1, now: 0 })).rejects.toMatchObject({
        code: "Invalid",
      });
      await store.busRegisterConsumer("st", "c", ["s.e"]);
      await expect(store.busRead("st", "c", ["s.e"], 0)).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busRegisterConsumer("st", "c", [""])).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busAck("st", "c", 1.5)).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.busPrune("st", Number.NaN, 0)).rejects.toMatchObject({ code: "Invalid" });
      expect((await store.busStreamInfo("st")).lastSeq).toBe(0);
    });
  });

  describe("key-value state", () => {
    it("puts, replaces, gets and deletes values, each bucket its own", async () => {
      const store = current();
      expect(await store.kvGet("b", "k")).toBeUndefined();
      await store.kvPut("b", "k", "one");
      await store.kvPut("b", "k", "two");
      await store.kvPut("other", "k", "elsewhere");
      expect(await store.kvGet("b", "k")).toBe("two");
      await store.kvDelete("b", "k");
      await store.kvDelete("b", "k");
      expect(await store.kvGet("b", "k")).toBeUndefined();
      expect(await store.kvGet("other", "k")).toBe("elsewhere");
      await store.kvPut("b", "empty", "");
      expect(await store.kvGet("b", "empty")).toBe("");
    });

    it("lists by key prefix in key order", async () => {
      const store = current();
      const keys = ["dep/a", "dep/b", "dep0", "de", "dep/\u{10ffff}", "dep/é", "other"];
      for (const key of keys) await store.kvPut("b", key, `v:${key}`);
      await store.kvPut("b2", "dep/z", "not this bucket");
      expect((await store.kvList("b", "dep/")).map((e) => e.key)).toEqual([
        "dep/a",
        "dep/b",
        "dep/é",
        "dep/\u{10ffff}",
      ]);
      expect(await store.kvList("b", "dep/a")).toEqual([{ key: "dep/a", value: "v:dep/a" }]);
      expect((await store.kvList("b")).map((e) => e.key)).toEqual([
        "de",
        "dep/a",
        "dep/b",
        "dep/é",
        "dep/\u{10ffff}",
        "dep0",
        "other",
      ]);
      expect(await store.kvList("b", "nothing")).toEqual([]);
    });

    it("rejects an empty bucket or key and a value that is not a string", async () => {
      const store = current();
      await expect(store.kvPut("", "k", "v")).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.kvGet("b", "")).rejects.toMatchObject({ code: "Invalid" });
      await expect(store.kvPut("b", "k", 3 as unknown as string)).rejects.toMatchObject({ code: "Invalid" });
    });
  });
}
