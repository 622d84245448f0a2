/**
 * Exit handlers and lifecycle hooks.
 *
 * - A step's or task's exit hook (`hooks.exit`, or the older `onExit`) runs as `<node>.onExit`,
 *   a child of the finished node in the same boundary; the step group (or the DAG's dependents)
 *   wait for it.
 * - Other hooks need an `expression`; each runs once, as `<node>.hooks.<name>`, when its expression
 *   first holds (evaluated at every reconcile while the hooked node's scope is active).
 * - The workflow's exit hook runs as `<wf>.onExit` once the root node is fulfilled, with
 *   `workflow.status`, `workflow.failures` and `workflow.duration` set; its hooks as
 *   `<wf>.hooks.<name>`, children of the root.
 */
import { argoEnv, evalBool } from "../expr/index.js";
import type { LifecycleHook, NodeStatus, WorkflowStep } from "../spec/types.js";
import type { EngineContext } from "./context.js";
import { substitute } from "./inputs.js";
import { executeTemplate } from "./invoke.js";
import { podNameFor, templateNameForPod } from "./node-id.js";
import type { TemplateBase } from "./templates.js";

/** The exit hook of a step, task or workflow spec: `hooks.exit`, else `onExit` with the given arguments. */
export function exitHookOf(
  holder: { hooks?: Record<string, LifecycleHook>; onExit?: string },
  fallbackArgs?: WorkflowStep["arguments"],
): LifecycleHook | undefined {
  const hook = holder.hooks?.exit;
  if (hook) return hook;
  if (holder.onExit) return { template: holder.onExit, ...(fallbackArgs ? { arguments: fallbackArgs } : {}) };
  return undefined;
}

/** Named hooks other than `exit`, in name order. */
export const expressionHooks = (
  hooks: Record<string, LifecycleHook> | undefined,
): [string, LifecycleHook][] =>
  Object.entries(hooks ?? {})
    .filter(([name]) => name !== "exit")
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

export interface HookRun {
  ctx: EngineContext;
  /** The node the hook hangs from. */
  parent: NodeStatus;
  hook: LifecycleHook;
  /** Node name of the hook: `<parent>.onExit` or `<parent>.hooks.<name>`. */
  nodeName: string;
  scope: ReadonlyMap<string, string>;
  base: TemplateBase;
  boundaryID?: string;
  ownerId: string;
}

/** Starts a hook node (arguments substituted in `scope`) as a child of its parent; returns it. */
export function startHook(run: HookRun): NodeStatus {
  const { ctx, parent, hook } = run;
  const existing = ctx.state.byName(run.nodeName);
  if (existing) return existing;
  const args = hook.arguments ? substitute(hook.arguments, run.scope) : undefined;
  const node = executeTemplate(ctx, {
    nodeName: run.nodeName,
    step: {
      ...(hook.template ? { template: hook.template } : {}),
      ...(hook.templateRef ? { templateRef: hook.templateRef } : {}),
    },
    args,
    base: run.base,
    ...(run.boundaryID ? { boundaryID: run.boundaryID } : {}),
    ownerId: run.ownerId,
    hooked: true,
  });
  if (parent.id !== node.id) ctx.state.addChild(parent.id, node.id);
  return node;
}

/** Evaluates a hook's expression; an expression that cannot be evaluated counts as false. */
export function hookHolds(expression: string | undefined, scope: ReadonlyMap<string, string>): boolean {
  if (!expression) return false;
  try {
    return evalBool(expression, argoEnv(scope));
  } catch {
    return false;
  }
}

/** `workflow.status`, `workflow.failures` and `workflow.duration` as Argo sets them for exit handlers. */
export function setExitVariables(ctx: EngineContext, status: string): void {
  const failures = Object.values(ctx.state.nodes)
    .filter((n) => n.phase === "Failed" || n.phase === "Error")
    .map((n) => ({
      displayName: n.displayName,
      message: n.message ?? "",
      templateName: n.templateRef?.template ?? n.templateName ?? "",
      phase: n.phase,
      podName: podNameFor(ctx.state.name, n.name, templateNameForPod(n)),
      finishedAt: n.finishedAt ?? null,
    }));
  ctx.globals.set("workflow.status", status);
  // Argo quotes the JSON once more so that substitution into JSON keeps its escapes.
  ctx.globals.set("workflow.failures", JSON.stringify(JSON.stringify(failures)));
  const started = Date.parse(ctx.state.workflow.status?.startedAt ?? "");
  const seconds = Number.isNaN(started) ? 0 : (ctx.state.nowMs - started) / 1000;
  ctx.globals.set("workflow.duration", seconds.toFixed(6));
}
