/**
 * The workflow's own lifecycle: global variables, starting the entrypoint as the root node, and
 * deriving the workflow's phase, message and timestamps from the root node when it ends.
 */
import type { NodePhase, Workflow, WorkflowPhase, WorkflowSpec } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import { type EngineContext, messageOf } from "./context.js";
import { scheduleDeadline } from "./control.js";
import { killDaemons } from "./daemon.js";
import { exitHookOf, expressionHooks, hookHolds, setExitVariables, startHook } from "./hooks.js";
import { configMapValue, substitute } from "./inputs.js";
import { executeTemplate } from "./invoke.js";
import { workflowMetrics } from "./metric-events.js";
import { computeProgress } from "./progress.js";
import { acquireThen, releaseIfHolder } from "./sync.js";
import type { TemplateBase } from "./templates.js";
import { paramString } from "./vars.js";

/** Argo's `workflow.*` variables for a workflow. */
export function globalVariables(
  wf: Workflow,
  spec: WorkflowSpec,
  configMap?: (name: string, key: string) => string | undefined,
): Map<string, string> {
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
  const scheduled = meta.annotations?.["workflows.argoproj.io/scheduled-time"];
  if (scheduled) g.set("workflow.scheduledTime", scheduled);
  if (spec.priority !== undefined) g.set("workflow.priority", String(spec.priority));
  if (typeof spec.serviceAccountName === "string")
    g.set("workflow.serviceAccountName", spec.serviceAccountName);
  const params = (spec.arguments?.parameters ?? []).map((p) => {
    const fromMap =
      p.value === undefined ? configMapValue(p, `workflow.parameters.${p.name}`, configMap) : undefined;
    return fromMap === undefined ? p : { ...p, value: fromMap };
  });
  for (const p of params) {
    const value = p.value ?? p.default ?? p.valueFrom?.default;
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
  scheduleDeadline(ctx);
  if (ctx.options.artifactRepositoryRef) status.artifactRepositoryRef = ctx.options.artifactRepositoryRef;
  const claims = ((ctx.spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string } }[]).map(
    (t) => t.metadata?.name ?? "",
  );
  if (claims.length) {
    status.persistentVolumeClaims = claims.map((name) => ({
      name,
      persistentVolumeClaim: { claimName: `${ctx.state.name}-${name}` },
    }));
  }
  const entrypoint = ctx.spec.entrypoint;
  if (!entrypoint) {
    finishWorkflow(ctx, "Error", "spec.entrypoint is required");
    return;
  }
  const startRoot = () => runRoot(ctx, base, entrypoint);
  if (ctx.spec.synchronization !== undefined) {
    status.phase = "Pending";
    acquireThen(ctx, { nodeId: "", synchronization: ctx.spec.synchronization, start: startRoot });
  } else startRoot();
}

/** After a restart: a workflow still waiting for its own locks asks again. */
export function resumeWorkflowLock(ctx: EngineContext, base: TemplateBase): void {
  const entrypoint = ctx.spec.entrypoint;
  if (ctx.spec.synchronization === undefined || !entrypoint) return;
  if (ctx.state.workflow.status?.phase === "Pending" && !ctx.state.byName(ctx.state.name)) {
    acquireThen(ctx, {
      nodeId: "",
      synchronization: ctx.spec.synchronization,
      start: () => runRoot(ctx, base, entrypoint),
    });
  } else ctx.lockHolders.add("");
}

function runRoot(ctx: EngineContext, base: TemplateBase, entrypoint: string): void {
  const status = ctx.state.workflow.status ?? {};
  status.phase = "Running";
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

/** Argo's `workflow.status` for the root node's phase. */
export const workflowPhaseFor = (phase: NodePhase): WorkflowPhase => workflowPhaseOf[phase];

const localBase = (ctx: EngineContext): TemplateBase => ({
  scope: `local/${ctx.state.name}`,
  spec: ctx.spec,
});

/** Starts the workflow's expression hooks (`<wf>.hooks.<name>`) whose expression now holds. */
export function runWorkflowHooks(ctx: EngineContext): void {
  const root = ctx.state.byName(ctx.state.name);
  if (!root) return;
  const hooks = expressionHooks(ctx.spec.hooks);
  if (hooks.length === 0) return;
  ctx.globals.set("workflow.status", workflowPhaseOf[root.phase]);
  for (const [name, hook] of hooks) {
    const nodeName = `${ctx.state.name}.hooks.${name}`;
    if (ctx.state.byName(nodeName) || !hookHolds(hook.expression, ctx.globals)) continue;
    startHook({ ctx, parent: root, hook, nodeName, scope: ctx.globals, base: localBase(ctx), ownerId: "" });
  }
}

/**
 * Ends the workflow once the root node is fulfilled, its hooks are done and its exit handler (if
 * any, and unless terminated) has run; the exit handler's failure fails a successful workflow.
 */
export function completeFromRoot(ctx: EngineContext): void {
  // Called twice per reconcile (before and after draining): a workflow ends once.
  if (isWorkflowDone(ctx.state.workflow)) return;
  if (ctx.lockFailure) {
    finishWorkflow(ctx, "Failed", ctx.lockFailure);
    return;
  }
  const root = ctx.state.byName(ctx.state.name);
  if (!root) return;
  const phase = workflowPhaseOf[root.phase];
  if (phase === "Running" || phase === "Pending") return;
  killDaemons(ctx, undefined);
  if (root.daemoned) killDaemons(ctx, root.boundaryID);
  for (const [name] of expressionHooks(ctx.spec.hooks)) {
    const hookNode = ctx.state.byName(`${ctx.state.name}.hooks.${name}`);
    if (hookNode && !isFulfilledPhase(hookNode.phase)) return;
  }
  const shutdown = ctx.spec.shutdown;
  const exitHook = exitHookOf(ctx.spec, ctx.spec.arguments);
  let exitNode = ctx.state.byName(`${ctx.state.name}.onExit`);
  if (exitHook && (exitNode || shutdown !== "Terminate")) {
    if (!exitNode) {
      setExitVariables(ctx, phase);
      exitNode = executeTemplate(ctx, {
        nodeName: `${ctx.state.name}.onExit`,
        step: {
          ...(exitHook.template ? { template: exitHook.template } : {}),
          ...(exitHook.templateRef ? { templateRef: exitHook.templateRef } : {}),
        },
        args: exitHook.arguments ? substitute(exitHook.arguments, ctx.globals) : undefined,
        base: localBase(ctx),
        ownerId: "",
        hooked: true,
      });
    }
    if (!isFulfilledPhase(exitNode.phase) || ctx.activePods.size > 0) return;
  }
  const message = phase !== "Succeeded" && shutdown ? `Stopped with strategy '${shutdown}'` : root.message;
  if (phase === "Succeeded" && exitNode && (exitNode.phase === "Failed" || exitNode.phase === "Error")) {
    finishWorkflow(ctx, exitNode.phase, exitNode.message);
    return;
  }
  finishWorkflow(ctx, phase, phase === "Succeeded" ? undefined : message);
}

export function finishWorkflow(ctx: EngineContext, phase: WorkflowPhase, message?: string): void {
  const wf = ctx.state.workflow;
  releaseIfHolder(ctx, { id: "" });
  const status = wf.status ?? {};
  status.phase = phase;
  status.startedAt ??= ctx.state.now;
  status.finishedAt = ctx.state.now;
  if (message) status.message = message;
  else delete status.message;
  status.progress = computeProgress(ctx.state.nodes);
  workflowMetrics(ctx);
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
