import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { prefixEnd } from "./bus-ops.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "argosy-bus-store-"));
let files = 0;
const freshFile = () => join(dir, `bus-${++files}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sqlite event bus on a file", () => {
  it("keeps events, cursors, de-duplication ids and key-value state across close and reopen", async () => {
    const path = freshFile();
    const event = (id: string) => ({ id, source: "s", subject: "s.e", body: `#${id}` });
    const options = { dedupeWindowMs: 60_000, now: 1000 };
    const first = openSqliteStore({ path });
    await first.busRegisterConsumer("ns/default", "sensor", ["s.e"]);
    for (const id of ["1", "2", "3"]) await first.busPublish("ns/default", event(id), options);
    await first.busAck("ns/default", "sensor", 2);
    await first.kvPut("calendar/ns/cal", "lastTick", "2024-01-02T03:04:05Z");
    await first.close();

    const second = openSqliteStore({ path });
    try {
      expect(await second.busRead("ns/default", "sensor", ["s.e"], 10)).toEqual([{ seq: 3, body: "#3" }]);
      expect(await second.busPublish("ns/default", event("2"), { ...options, now: 2000 })).toEqual({
        seq: 2,
        duplicate: true,
      });
      expect(await second.busPublish("ns/default", event("4"), options)).toEqual({
        seq: 4,
        duplicate: false,
      });
      expect(await second.busRegisterConsumer("ns/default", "sensor", ["s.e"])).toEqual({
        ackedSeq: 2,
        created: false,
      });
      expect(await second.kvGet("calendar/ns/cal", "lastTick")).toBe("2024-01-02T03:04:05Z");
    } finally {
      await second.close();
    }
  });

  it("reads, prunes and lists through indexes, not table scans", async () => {
    const path = freshFile();
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    try {
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[])
          .map((r) => r.detail)
          .join("; ");
      expect(
        plan(
          "SELECT seq, body FROM bus_events WHERE stream = 'a' AND subject = 'b' AND seq > 1 ORDER BY seq LIMIT 5",
        ),
      ).toMatch(/USING INDEX bus_events_by_subject/);
      expect(plan("DELETE FROM bus_events WHERE stream = 'a' AND subject = 'b' AND seq <= 9")).toMatch(
        /USING (COVERING )?INDEX bus_events_by_subject/,
      );
      expect(plan("DELETE FROM bus_events WHERE stream = 'a' AND published_at < 9")).toMatch(
        /USING (COVERING )?INDEX bus_events_by_time/,
      );
      expect(
        plan("SELECT key, value FROM kv_entries WHERE bucket = 'b' AND key >= 'x' AND key < 'y'"),
      ).toMatch(/USING INDEX sqlite_autoindex_kv_entries_1 \(bucket=\? AND key>\? AND key<\?\)/);
    } finally {
      db.close();
    }
  });
});

describe("prefixEnd", () => {
  it.each([
    ["", undefined],
    ["a", "b"],
    ["dep/", "dep0"],
    ["x\u{d7ff}", "x\u{e000}"],
    ["x\u{10ffff}", "y"],
    ["\u{10ffff}", undefined],
    ["é", "ê"],
  ])("of %j is %j", (prefix, end) => {
    expect(prefixEnd(prefix)).toBe(end);
  });
});
