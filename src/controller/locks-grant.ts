/**
 * Who may take a lock, and the grant loop. Free functions over `LockTables` so the manager class
 * stays a thin facade; `limit` reads a lock's current limit.
 */
import { workflowKeyOf } from "../spec/lock-keys.js";
import {
  addHeld,
  compareWaiters,
  dequeue,
  enqueue,
  type LockEntry,
  type LockTables,
  type Waiter,
} from "./locks-state.js";
import { ensureType, lockAcquired, lockReleased, type StatusRecord } from "./locks-status.js";

/** A lock's limit right now: 1 for a mutex, the semaphore's configured (or last good) limit. */
export type LimitOf = (lock: LockEntry) => number;

/** `ns/wf/` when `holder` is a node, so its workflow's other nodes can be recognised. */
function nodePrefix(holder: string): string | undefined {
  const parts = holder.split("/");
  return parts.length === 3 ? `${parts[0]}/${parts[1]}/` : undefined;
}

const isNodeUnder = (holder: string, prefix: string | undefined): boolean =>
  prefix !== undefined && holder.startsWith(prefix) && holder.indexOf("/", prefix.length) < 0;

/** Argo lets the head of a queue take the lock, and any other node of the head's workflow. */
export function mayTake(lock: LockEntry, holder: string): boolean {
  const head = lock.queue[0];
  return head === undefined || head === holder || isNodeUnder(holder, nodePrefix(head));
}

/** The first of `w`'s keys it cannot take now, with Argo's message (`checkAcquire`). */
export function blocking(
  t: LockTables,
  w: Waiter,
  limit: LimitOf,
): { lock: string; message: string } | undefined {
  for (const key of w.keys) {
    const lock = t.locks.get(key);
    if (!lock || lock.holders.has(w.holder)) continue;
    const n = limit(lock);
    if (n <= 0) return { lock: key, message: `Failed to get semaphore limit for ${key}` };
    if (!mayTake(lock, w.holder) || lock.holders.size >= n) {
      return { lock: key, message: `Waiting for ${key} lock. Lock status: ${n - lock.holders.size}/${n}` };
    }
  }
  return undefined;
}

/**
 * Grants, in queue order, every waiter that can now take all its keys, starting from the queues of
 * the `dirty` locks and following the queues each grant changes. Returns the holders granted.
 */
export function grant(t: LockTables, dirty: Iterable<string>, limit: LimitOf): string[] {
  const granted: string[] = [];
  let pending = new Set(dirty);
  while (pending.size > 0) {
    const candidates = new Map<Waiter, string>();
    for (const key of pending) collect(t, key, limit, candidates);
    pending = new Set();
    for (const [w, from] of [...candidates].sort(([a], [b]) => compareWaiters(a, b))) {
      if (!t.waiters.has(w.holder)) continue;
      if (blocking(t, w, limit)) {
        // An earlier grant this round took what it needed; the room it leaves on its own queue
        // may suit the next in line.
        pending.add(from);
        continue;
      }
      take(t, w);
      granted.push(w.holder);
      for (const k of w.keys) pending.add(k);
    }
  }
  return granted;
}

/**
 * Adds to `out` the waiters of lock `key` that could take everything now, best first, no more
 * than the lock has room for. Only the head and its workflow's other nodes may take a lock, so a
 * release looks at a handful of waiters, not the whole queue.
 */
function collect(t: LockTables, key: string, limit: LimitOf, out: Map<Waiter, string>): void {
  const lock = t.locks.get(key);
  const head = lock?.queue[0];
  if (!lock || head === undefined) return;
  let room = limit(lock) - lock.holders.size;
  const prefix = nodePrefix(head);
  for (const h of lock.queue) {
    if (room <= 0) return;
    if (h !== head && !isNodeUnder(h, prefix)) continue;
    const w = t.waiters.get(h);
    if (w && !blocking(t, w, limit)) {
      if (!out.has(w)) out.set(w, key);
      room--;
    }
    if (prefix === undefined) return;
  }
}

/** Gives `w` all its keys and records it in its workflow's status. */
export function take(t: LockTables, w: Waiter): void {
  const rec = recordOf(t, workflowKeyOf(w.holder), true);
  for (const key of w.keys) {
    const lock = t.locks.get(key);
    if (!lock) continue;
    lock.holders.add(w.holder);
    dequeue(lock, w.holder);
    addHeld(t, w.holder, key);
    ensureType(rec, lock.type);
    lockAcquired(rec, lock.type, w.holder, key);
  }
  t.waiters.delete(w.holder);
}

/** Removes a holder from every lock and queue without granting; returns the locks it touched. */
export function drop(t: LockTables, holder: string): string[] {
  const held = t.held.get(holder) ?? new Set<string>();
  const waiting = t.waiters.get(holder)?.keys ?? [];
  const keys = new Set([...held, ...waiting]);
  const rec = recordOf(t, workflowKeyOf(holder), false);
  for (const key of keys) {
    const lock = t.locks.get(key);
    if (!lock) continue;
    lock.holders.delete(holder);
    // Only a waiter is queued; searching the queue for a holder would cost a scan per release.
    if (!held.has(key)) dequeue(lock, holder);
    if (rec) lockReleased(rec, lock.type, holder, key);
  }
  t.held.delete(holder);
  t.waiters.delete(holder);
  return [...keys];
}

/** A re-request: a new priority repositions the waiter; a new key set replaces the old one. */
export function requeue(t: LockTables, w: Waiter, keys: string[], priority: number): void {
  const moved = w.priority !== priority;
  const old = new Set(w.keys);
  for (const key of old) {
    const lock = t.locks.get(key);
    if (lock && (moved || !keys.includes(key))) dequeue(lock, w.holder);
  }
  w.priority = priority;
  w.keys = keys;
  for (const key of keys) {
    const lock = t.locks.get(key);
    if (lock && !lock.holders.has(w.holder) && (moved || !old.has(key))) enqueue(lock, w, t.waiters);
  }
}

export function recordOf(t: LockTables, workflowKey: string, create: true): StatusRecord;
export function recordOf(t: LockTables, workflowKey: string, create: false): StatusRecord | undefined;
export function recordOf(t: LockTables, workflowKey: string, create: boolean): StatusRecord | undefined {
  let rec = t.records.get(workflowKey);
  if (!rec && create) {
    rec = {};
    t.records.set(workflowKey, rec);
  }
  return rec;
}
