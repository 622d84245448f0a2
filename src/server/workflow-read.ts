/**
 * Reading one workflow the way Argo Server does: the name `@latest` means the most recently created
 * workflow of the namespace; a workflow that is not live (deleted after archiving) is looked up in
 * the archive; `uid` picks the archived run when the live one is a different run of the same name.
 * With nodes it is one `getWorkflow` read; without, the cheaper `get`.
 */
import type { Workflow } from "../spec/types.js";
import type { Store } from "../store/types.js";
import { findArchivedByName } from "./archive-reader.js";
import { ApiError, GrpcCode, objectNotFound } from "./errors.js";

export const LATEST_ALIAS = "@latest";

/** The name of the newest workflow in `namespace` (by creation time). */
export async function latestWorkflowName(store: Store, namespace: string): Promise<string> {
  const all = await store.list<Workflow>("Workflow", namespace || undefined);
  let latest: Workflow | undefined;
  for (const wf of all) {
    const t = Date.parse(wf.metadata.creationTimestamp ?? "") || 0;
    const lt = Date.parse(latest?.metadata.creationTimestamp ?? "") || 0;
    if (!latest || t > lt) latest = wf;
  }
  if (!latest?.metadata.name) throw new ApiError(GrpcCode.NotFound, "no workflows found");
  return latest.metadata.name;
}

export interface ReadOptions {
  uid?: string;
  /** Read `status.nodes` too. @default true */
  withNodes?: boolean;
  /** Look in the archive when the workflow is not live. @default true */
  archive?: boolean;
}

/** The workflow, live or archived; throws Argo's NotFound when neither has it. */
export async function readWorkflow(
  store: Store,
  namespace: string,
  name: string,
  options: ReadOptions = {},
): Promise<Workflow> {
  const resolved = name === LATEST_ALIAS ? await latestWorkflowName(store, namespace) : name;
  const withNodes = options.withNodes ?? true;
  const live = withNodes
    ? await store.getWorkflow(namespace, resolved)
    : await store.get<Workflow>("Workflow", namespace, resolved);
  if (live && (!options.uid || live.metadata.uid === options.uid)) return live;
  if (options.archive ?? true) {
    const archived = await findArchivedByName(store, namespace, resolved, options.uid);
    if (archived) {
      if (!withNodes && archived.status) {
        const { nodes: _nodes, ...status } = archived.status;
        return { ...archived, status };
      }
      return archived;
    }
  }
  throw objectNotFound("Workflow", resolved);
}
