/**
 * The workflow's own lifecycle: global variables, starting the entrypoint as the root node, and
 * deriving the workflow's phase, message and timestamps from the root node when it ends.
 */
import type { NodePhase, Workflow, WorkflowPhase, WorkflowSpec } from "../spec/types.js";
import { type EngineContext, messageOf } from "./context.js";
import { executeTemplate } from "./invoke.js";
import { computeProgress } from "./progress.js";
import type { TemplateBase } from "./templates.js";
import { paramString } from "./vars.js";

/** Argo's `workflow.*` variables for a workflow. */
export function globalVariables(wf: Workflow, spec: WorkflowSpec): Map<string, string> {
  const g = new Map<string, string>();
  const meta = wf.metadata;
  g.set("workflow.name", meta.name ?? "");
  g.set("workflow.namespace", meta.namespace ?? "default");
  if (meta.uid) g.set("workflow.uid", meta.uid);
  if (meta.creationTimestamp) {
    g.set("workflow.creationTimestamp", meta.creationTimestamp);
    g.set("workflow.creationTimestamp.RFC3339", meta.creationTimestamp);
    g.set("workflow.creationTimestamp.s", String(Math.floor(Date.parse(meta.creationTimestamp) / 1000)));
  }
  if (spec.entrypoint) g.set("workflow.mainEntrypoint", spec.entrypoint);
  if (typeof spec.serviceAccountName === "string")
    g.set("workflow.serviceAccountName", spec.serviceAccountName);
  const params = spec.arguments?.parameters ?? [];
  for (const p of params) {
    const value = p.value ?? p.default;
    if (value !== undefined) g.set(`workflow.parameters.${p.name}`, paramString(value));
  }
  const json = JSON.stringify(
    params.map((p) => ({ ...p, ...(p.value !== undefined ? { value: paramString(p.value) } : {}) })),
  );
  g.set("workflow.parameters", json);
  g.set("workflow.parameters.json", json);
  for (const [prefix, map] of [
    ["labels", meta.labels],
    ["annotations", meta.annotations],
  ] as const) {
    for (const [k, v] of Object.entries(map ?? {})) g.set(`workflow.${prefix}.${k}`, v);
    g.set(`workflow.${prefix}.json`, JSON.stringify(map ?? {}));
  }
  for (const p of wf.status?.outputs?.parameters ?? []) {
    if (p.value !== undefined) g.set(`workflow.outputs.parameters.${p.name}`, paramString(p.value));
  }
  return g;
}

/** Starts the entrypoint as the root node. */
export function startWorkflow(ctx: EngineContext, base: TemplateBase): void {
  const wf = ctx.state.workflow;
  const status = wf.status ?? {};
  status.phase = "Running";
  status.startedAt = ctx.state.now;
  setPhaseLabels(wf, "Running", false);
  const entrypoint = ctx.spec.entrypoint;
  if (!entrypoint) {
    finishWorkflow(ctx, "Error", "spec.entrypoint is required");
    return;
  }
  try {
    executeTemplate(ctx, {
      nodeName: ctx.state.name,
      step: { template: entrypoint },
      args: ctx.spec.arguments,
      base,
      ownerId: "",
    });
  } catch (e) {
    finishWorkflow(ctx, "Error", `error in entry template execution: ${messageOf(e)}`);
  }
}

const workflowPhaseOf: Record<NodePhase, WorkflowPhase> = {
  Pending: "Pending",
  Running: "Running",
  Succeeded: "Succeeded",
  Skipped: "Succeeded",
  Omitted: "Succeeded",
  Failed: "Failed",
  Error: "Error",
};

/** Ends the workflow from its root node, once no pod of it is still running. */
export function completeFromRoot(ctx: EngineContext): void {
  const root = ctx.state.byName(ctx.state.name);
  if (!root) return;
  const phase = workflowPhaseOf[root.phase];
  if (phase === "Running" || phase === "Pending") return;
  const shutdown = ctx.state.workflow.spec.shutdown;
  const message =
    phase !== "Succeeded" && shutdown
      ? `Stopped with strategy '${shutdown}'`
      : phase === "Succeeded"
        ? undefined
        : root.message;
  finishWorkflow(ctx, phase, message);
}

export function finishWorkflow(ctx: EngineContext, phase: WorkflowPhase, message?: string): void {
  const wf = ctx.state.workflow;
  const status = wf.status ?? {};
  status.phase = phase;
  status.startedAt ??= ctx.state.now;
  status.finishedAt = ctx.state.now;
  if (message) status.message = message;
  else delete status.message;
  status.progress = computeProgress(ctx.state.nodes);
  for (const id of Object.keys(ctx.state.nodes)) ctx.state.touch(id);
  status.conditions = [
    { type: "PodRunning", status: "False" },
    { type: "Completed", status: "True" },
  ];
  setPhaseLabels(wf, phase, true);
}

export const isWorkflowDone = (wf: Workflow): boolean =>
  wf.status?.phase === "Succeeded" || wf.status?.phase === "Failed" || wf.status?.phase === "Error";

function setPhaseLabels(wf: Workflow, phase: WorkflowPhase, completed: boolean): void {
  wf.metadata.labels ??= {};
  const labels = wf.metadata.labels;
  labels["workflows.argoproj.io/phase"] = phase;
  labels["workflows.argoproj.io/completed"] = String(completed);
}
