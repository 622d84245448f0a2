/**
 * The embedded event bus and the key-value state on SQLite (tables of 0004_event_bus.sql). Every
 * function here runs inside a transaction the store opens: writes `BEGIN IMMEDIATE`, so sequences
 * are handed out in commit order (a reader that sees sequence n sees every earlier one), and reads
 * in one snapshot. A read is one indexed range per subject, merged by sequence, so its cost grows
 * with the number of subjects and the batch size, not with the stream's length.
 */
import { invalid, notFound } from "../../util/errors.js";
import type {
  BusEventInput,
  BusEventRecord,
  BusPublishOptions,
  BusPublishResult,
  BusStreamInfo,
  KeyValueEntry,
} from "../types.js";
import type { StoreContext } from "./object-ops.js";

// ---------------------------------------------------------------------------------------------
// Argument checks (run before the transaction, so bad input never takes the write lock)

export function checkName(value: unknown, what: string): string {
  if (typeof value !== "string" || value === "") throw invalid(`${what} must be a non-empty string`);
  return value;
}

function checkCount(value: unknown, what: string, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw invalid(`${what} must be an integer of at least ${min}, got ${String(value)}`);
  }
  return value;
}

function checkTime(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalid(`${what} must be a non-negative number of milliseconds, got ${String(value)}`);
  }
  return Math.floor(value);
}

export function checkSubjects(subjects: unknown): string[] {
  if (!Array.isArray(subjects)) throw invalid("subjects must be an array of strings");
  return [...new Set(subjects.map((s, i) => checkName(s, `subjects[${i}]`)))];
}

export function checkPublish(stream: string, event: BusEventInput, options: BusPublishOptions) {
  checkName(stream, "stream");
  if (typeof event !== "object" || event === null) throw invalid("event must be an object");
  checkName(event.id, "event id");
  checkName(event.source, "event source");
  checkName(event.subject, "event subject");
  if (typeof event.body !== "string") throw invalid("event body must be a string");
  return {
    dedupeWindowMs: checkTime(options?.dedupeWindowMs, "dedupeWindowMs"),
    now: checkTime(options?.now, "now"),
  };
}

export const checkRead = (limit: unknown) => checkCount(limit, "limit", 1);
export const checkSeq = (seq: unknown) => checkCount(seq, "seq", 0);
export const checkPrune = (olderThanMs: unknown, now: unknown) => ({
  olderThanMs: checkTime(olderThanMs, "olderThanMs"),
  now: checkTime(now, "now"),
});

// ---------------------------------------------------------------------------------------------
// The bus

/** Stores the event unless its (source, id) was published within the window. */
export function busPublish(
  ctx: StoreContext,
  stream: string,
  event: BusEventInput,
  options: { dedupeWindowMs: number; now: number },
): BusPublishResult {
  const first = ctx.st.busDedupeSeq.get(stream, event.source, event.id, options.now);
  if (first !== undefined) return { seq: first, duplicate: true };
  const seq = ctx.st.busNextSeq.get(stream)!;
  ctx.st.busInsertEvent.run(stream, seq, event.subject, event.source, event.id, options.now, event.body);
  if (options.dedupeWindowMs > 0) {
    ctx.st.busPutDedupe.run(stream, event.source, event.id, seq, options.now + options.dedupeWindowMs);
  }
  return { seq, duplicate: false };
}

/** Creates the consumer after the stream's last sequence, or updates its subjects; keeps a cursor. */
export function busRegisterConsumer(
  ctx: StoreContext,
  stream: string,
  consumer: string,
  subjects: string[],
): { ackedSeq: number; created: boolean } {
  const last = ctx.st.busLastSeq.get(stream) ?? 0;
  const cursor = ctx.st.busConsumerCursor.get(stream, consumer);
  if (cursor === undefined) ctx.st.busInsertConsumer.run(stream, consumer, last);
  const wanted = new Set(subjects);
  const existing = new Set<string>();
  for (const row of ctx.st.busConsumerSubjects.all(stream, consumer)) {
    existing.add(row.subject);
    if (!wanted.has(row.subject)) ctx.st.busDeleteConsumerSubject.run(stream, consumer, row.subject);
  }
  for (const subject of wanted) {
    if (!existing.has(subject)) ctx.st.busInsertConsumerSubject.run(stream, consumer, subject, last);
  }
  return { ackedSeq: cursor ?? last, created: cursor === undefined };
}

