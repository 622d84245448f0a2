/**
 * Rebuilding the lock manager after a restart from what workflows recorded, as Argo's
 * `Manager.Initialize` does: only holds are re-established; waiters queue again when their
 * workflows are next reconciled.
 */
import { isHolderKey } from "../spec/lock-keys.js";
import { addHeld, dequeue, type LockTables, newLock } from "./locks-state.js";
import { fromStatus, type SynchronizationStatus } from "./locks-status.js";

/** One workflow's recorded `status.synchronization`. */
export interface RecordedSynchronization {
  /** `<namespace>/<workflow>`. */
  workflowKey: string;
  synchronization: SynchronizationStatus;
}

/**
 * Re-registers every recorded holder, ignoring limits: a limit lowered while the controller was
 * down then drains before anyone new gets in, and no hold is dropped (which would let a racer in).
 * Each workflow's status is kept as recorded. Returns the holds that could not be re-established;
 * Argo refuses to start over those rather than risk two holders of one mutex.
 */
export function restoreHolds(
  t: LockTables,
  list: ReadonlyArray<RecordedSynchronization>,
): { errors: string[] } {
  const errors: string[] = [];
  for (const { workflowKey, synchronization } of list) {
    t.records.set(workflowKey, fromStatus(synchronization));
    const holds: Array<[string, string]> = [];
    for (const h of synchronization.semaphore?.holding ?? []) {
      for (const holder of h.holders ?? []) holds.push([h.semaphore, holder]);
    }
    for (const h of synchronization.mutex?.holding ?? []) if (h.holder) holds.push([h.mutex, h.holder]);
    for (const [key, holder] of holds) {
      const problem = reestablish(t, key, holder);
      if (problem)
        errors.push(
          `cannot re-establish lock "${key}" held by workflow ${workflowKey} at startup: ${problem}`,
        );
    }
  }
  return { errors };
}

function reestablish(t: LockTables, key: string, holder: string): string | undefined {
  // Argo v1 holder keys (a bare name) need the workflow spec to upgrade; Argosy never wrote them.
  if (!isHolderKey(holder)) return `holder "${holder}" is not <namespace>/<workflow>[/<nodeId>]`;
  let lock = t.locks.get(key);
  if (!lock) {
    const created = newLock(key);
    if (typeof created === "string") return created;
    lock = created;
    t.locks.set(key, lock);
  }
  lock.holders.add(holder);
  if (t.waiters.has(holder)) dequeue(lock, holder);
  addHeld(t, holder, key);
  return undefined;
}
