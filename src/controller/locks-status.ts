/**
 * A workflow's `status.synchronization`, kept the way Argo's controller mutates it
 * (`SemaphoreStatus`/`MutexStatus` `LockWaiting`, `LockAcquired`, `LockReleased` in
 * `workflow_types.go`). Argo's record is history, not a snapshot of the locks: a released semaphore
 * keeps its `holding` entry with no holders, a mutex `waiting` entry outlives the wait, and
 * `waiting` lists the lock's holders at the time, not the waiter. We replay those rules so the
 * status reads as on Argo.
 */

/** Argo `SemaphoreHolding`: `holders` are holder keys (`ns/wf` or `ns/wf/nodeId`). */
export interface SemaphoreHolding {
  semaphore: string;
  holders?: string[];
}

/** Argo `SemaphoreStatus`. In `waiting`, `holders` are the semaphore's holders seen while waiting. */
export interface SemaphoreStatus {
  holding?: SemaphoreHolding[];
  waiting?: SemaphoreHolding[];
}

/** Argo `MutexHolding`: one `holder` key; in `waiting`, the holder being waited on. */
export interface MutexHolding {
  mutex: string;
  holder?: string;
}

/** Argo `MutexStatus`. */
export interface MutexStatus {
  holding?: MutexHolding[];
  waiting?: MutexHolding[];
}

/** Argo `SynchronizationStatus`: `workflow.status.synchronization`. */
export interface SynchronizationStatus {
  semaphore?: SemaphoreStatus;
  mutex?: MutexStatus;
}

/** Which half of the status a lock belongs to. */
export type SyncType = "semaphore" | "mutex";

/** The mutable record; arrays always present, pruned on output as Go's `omitempty` would. */
export interface StatusRecord {
  semaphore?: {
    holding: Array<{ semaphore: string; holders: string[] }>;
    waiting: Array<{ semaphore: string; holders: string[] }>;
  };
  mutex?: { holding: MutexHolding[]; waiting: MutexHolding[] };
}

/** Argo's `ensureInit`: the half exists (possibly empty) as soon as a lock of that type is requested. */
export function ensureType(rec: StatusRecord, type: SyncType): void {
  if (type === "semaphore") rec.semaphore ??= { holding: [], waiting: [] };
  else rec.mutex ??= { holding: [], waiting: [] };
}

/** Records that `lockKey` could not be taken; `currentHolders` are its holders right now. */
export function lockWaiting(
  rec: StatusRecord,
  type: SyncType,
  lockKey: string,
  currentHolders: string[],
): void {
  if (type === "semaphore") {
    const s = rec.semaphore;
    if (!s) return;
    const entry = s.waiting.find((w) => w.semaphore === lockKey);
    if (entry) entry.holders = [...currentHolders];
    else s.waiting.push({ semaphore: lockKey, holders: [...currentHolders] });
    return;
  }
  const m = rec.mutex;
  const first = currentHolders[0];
  if (!m || first === undefined) return;
  const entry = m.waiting.find((w) => w.mutex === lockKey);
  if (entry) entry.holder = first;
  else m.waiting.push({ mutex: lockKey, holder: first });
}

/** Records that `holder` now holds `lockKey`. */
export function lockAcquired(rec: StatusRecord, type: SyncType, holder: string, lockKey: string): void {
  if (type === "semaphore") {
    const s = rec.semaphore;
    if (!s) return;
    const held = s.holding.find((h) => h.semaphore === lockKey);
    if (!held) s.holding.push({ semaphore: lockKey, holders: [holder] });
    else if (!held.holders.includes(holder)) held.holders.push(holder);
    // Argo removes the acquirer from the waiting entry's holders, which name other holders, so the
    // entry goes away only when it was recorded with none.
    const i = s.waiting.findIndex((w) => w.semaphore === lockKey);
    const waiting = s.waiting[i];
    if (waiting) {
      waiting.holders = waiting.holders.filter((h) => h !== holder);
      if (waiting.holders.length === 0) s.waiting.splice(i, 1);
    }
    return;
  }
  const m = rec.mutex;
  if (!m) return;
  const held = m.holding.find((h) => h.mutex === lockKey);
  if (held) held.holder = holder;
  else m.holding.push({ mutex: lockKey, holder });
}

/** Records that `holder` let go of `lockKey`. */
export function lockReleased(rec: StatusRecord, type: SyncType, holder: string, lockKey: string): void {
  if (type === "semaphore") {
    const held = rec.semaphore?.holding.find((h) => h.semaphore === lockKey);
    if (held) held.holders = held.holders.filter((h) => h !== holder);
    return;
  }
  const m = rec.mutex;
  const i = m ? m.holding.findIndex((h) => h.mutex === lockKey && h.holder === holder) : -1;
  if (m && i >= 0) m.holding.splice(i, 1);
}

/** The record as Argo serialises it: empty lists and empty holder lists omitted; a fresh copy. */
export function toStatus(rec: StatusRecord): SynchronizationStatus {
  const out: SynchronizationStatus = {};
  if (rec.semaphore) {
    const sem = (list: Array<{ semaphore: string; holders: string[] }>): SemaphoreHolding[] =>
      list.map((h) =>
        h.holders.length > 0
          ? { semaphore: h.semaphore, holders: [...h.holders] }
          : { semaphore: h.semaphore },
      );
    out.semaphore = {};
    if (rec.semaphore.holding.length > 0) out.semaphore.holding = sem(rec.semaphore.holding);
    if (rec.semaphore.waiting.length > 0) out.semaphore.waiting = sem(rec.semaphore.waiting);
  }
  if (rec.mutex) {
    out.mutex = {};
    if (rec.mutex.holding.length > 0) out.mutex.holding = rec.mutex.holding.map((h) => ({ ...h }));
    if (rec.mutex.waiting.length > 0) out.mutex.waiting = rec.mutex.waiting.map((h) => ({ ...h }));
  }
  return out;
}

/** The inverse of `toStatus`, for rebuilding from a persisted workflow status. */
export function fromStatus(status: SynchronizationStatus): StatusRecord {
  const rec: StatusRecord = {};
  const sem = (list: SemaphoreHolding[] | undefined) =>
    (list ?? []).map((h) => ({ semaphore: h.semaphore, holders: [...(h.holders ?? [])] }));
  if (status.semaphore)
    rec.semaphore = { holding: sem(status.semaphore.holding), waiting: sem(status.semaphore.waiting) };
  if (status.mutex) {
    rec.mutex = {
      holding: (status.mutex.holding ?? []).map((h) => ({ ...h })),
      waiting: (status.mutex.waiting ?? []).map((h) => ({ ...h })),
    };
  }
  return rec;
}
