/**
 * The lock manager's tables, its wait-queue order, and their plain-JSON snapshot.
 */

import { decodeLockName } from "../spec/lock-keys.js";
import { invalid } from "../util/errors.js";
import {
  fromStatus,
  type StatusRecord,
  type SynchronizationStatus,
  type SyncType,
  toStatus,
} from "./locks-status.js";

/** One lock: its holders in grant order and its wait queue, best first. */
export interface LockEntry {
  key: string;
  type: SyncType;
  holders: Set<string>;
  /** Holder keys, kept sorted by `compareWaiters`. */
  queue: string[];
  /** Last limit read successfully; Argo falls back to it when the ConfigMap cannot be read. */
  lastLimit?: number;
}

/** A holder waiting for (some of) its keys. */
export interface Waiter {
  holder: string;
  /** Every key of the request, in request order (the order Argo reports the blocking lock in). */
  keys: string[];
  priority: number;
  /** Workflow creation time, epoch milliseconds. */
  created: number;
  /** Arrival order, the last tie-break. */
  seq: number;
}

/** Everything the manager knows. */
export interface LockTables {
  locks: Map<string, LockEntry>;
  waiters: Map<string, Waiter>;
  /** Holder → keys it holds. */
  held: Map<string, Set<string>>;
  /** Workflow key → its `status.synchronization` record. */
  records: Map<string, StatusRecord>;
  seq: number;
}

/** Go's zero `time.Time`: a workflow without a creation time sorts as the oldest. */
export const ZERO_TIME = Date.parse("0001-01-01T00:00:00Z");

export const emptyTables = (): LockTables => ({
  locks: new Map(),
  waiters: new Map(),
  held: new Map(),
  records: new Map(),
  seq: 0,
});

/** Argo's queue order: higher priority, then older workflow; arrival order breaks Argo's heap ties. */
export function compareWaiters(a: Waiter, b: Waiter): number {
  return b.priority - a.priority || a.created - b.created || a.seq - b.seq;
}

/** Inserts `w`, not yet queued on `lock`, at its place (binary search: wide fan-outs stay cheap). */
export function enqueue(lock: LockEntry, w: Waiter, waiters: ReadonlyMap<string, Waiter>): void {
  let lo = 0;
  let hi = lock.queue.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const other = waiters.get(lock.queue[mid] ?? "");
    if (other && compareWaiters(other, w) <= 0) lo = mid + 1;
    else hi = mid;
  }
  lock.queue.splice(lo, 0, w.holder);
}

export function dequeue(lock: LockEntry, holder: string): void {
  const i = lock.queue.indexOf(holder);
  if (i >= 0) lock.queue.splice(i, 1);
}

/** The plain-JSON form of the manager's state. */
export interface LockSnapshot {
  version: 1;
  seq: number;
  locks: Array<{ key: string; type: SyncType; holders: string[]; lastLimit?: number }>;
  waiters: Waiter[];
  statuses: Array<{ workflowKey: string; synchronization: SynchronizationStatus }>;
}

export function snapshotOf(t: LockTables): LockSnapshot {
  const locks: LockSnapshot["locks"] = [];
  for (const l of t.locks.values()) {
    const entry: LockSnapshot["locks"][number] = { key: l.key, type: l.type, holders: [...l.holders] };
    if (l.lastLimit !== undefined) entry.lastLimit = l.lastLimit;
    locks.push(entry);
  }
  return {
    version: 1,
    seq: t.seq,
    locks,
    waiters: [...t.waiters.values()].map((w) => ({ ...w, keys: [...w.keys] })),
    statuses: [...t.records].map(([workflowKey, rec]) => ({ workflowKey, synchronization: toStatus(rec) })),
  };
}

/** Rebuilds tables from a snapshot; queues are re-derived from the waiters. */
export function tablesFrom(s: LockSnapshot): LockTables {
  if (s?.version !== 1) throw invalid(`unsupported lock snapshot version ${String(s?.version)}`);
  const t = emptyTables();
  t.seq = s.seq;
  for (const l of s.locks) {
    const entry: LockEntry = { key: l.key, type: l.type, holders: new Set(l.holders), queue: [] };
    if (l.lastLimit !== undefined) entry.lastLimit = l.lastLimit;
    t.locks.set(l.key, entry);
    for (const h of l.holders) addHeld(t, h, l.key);
  }
  for (const w of s.waiters) t.waiters.set(w.holder, { ...w, keys: [...w.keys] });
  for (const w of t.waiters.values()) {
    for (const key of w.keys) {
      const lock = t.locks.get(key);
      if (!lock) throw invalid(`lock snapshot: waiter ${w.holder} queues for unknown lock ${key}`);
      if (!lock.holders.has(w.holder)) enqueue(lock, w, t.waiters);
    }
  }
  for (const { workflowKey, synchronization } of s.statuses)
    t.records.set(workflowKey, fromStatus(synchronization));
  return t;
}

export function addHeld(t: LockTables, holder: string, key: string): void {
  let keys = t.held.get(holder);
  if (!keys) {
    keys = new Set();
    t.held.set(holder, keys);
  }
  keys.add(key);
}

/** A fresh, empty lock for `key`, or Argo's error for a key Argosy cannot serve. */
export function newLock(key: string): LockEntry | string {
  const name = decodeLockName(key);
  if (name instanceof Error) return name.message;
  // Argo's text when a database lock is used without a configured database.
  if (name.kind === "Database") return "synchronization database session is not available";
  return { key, type: name.kind === "Mutex" ? "mutex" : "semaphore", holders: new Set(), queue: [] };
}

/** A workflow's `metadata.creationTimestamp` in epoch ms; absent sorts as Go's zero time. */
export function creationMillis(ts: string | number | undefined): number {
  if (ts === undefined || ts === "") return ZERO_TIME;
  const ms = typeof ts === "number" ? ts : Date.parse(ts);
  if (Number.isNaN(ms)) throw invalid(`invalid creationTimestamp "${String(ts)}"`);
  return ms;
}
