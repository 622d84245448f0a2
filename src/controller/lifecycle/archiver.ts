/**
 * Archiving a done workflow as Argo's controller does: write the copy (with nodes) to the
 * archive, then label the live workflow `workflow-archiving-status: Archived`. The label is what
 * tells a restarted controller the work is done; a crash between the two writes archives the
 * workflow again, which replaces the copy by uid, so nothing is lost or doubled.
 */
import type { Workflow } from "../../spec/types.js";
import { ARCHIVING_STATUS_LABEL, type Store } from "../../store/index.js";
import { isArgosyError } from "../../util/errors.js";

/** True once the live workflow carries `Archived` (or is itself a copy read back, `Persisted`). */
export function isArchived(wf: Workflow): boolean {
  const status = wf.metadata.labels?.[ARCHIVING_STATUS_LABEL];
  return status === "Archived" || status === "Persisted";
}

/** Archives `workflow` (read with its nodes) and labels the live one. */
export async function archive(store: Store, workflow: Workflow): Promise<void> {
  await store.archiveWorkflow(workflow);
  await markArchived(store, workflow);
}

// The workflow's runner may commit between our read and our write; a few re-reads settle it.
const MAX_ATTEMPTS = 5;

/** Sets the label on the live workflow unless it is gone or is another workflow by now. */
async function markArchived(store: Store, archived: Workflow): Promise<void> {
  const { namespace = "", name = "", uid } = archived.metadata;
  for (let attempt = 1; ; attempt++) {
    const live = await store.get<Workflow>("Workflow", namespace, name);
    if (!live || live.metadata.uid !== uid || isArchived(live)) return;
    const labels = { ...(live.metadata.labels ?? {}), [ARCHIVING_STATUS_LABEL]: "Archived" };
    try {
      await store.update({ ...live, metadata: { ...live.metadata, labels } }, live.metadata.resourceVersion);
      return;
    } catch (e) {
      if (isArgosyError(e) && e.code === "NotFound") return;
      if (!(isArgosyError(e) && e.code === "Conflict") || attempt >= MAX_ATTEMPTS) throw e;
    }
  }
}

/** Deletes archived workflows that finished more than `ttlMs` before `nowMs`; how many. */
export async function collectArchive(store: Store, ttlMs: number, nowMs: number): Promise<number> {
  return store.deleteArchivedWorkflowsBefore(new Date(nowMs - ttlMs).toISOString());
}
