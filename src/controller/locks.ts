/**
 * The synchronization lock manager: Argo's mutexes and semaphores (`workflow/sync`), one instance
 * shared by every workflow the controller runs. In memory and synchronous.
 *
 * Argo polls: a waiting workflow retries `TryAcquire` whenever it is reconciled, and a release only
 * nudges the workflows at the head of the queue. Here grants are pushed instead: `request`,
 * `release` and `recheck` hand out every lock that has become available, in queue order, and
 * return the holders they granted so the controller can wake their workflows. The rules that
 * decide who may take a lock are Argo's:
 * - a holder takes all the keys of its request together or none (no partial holding, so no
 *   deadlock); while it waits it stays queued on each key it lacks;
 * - on each lock only the head of the queue may take it (head-of-line blocking, as in Argo), except
 *   that another node of the head's workflow may too (`isSameWorkflowNodeKeys`);
 * - queue order: higher `priority`, then older `creationTimestamp`, then arrival;
 * - a lock has room while its holders number fewer than its limit (1 for a mutex, `limitOf` for a
 *   semaphore, read at every check; if it cannot be read the last good value stands).
 */

import { isHolderKey, workflowKeyOf } from "../spec/lock-keys.js";
import { invalid } from "../util/errors.js";
import { blocking, drop, grant, type LimitOf, recordOf, requeue } from "./locks-grant.js";
import { type RecordedSynchronization, restoreHolds } from "./locks-restore.js";
import {
  creationMillis,
  emptyTables,
  enqueue,
  type LockEntry,
  type LockSnapshot,
  type LockTables,
  newLock,
  snapshotOf,
  tablesFrom,
  type Waiter,
} from "./locks-state.js";
import {
  ensureType,
  lockAcquired,
  lockWaiting,
  type SynchronizationStatus,
  toStatus,
} from "./locks-status.js";

export { configMapLimit, decodeLockName, holderKeyOf, lockKeysOf, workflowKeyOf } from "../spec/lock-keys.js";
export type { RecordedSynchronization } from "./locks-restore.js";
export type { LockSnapshot } from "./locks-state.js";
export type {
  MutexHolding,
  MutexStatus,
  SemaphoreHolding,
  SemaphoreStatus,
  SynchronizationStatus,
} from "./locks-status.js";

/** The engine's `acquireLock` action. */
export interface LockRequest {
  /** `<ns>/<wf>` for a workflow-level lock, `<ns>/<wf>/<nodeId>` for a template-level one. */
  holder: string;
  /** Lock names from `lockKeysOf`, all to be taken together. */
  keys: readonly string[];
  /** The workflow's `spec.priority`. @default 0 */
  priority?: number;
  /** The workflow's `metadata.creationTimestamp` (RFC 3339 or epoch ms). @default Go's zero time */
  creationTimestamp?: string | number;
}

/** The outcome of a request. */
export interface LockResult {
  granted: boolean;
  /** While waiting: Argo's node/workflow message, e.g. `Waiting for ns/Mutex/m lock. Lock status: 0/1`. */
  message?: string;
  /** While waiting: the lock to record in `node.synchronizationStatus.waiting`. */
  failedLock?: string;
  /** The request cannot be satisfied (bad configuration); the node or workflow should fail. */
  error?: string;
  /** Other holders granted as a side effect (e.g. a raised limit noticed now). */
  woken: string[];
}

export interface LockManagerOptions {
  /** A semaphore's limit, normally from its ConfigMap (see `configMapLimit`). */
  limitOf: (lockKey: string) => number | Error;
}

export class LockManager {
  private t: LockTables = emptyTables();
  /** Limits read during the current operation, so a long queue costs one read per lock. */
  private readonly memo = new Map<string, number>();

  private readonly limitFn: LimitOf = (lock) => this.limit(lock);

  constructor(private readonly opts: LockManagerOptions) {}

  /**
   * Queues `req.holder` for its keys and grants whatever is now grantable. Idempotent: a holder that
   * holds every key is granted again; one already waiting stays in place (a changed priority moves
   * it, a changed key set replaces the old one).
   */
  request(req: LockRequest): LockResult {
    this.memo.clear();
    const { holder } = req;
    if (!isHolderKey(holder))
      throw invalid(`invalid lock holder "${holder}": want <namespace>/<workflow>[/<nodeId>]`);
    const created = creationMillis(req.creationTimestamp);
    const keys = [...new Set(req.keys)];
    // Argo's TryAcquire with an empty block grants without touching the status.
    if (keys.length === 0) return { granted: true, woken: [] };
    const locks: LockEntry[] = [];
    for (const key of keys) {
      const lock = this.lockFor(key);
      if (typeof lock === "string") return { granted: false, error: lock, woken: [] };
      locks.push(lock);
    }
    const rec = recordOf(this.t, workflowKeyOf(holder), true);
    for (const lock of locks) ensureType(rec, lock.type);
    const held = this.t.held.get(holder);
    const existing = this.t.waiters.get(holder);
    if (existing) requeue(this.t, existing, keys, req.priority ?? 0);
    else if (!keys.every((k) => held?.has(k))) {
      const w: Waiter = { holder, keys, priority: req.priority ?? 0, created, seq: this.t.seq++ };
      this.t.waiters.set(holder, w);
      for (const lock of locks) if (!lock.holders.has(holder)) enqueue(lock, w, this.t.waiters);
    }
    const woken = grant(this.t, keys, this.limitFn);
    const waiter = this.t.waiters.get(holder);
    if (!waiter) {
      for (const lock of locks) lockAcquired(rec, lock.type, holder, lock.key);
      return { granted: true, woken: woken.filter((h) => h !== holder) };
    }
    for (const lock of locks) lockWaiting(rec, lock.type, lock.key, [...lock.holders]);
    const blocked = blocking(this.t, waiter, this.limitFn);
    return { granted: false, message: blocked?.message, failedLock: blocked?.lock, woken };
  }