/** Up to `limit` events after the cursor, of these subjects, merged by sequence. */
export function busRead(
  ctx: StoreContext,
  stream: string,
  consumer: string,
  subjects: string[],
  limit: number,
): BusEventRecord[] {
  const cursor = ctx.st.busConsumerCursor.get(stream, consumer);
  if (cursor === undefined) throw notFound(`event bus consumer "${consumer}" of stream "${stream}"`);
  const since = new Map(ctx.st.busConsumerSubjects.all(stream, consumer).map((r) => [r.subject, r.from_seq]));
  const rows: BusEventRecord[] = [];
  for (const subject of subjects) {
    const after = Math.max(cursor, since.get(subject) ?? cursor);
    rows.push(...ctx.st.busReadSubject.all(stream, subject, after, limit));
  }
  return rows.sort((a, b) => a.seq - b.seq).slice(0, limit);
}

/** Moves the cursor forward (never back). */
export function busAck(ctx: StoreContext, stream: string, consumer: string, seq: number): void {
  const last = ctx.st.busLastSeq.get(stream) ?? 0;
  if (seq > last)
    throw invalid(`cannot acknowledge sequence ${seq} of stream "${stream}": its last is ${last}`);
  if (ctx.st.busAck.run(seq, stream, consumer).changes === 0) {
    throw notFound(`event bus consumer "${consumer}" of stream "${stream}"`);
  }
}

export function busDeleteConsumer(ctx: StoreContext, stream: string, consumer: string): boolean {
  return ctx.st.busDeleteConsumer.run(stream, consumer).changes > 0;
}

/** Deletes what no consumer needs any more and what is past maxAge; forgets ended dedupe windows. */
export function busPrune(ctx: StoreContext, stream: string, olderThanMs: number, now: number): number {
  let deleted = ctx.st.busDeleteOlderThan.run(stream, now - olderThanMs).changes;
  for (const { subject, upto } of ctx.st.busWatermarks.all(stream)) {
    deleted += ctx.st.busDeleteUpTo.run(stream, subject, upto).changes;
  }
  deleted += ctx.st.busDeleteUnread.run(stream).changes;
  ctx.st.busDeleteExpiredDedupe.run(stream, now);
  return deleted;
}

export function busStreamInfo(ctx: StoreContext, stream: string): BusStreamInfo {
  const subjects = new Map<string, string[]>();
  for (const row of ctx.st.busListSubjects.all(stream)) {
    const list = subjects.get(row.consumer) ?? [];
    list.push(row.subject);
    subjects.set(row.consumer, list);
  }
  return {
    lastSeq: ctx.st.busLastSeq.get(stream) ?? 0,
    events: ctx.st.busCountEvents.get(stream) ?? 0,
    consumers: ctx.st.busListConsumers.all(stream).map((row) => ({
      consumer: row.consumer,
      ackedSeq: row.acked_seq,
      subjects: subjects.get(row.consumer) ?? [],
    })),
  };
}

// ---------------------------------------------------------------------------------------------
// Key-value state

export function kvList(ctx: StoreContext, bucket: string, prefix = ""): KeyValueEntry[] {
  const end = prefixEnd(prefix);
  const rows =
    end === undefined ? ctx.st.kvListFrom.all(bucket, prefix) : ctx.st.kvListRange.all(bucket, prefix, end);
  return rows.map((row) => ({ key: row.key, value: row.value }));
}

/**
 * The smallest string greater than every string starting with `prefix`, in SQLite's BINARY order
 * (UTF-8 bytes, i.e. code points): the prefix with its last code point incremented, past the
 * surrogate range; undefined when there is none (empty prefix, or only U+10FFFF code points).
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix, (c) => c.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      const next = last + 1;
      points.push(next >= 0xd800 && next <= 0xdfff ? 0xe000 : next);
      return String.fromCodePoint(...points);
    }
  }
  return undefined;
}
