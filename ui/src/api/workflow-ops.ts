/**
 * Acting on a workflow that may live only in the archive. The list and the workflow page show
 * archived runs by name (the server falls back to the archive), so delete, retry and resubmit
 * try the live workflow first and, when it is gone, the archived run with the same uid.
 */
import type { Workflow } from "../types.js";
import { hasArchivedCopy } from "../util/phase.js";
import { deleteArchivedWorkflow, resubmitArchivedWorkflow, retryArchivedWorkflow } from "./archive.js";
import { ApiError } from "./client.js";
import { deleteWorkflow, type WorkflowAction, workflowAction } from "./workflows.js";

export type AnyAction = WorkflowAction | "delete";

/** Runs the action; answers the resulting workflow (undefined for delete). */
export async function runWorkflowAction(
  wf: Workflow,
  action: AnyAction,
  body: { parameters?: string[]; memoized?: boolean } = {},
): Promise<Workflow | undefined> {
  const ns = wf.metadata.namespace ?? "";
  const name = wf.metadata.name ?? "";
  try {
    if (action === "delete") {
      await deleteWorkflow(ns, name);
      return undefined;
    }
    return await workflowAction(ns, name, action, body);
  } catch (e) {
    const uid = wf.metadata.uid;
    const gone = e instanceof ApiError && e.status === 404;
    if (!gone || !uid || !hasArchivedCopy(wf)) throw e;
    if (action === "delete") {
      await deleteArchivedWorkflow(uid);
      return undefined;
    }
    if (action === "resubmit") return resubmitArchivedWorkflow(uid, { namespace: ns, ...body });
    if (action === "retry") return retryArchivedWorkflow(uid, { namespace: ns, ...body });
    throw e;
  }
}