  /** Frees every lock `holder` holds, drops it from every queue, and returns the holders granted. */
  release(holder: string): string[] {
    this.memo.clear();
    return grant(this.t, drop(this.t, holder), this.limitFn);
  }

  /**
   * Argo's `ReleaseAll` when a workflow completes or is deleted: releases the workflow and all its
   * nodes, forgets its `status.synchronization`, and returns the holders granted.
   */
  releaseAll(workflowKey: string): string[] {
    this.memo.clear();
    const mine = (h: string) => workflowKeyOf(h) === workflowKey;
    const holders = new Set([...this.t.held.keys(), ...this.t.waiters.keys()].filter(mine));
    const dirty = [...holders].flatMap((h) => drop(this.t, h));
    this.t.records.delete(workflowKey);
    return grant(this.t, dirty, this.limitFn);
  }

  /** Re-checks every queue (call when a semaphore's ConfigMap changed); returns the holders granted. */
  recheck(): string[] {
    this.memo.clear();
    return grant(this.t, this.t.locks.keys(), this.limitFn);
  }

  /** Argo's `status.synchronization` for workflow `<ns>/<wf>`, or undefined if it never asked. */
  status(workflowKey: string): SynchronizationStatus | undefined {
    const rec = this.t.records.get(workflowKey);
    return rec ? toStatus(rec) : undefined;
  }

  /** The message Argo shows on a waiting node or workflow, now; undefined when not waiting. */
  waitingMessage(holder: string): string | undefined {
    this.memo.clear();
    const w = this.t.waiters.get(holder);
    return w ? blocking(this.t, w, this.limitFn)?.message : undefined;
  }

  /** The lock a waiting holder is blocked on (`node.synchronizationStatus.waiting`). */
  waitingLock(holder: string): string | undefined {
    this.memo.clear();
    const w = this.t.waiters.get(holder);
    return w ? blocking(this.t, w, this.limitFn)?.lock : undefined;
  }

  /** Current holders of a lock, in grant order. */
  holdersOf(lockKey: string): string[] {
    return [...(this.t.locks.get(lockKey)?.holders ?? [])];
  }

  /** Holders queued for a lock, best first. */
  waitersOf(lockKey: string): string[] {
    return [...(this.t.locks.get(lockKey)?.queue ?? [])];
  }

  /** The whole state as plain JSON. */
  snapshot(): LockSnapshot {
    return snapshotOf(this.t);
  }

  /** Replaces the state with a snapshot. Throws `ArgosyError(Invalid)` on a malformed one. */
  restore(snapshot: LockSnapshot): void {
    this.t = tablesFrom(snapshot);
  }

  /**
   * Argo's start-up `Initialize`: re-registers the holders recorded in running workflows'
   * `status.synchronization`, ignoring limits (a lowered limit then drains before new grants), and
   * keeps each status as recorded. Waiters are not restored: they re-request when reconciled.
   * Returns holds that could not be re-established (Argo fails closed on these).
   */
  restoreFromHolders(list: ReadonlyArray<RecordedSynchronization>): { errors: string[] } {
    return restoreHolds(this.t, list);
  }

  /** The lock for a key, created on first use; a string is Argo's error for an unusable key. */
  private lockFor(key: string): LockEntry | string {
    const existing = this.t.locks.get(key);
    if (existing) return existing;
    const lock = newLock(key);
    if (typeof lock === "string") return lock;
    // Argo refuses to create a semaphore whose limit cannot be read (`newInternalSemaphore`); once
    // created, an unreadable limit falls back to the last good one instead.
    if (lock.type === "semaphore" && this.limit(lock) <= 0) {
      this.memo.delete(key);
      return `failed to initialize semaphore ${key} with limit`;
    }
    this.t.locks.set(key, lock);
    return lock;
  }

  private limit(lock: LockEntry): number {
    if (lock.type === "mutex") return 1;
    const seen = this.memo.get(lock.key);
    if (seen !== undefined) return seen;
    let read: number | Error;
    try {
      read = this.opts.limitOf(lock.key);
    } catch (e) {
      read = e instanceof Error ? e : new Error(String(e));
    }
    if (typeof read === "number" && Number.isInteger(read)) lock.lastLimit = read;
    const limit = lock.lastLimit ?? 0;
    this.memo.set(lock.key, limit);
    return limit;
  }
}
