/**
 * Reads of the workflow archive made on the side of live reads (merging archived workflows into the
 * workflow list, falling back to the archive when a live workflow is gone). A store without an
 * archive (one that throws "not implemented") reads as an empty archive there; the archive's own
 * routes report the error instead.
 */
import type { Workflow } from "../spec/types.js";
import type { ArchiveListOptions, Store } from "../store/types.js";

const isUnsupported = (e: unknown) => e instanceof Error && /not implemented/i.test(e.message);

export async function listArchivedQuietly(store: Store, options: ArchiveListOptions): Promise<Workflow[]> {
  try {
    return await store.listArchivedWorkflows(options);
  } catch (e) {
    if (isUnsupported(e)) return [];
    throw e;
  }
}

export async function getArchivedQuietly(store: Store, uid: string): Promise<Workflow | undefined> {
  try {
    return await store.getArchivedWorkflow(uid);
  } catch (e) {
    if (isUnsupported(e)) return undefined;
    throw e;
  }
}

/** The newest archived workflow with this namespace and name (Argo's fallback for a deleted workflow). */
export async function findArchivedByName(
  store: Store,
  namespace: string,
  name: string,
  uid?: string,
): Promise<Workflow | undefined> {
  if (uid) {
    const wf = await getArchivedQuietly(store, uid);
    return wf && wf.metadata.namespace === namespace ? wf : undefined;
  }
  const candidates = await listArchivedQuietly(store, { namespace, namePrefix: name });
  const match = candidates.find((w) => w.metadata.name === name);
  return match?.metadata.uid ? getArchivedQuietly(store, match.metadata.uid) : undefined;
}
