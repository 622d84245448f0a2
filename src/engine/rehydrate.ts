/**
 * Rebuilding the in-memory indexes of a workflow that is already running, from its status alone:
 * who owns each node, the runtimes of Running steps/DAG nodes, the pods still out, the suspends
 * still waiting. This is what lets `reconcile` be a pure function of the stored status, and a
 * restarted controller carry on where the last one stopped.
 */
import type { NodeStatus } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import type { EngineContext, StartedTemplate } from "./context.js";
import { configMapOf } from "./context.js";
import { workflowDeadline } from "./control.js";
import { isNodeFulfilled } from "./daemon.js";
import { resumeDag } from "./dag.js";
import { processTemplate } from "./inputs.js";
import { attemptStarter, dispatch, type Invocation, templateKind } from "./invoke.js";
import { podNameFor, templateNameForPod } from "./node-id.js";
import { RetryRuntime } from "./retry.js";
import { resumeSteps } from "./steps.js";
import { suspendSeconds } from "./suspend.js";
import { acquireThen } from "./sync.js";
import type { TemplateBase } from "./templates.js";
import { resumeWorkflowLock } from "./workflow.js";

/** The base a node's template resolves in, from its `templateScope`. */
function baseFor(ctx: EngineContext, scope: string | undefined): TemplateBase {
  const [kind = "local", name = ""] = (scope ?? "").split("/", 2);
  if (kind === "local" || !name) return { scope: `local/${ctx.state.name}`, spec: ctx.spec };
  const namespace = ctx.state.workflow.metadata.namespace ?? "default";
  const spec = ctx.options.resolveTemplateRef?.({ name, clusterScope: kind === "cluster", namespace });
  return { scope: scope ?? "", spec: spec ?? {} };
}

/** Re-resolves and re-processes the template a node was started with. */
function restart(ctx: EngineContext, node: NodeStatus): StartedTemplate {
  const resolved = ctx.templates.resolve(
    {
      ...(node.templateName ? { template: node.templateName } : {}),
      ...(node.templateRef ? { templateRef: node.templateRef } : {}),
    },
    baseFor(ctx, node.templateScope),
  );
  const locals = new Map([["node.name", node.name]]);
  if (node.type === "Pod")
    locals.set("pod.name", podNameFor(ctx.state.name, node.name, templateNameForPod(node)));
  const args = node.inputs?.parameters ? { parameters: node.inputs.parameters } : undefined;
  const processed = processTemplate({
    template: resolved.template,
    args,
    locals,
    globals: ctx.globals,
    configMap: configMapOf(ctx),
  });
  return { ctx, node, template: processed.template, base: resolved.base, scope: processed.scope };
}

/** Rebuilds a Running Retry node's runtime so its next attempt can start. */
function resumeRetry(ctx: EngineContext, node: NodeStatus): void {
  const base = baseFor(ctx, node.templateScope);
  const step = {
    ...(node.templateName ? { template: node.templateName } : {}),
    ...(node.templateRef ? { templateRef: node.templateRef } : {}),
  };
  const resolved = ctx.templates.resolve(step, base);
  const strategy = resolved.template.retryStrategy ?? ctx.spec.retryStrategy;
  if (!strategy) return;
  const inv: Invocation = {
    nodeName: node.name,
    step,
    args: node.inputs?.parameters ? { parameters: node.inputs.parameters } : undefined,
    base,
    ...(node.boundaryID ? { boundaryID: node.boundaryID } : {}),
    ownerId: node.boundaryID ?? "",
  };
  const runtime = new RetryRuntime(ctx, node, strategy, attemptStarter(ctx, inv, resolved));
  ctx.runtimes.set(node.id, runtime);
  runtime.restoreWake();
}

/** Node types whose template is processed again when the engine is rebuilt (each exactly once). */
const hasTemplate = (n: NodeStatus): boolean =>
  n.type === "Pod" || n.type === "Steps" || n.type === "DAG" || n.type === "Suspend";

/** A node that asked for locks: still waiting (ask again, start on grant) or holding (release when done). */
function resumeLockWait(ctx: EngineContext, started: StartedTemplate): boolean {
  const { node } = started;
  if (started.template.synchronization === undefined) return false;
  if (node.phase !== "Pending" || !node.synchronizationStatus) {
    ctx.lockHolders.add(node.id);
    return false;
  }
  const kind = templateKind(started.template);
  acquireThen(ctx, {
    nodeId: node.id,
    synchronization: started.template.synchronization,
    start: () => dispatch(kind, started),
  });
  return true;
}

export function rehydrate(ctx: EngineContext, notified: Set<string>): void {
  resumeWorkflowLock(ctx, baseFor(ctx, undefined));
  const deadline = workflowDeadline(ctx);
  if (deadline !== undefined) ctx.wakeTimes.set("", deadline);
  for (const node of Object.values(ctx.state.nodes)) {
    if (node.nodeFlag?.retried) ctx.owners.set(node.id, ctx.state.idOf(node.name.replace(/\(\d+\)$/, "")));
    else if (node.type !== "StepGroup") ctx.owners.set(node.id, node.boundaryID ?? "");
    if (isNodeFulfilled(node)) notified.add(node.id);
    if (isFulfilledPhase(node.phase)) {
      continue;
    }
    const started = hasTemplate(node) ? restart(ctx, node) : undefined;
    if (started && resumeLockWait(ctx, started)) continue;
    switch (node.type) {
      case "Pod": {
        const { template } = started as StartedTemplate;
        if (template.data) {
          ctx.dataTemplates.set(node.id, template);
          break;
        }
        if (template.resource) {
          ctx.resourceTemplates.set(node.id, template);
          break;
        }
        ctx.activePods.add(node.id);
        ctx.podTemplates.set(node.id, template);
        break;
      }
      case "Suspend": {
        const { template } = started as StartedTemplate;
        ctx.suspendTemplates.set(node.id, template);
        const seconds = suspendSeconds(template.suspend?.duration);
        if (seconds !== undefined)
          ctx.wakeTimes.set(node.id, Date.parse(node.startedAt ?? "") + seconds * 1000);
        break;
      }
      case "Steps":
        resumeSteps(started as StartedTemplate);
        break;
      case "DAG":
        resumeDag(started as StartedTemplate);
        break;
      case "Retry":
        resumeRetry(ctx, node);
        break;
      default:
        break;
    }
  }
}
