/**
 * `argo retry` and `argo resubmit`, as pure functions of a finished workflow.
 *
 * Retry keeps what succeeded and runs the rest again in the same workflow: every failed execution
 * node (Pod, Container, HTTP, Plugin; for a retried pod, its Retry parent) whose subtree has no
 * success, plus any node `restartSuccessful` + `nodeFieldSelector` pick, is deleted with its
 * descendants; the group nodes above it (Steps, StepGroup, DAG, TaskGroup) and failed Retry nodes
 * are reset to Running; exit-handler nodes are deleted so the handler runs again. The engine then
 * rebuilds its indexes from what is left (rehydrate) and schedules the missing nodes afresh.
 *
 * Resubmit makes a new workflow from the old spec; `memoized` carries the old node tree over with
 * the succeeded pods as Skipped ("original pod: <id>"), as Argo does.
 */
import type { NodeStatus, Parameter, Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { nodeIdFor, podNameFor, templateNameForPod } from "./node-id.js";
import { parseNodeSelector, selectorMatches } from "./node-selector.js";

const executionTypes = new Set(["Pod", "Container", "HTTP", "Plugin"]);
const groupTypes = new Set(["DAG", "TaskGroup", "StepGroup", "Steps"]);
const failedOrError = (n: NodeStatus) => n.phase === "Failed" || n.phase === "Error";

export interface RetryResult {
  workflow: Workflow;
  /** Pods of deleted nodes: their directories must go before the workflow runs again. */
  podsToDelete: string[];
}

/** Applies `NAME=VALUE` overrides to the workflow's arguments (and to a stored template spec's). */
export function overrideParameters(wf: Workflow, parameters: readonly string[]): void {
  const apply = (params: Parameter[]) => {
    for (const p of parameters) {
      const eq = p.indexOf("=");
      if (eq <= 0) throw invalid(`parameter '${p}' must be NAME=VALUE`);
      const name = p.slice(0, eq);
      const value = p.slice(eq + 1);
      const existing = params.find((x) => x.name === name);
      if (existing) {
        existing.value = value;
        delete existing.valueFrom;
      } else params.push({ name, value });
    }
    return params;
  };
  wf.spec.arguments = { ...wf.spec.arguments, parameters: apply(wf.spec.arguments?.parameters ?? []) };
  const stored = wf.status?.storedWorkflowTemplateSpec;
  if (stored)
    stored.arguments = { ...stored.arguments, parameters: apply(stored.arguments?.parameters ?? []) };
}

export function formulateRetry(
  input: Workflow,
  opts: { restartSuccessful?: boolean; nodeFieldSelector?: string; parameters?: readonly string[] },
  nowIso: string,
): RetryResult {
  const phase = input.status?.phase;
  if (phase === "Succeeded") {
    if (!opts.restartSuccessful || !opts.nodeFieldSelector)
      throw invalid("To retry a succeeded workflow, set the options restartSuccessful and nodeFieldSelector");
  } else if (phase !== "Failed" && phase !== "Error") {
    throw invalid(`Cannot retry a workflow in phase ${phase ?? "Pending"}`);
  }
  const wf = structuredClone(input);
  const name = wf.metadata.name ?? "";
  const nodes = wf.status?.nodes ?? {};
  const parent = parentsOf(nodes);

  const starts = new Set<string>();
  if (opts.restartSuccessful && opts.nodeFieldSelector) {
    const terms = parseNodeSelector(opts.nodeFieldSelector);
    for (const n of Object.values(nodes)) if (selectorMatches(terms, n)) starts.add(n.id);
  }
  for (const n of Object.values(nodes)) {
    if (!failedOrError(n) || !executionTypes.has(n.type)) continue;
    let target = n;
    const up = parent.get(n.id);
    if (n.nodeFlag?.retried && up && nodes[up]?.type === "Retry") target = nodes[up] as NodeStatus;
    if (!hasSucceededDescendant(nodes, target, starts)) starts.add(target.id);
  }

  const toDelete = new Set<string>();
  const toReset = new Set<string>();
  for (const id of topological(nodes, name, parent)) {
    if (!starts.has(id) || toDelete.has(id)) continue;
    for (const d of descendants(nodes, id)) toDelete.add(d);
    for (let up = parent.get(id); up !== undefined; up = parent.get(up)) {
      const n = nodes[up] as NodeStatus;
      if (groupTypes.has(n.type) || (n.type === "Retry" && failedOrError(n))) toReset.add(up);
    }
  }
  const onExit = `${name}.onExit`;
  const podsToDelete: string[] = [];
  const kept: Record<string, NodeStatus> = {};
  for (const n of Object.values(nodes)) {
    if (toDelete.has(n.id) || n.name.startsWith(onExit)) {
      if (n.type === "Pod") podsToDelete.push(podNameFor(name, n.name, templateNameForPod(n)));
      continue;
    }
    kept[n.id] = toReset.has(n.id) ? resetNode(n, nowIso) : n;
  }
  for (const n of Object.values(kept)) {
    if (n.children) n.children = n.children.filter((c) => c in kept);
    if (n.outboundNodes && toReset.has(n.id)) delete n.outboundNodes;
  }

  if (wf.metadata.labels) {
    delete wf.metadata.labels["workflows.argoproj.io/completed"];
    delete wf.metadata.labels["workflows.argoproj.io/workflow-archiving-status"];
  }
  delete wf.spec.shutdown;
  if (wf.spec.activeDeadlineSeconds === 0) delete wf.spec.activeDeadlineSeconds;
  if (opts.parameters?.length) overrideParameters(wf, opts.parameters);
  const status = wf.status ?? {};
  const rootKept = name in kept;
  wf.status = {
    ...status,
    phase: rootKept ? "Running" : undefined,
    startedAt: nowIso,
    nodes: rootKept ? kept : {},
  };
  delete wf.status.finishedAt;
  delete wf.status.message;
  delete wf.status.outputs;
  delete wf.status.persistentVolumeClaims;
  if (!rootKept) delete wf.status.phase;
  wf.status.conditions = (status.conditions ?? []).filter((c) => c.type !== "Completed");
  wf.status.conditions.push({ type: "Completed", status: "False" });
  return { workflow: wf, podsToDelete };
}

export function formulateResubmit(
  input: Workflow,
  opts: { memoized?: boolean; parameters?: readonly string[] },
  newName: string,
): Workflow {
  const old = input.metadata.name ?? "";
  if (opts.memoized && input.status?.phase !== "Failed" && input.status?.phase !== "Error")
    throw invalid("workflow must be Failed/Error to resubmit in memoized mode");
  const ignored = new Set([
    "workflows.argoproj.io/creator",
    "workflows.argoproj.io/phase",
    "workflows.argoproj.io/completed",
    "workflows.argoproj.io/workflow-archiving-status",
  ]);
  const labels = Object.fromEntries(
    Object.entries(input.metadata.labels ?? {}).filter(([k]) => !ignored.has(k)),
  );
  labels["workflows.argoproj.io/resubmitted-from-workflow"] = old;
  const spec = structuredClone(input.spec);
  delete spec.shutdown;
  if (spec.activeDeadlineSeconds === 0) delete spec.activeDeadlineSeconds;
  const wf: Workflow = {
    apiVersion: input.apiVersion ?? "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: {
      name: newName,
      namespace: input.metadata.namespace ?? "default",
      labels,
      ...(input.metadata.annotations ? { annotations: { ...input.metadata.annotations } } : {}),
      ...(input.metadata.ownerReferences ? { ownerReferences: [...input.metadata.ownerReferences] } : {}),
    },
    spec,
  };
  if (opts.parameters?.length) overrideParameters(wf, opts.parameters);
  if (opts.memoized) wf.status = memoizedStatus(input, newName);
  return wf;
}

