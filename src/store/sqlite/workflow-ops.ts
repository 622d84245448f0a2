/**
 * The workflow-specific operations: a commit (status + changed nodes + actions in one
 * transaction, run by the caller), assembling a workflow with its nodes, and pending actions.
 */
import type { NodeStatus, Workflow } from "../../spec/types.js";
import { invalid, notFound } from "../../util/errors.js";
import { type ObjectKey, toJson, WORKFLOW_KIND } from "../object-meta.js";
import type { PendingAction, WorkflowCommit } from "../types.js";
import { describe, getObject, type StoreContext, writeNodes } from "./object-ops.js";

/** Writes one commit; must run inside a transaction so a throw anywhere rolls all of it back. */
/** Returns the resourceVersion the commit took. */
export function commitWorkflow(ctx: StoreContext, commit: WorkflowCommit): number {
  const key: ObjectKey = { kind: WORKFLOW_KIND, namespace: commit.namespace, name: commit.name };
  const rv = ctx.st.nextResourceVersion.get()!;
  const status = toJson(withoutNodes(commit.status), `status of ${describe(key)}`);
  const updated = ctx.st.setWorkflowStatus.run(status, rv, key.namespace, key.name);
  if (updated.changes === 0) throw notFound(describe(key));
  if (commit.labels) {
    const labels = toJson(commit.labels, "labels");
    ctx.st.setWorkflowLabels.run(labels, labels, key.namespace, key.name);
  }
  writeNodes(ctx, key, commit.changedNodes);
  insertActions(ctx, key, commit.actions);
  return rv;
}

/** The workflow with `status.nodes` keyed by node id (absent when it has no nodes). */
export function getWorkflow(ctx: StoreContext, namespace: string, name: string): Workflow | undefined {
  const obj = getObject(ctx, { kind: WORKFLOW_KIND, namespace, name });
  if (!obj) return undefined;
  const workflow = obj as unknown as Workflow;
  const rows = ctx.st.listNodes.all(namespace, name);
  if (rows.length === 0) return workflow;
  const nodes: Record<string, NodeStatus> = {};
  for (const body of rows) {
    const node = JSON.parse(body) as NodeStatus;
    nodes[node.id] = node;
  }
  workflow.status = { ...workflow.status, nodes };
  return workflow;
}

/** Pending actions of a workflow, oldest first. */
export function pendingActions(ctx: StoreContext, namespace: string, name: string): PendingAction[] {
  return ctx.st.listActions.all(namespace, name).map((row) => ({
    id: row.action_id,
    kind: row.kind,
    payload: JSON.parse(row.payload_json) as unknown,
  }));
}

/** Forgets a pending action; completing an unknown id does nothing, so a repeat is harmless. */
export function completeAction(
  ctx: StoreContext,
  key: { namespace: string; name: string; id: string },
): void {
  ctx.st.deleteAction.run(key.namespace, key.name, key.id);
}

function insertActions(ctx: StoreContext, workflow: ObjectKey, actions: readonly PendingAction[]): void {
  if (actions.length === 0) return;
  let seq = ctx.st.maxActionSeq.get(workflow.namespace, workflow.name)!;
  for (const action of actions) {
    if (typeof action?.id !== "string" || action.id === "") throw invalid("pending action has no id");
    const payload = toJson(action.payload ?? null, `payload of action ${action.id}`);
    seq += 1;
    ctx.st.insertAction.run(workflow.namespace, workflow.name, action.id, action.kind, payload, seq);
  }
}

// A caller may pass a full status by mistake; nodes never belong in the object row.
function withoutNodes(status: WorkflowCommit["status"]): object {
  if (!status || !("nodes" in status)) return status ?? {};
  const { nodes: _nodes, ...rest } = status as Record<string, unknown>;
  return rest;
}