/** The old tree under the new name: succeeded pods become Skipped, everything else runs again. */
function memoizedStatus(input: Workflow, newName: string): Workflow["status"] {
  const old = input.metadata.name ?? "";
  const oldNodes = input.status?.nodes ?? {};
  const rename = (n: string) => (n.startsWith(old) ? newName + n.slice(old.length) : n);
  const idOf = (oldId: string) => {
    const node = oldNodes[oldId];
    return node ? nodeIdFor(newName, rename(node.name)) : oldId;
  };
  const nodes: Record<string, NodeStatus> = {};
  for (const n of Object.values(oldNodes)) {
    if (n.name.startsWith(`${old}.onExit`)) continue;
    const node = structuredClone(n);
    node.name = rename(n.name);
    node.id = nodeIdFor(newName, node.name);
    if (n.boundaryID) node.boundaryID = idOf(n.boundaryID);
    if (n.children) node.children = n.children.map(idOf);
    if (n.outboundNodes) node.outboundNodes = n.outboundNodes.map(idOf);
    if (n.type === "Pod" && !failedOrError(n)) {
      node.phase = "Skipped";
      node.type = "Skipped";
      node.message = `original pod: ${n.id}`;
    } else if (n.type === "Skipped" && !hasSucceededDescendant(oldNodes, n, new Set())) continue;
    else {
      node.phase = "Pending";
      delete node.message;
    }
    nodes[node.id] = node;
  }
  return { nodes };
}

function parentsOf(nodes: Record<string, NodeStatus>): Map<string, string> {
  const parent = new Map<string, string>();
  for (const id of Object.keys(nodes).sort()) {
    for (const child of nodes[id]?.children ?? []) parent.set(child, id);
  }
  return parent;
}

function descendants(nodes: Record<string, NodeStatus>, id: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const stack = [id];
  while (stack.length) {
    const cur = stack.pop() as string;
    if (seen.has(cur)) continue;
    seen.add(cur);
    out.push(cur);
    for (const c of nodes[cur]?.children ?? []) stack.push(c);
  }
  return out;
}

function hasSucceededDescendant(
  nodes: Record<string, NodeStatus>,
  node: NodeStatus,
  toReset: ReadonlySet<string>,
): boolean {
  for (const id of descendants(nodes, node.id)) {
    if (id === node.id) continue;
    const d = nodes[id];
    if (d?.phase === "Succeeded" && !toReset.has(id)) return true;
  }
  return false;
}

/** Breadth-first from the root, so a node is seen before anything it contains. */
function topological(
  nodes: Record<string, NodeStatus>,
  rootId: string,
  parent: Map<string, string>,
): string[] {
  const order: string[] = [];
  const seen = new Set<string>();
  const queue = rootId in nodes ? [rootId] : Object.keys(nodes).filter((id) => !parent.has(id));
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (seen.has(id)) continue;
    seen.add(id);
    order.push(id);
    for (const c of nodes[id]?.children ?? []) queue.push(c);
  }
  return order;
}

function resetNode(node: NodeStatus, nowIso: string): NodeStatus {
  const n = structuredClone(node);
  if (n.type === "Suspend" && n.outputs?.parameters) {
    n.outputs.parameters = n.outputs.parameters.map((p) => ({ name: p.name, valueFrom: { supplied: {} } }));
  }
  if (n.phase !== "Skipped") n.phase = "Running";
  delete n.message;
  delete n.finishedAt;
  n.startedAt = nowIso;
  return n;
}
