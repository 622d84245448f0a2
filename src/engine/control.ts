/**
 * Stopping work from outside the tree: the workflow's `activeDeadlineSeconds`, and `shutdown`
 * (Stop lets exit handlers run, Terminate stops everything). Pods are killed and their nodes fail
 * with Argo's messages; the scopes above then complete through the usual fulfilled queue.
 */
import type { NodeStatus } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import { type EngineContext, setPhase } from "./context.js";
import { podNameFor, templateNameForPod } from "./node-id.js";

/** Epoch ms at which the workflow's deadline passes, if it has one. */
export function workflowDeadline(ctx: EngineContext): number | undefined {
  const seconds = Number(ctx.spec.activeDeadlineSeconds ?? ctx.state.workflow.spec.activeDeadlineSeconds);
  const started = Date.parse(ctx.state.workflow.status?.startedAt ?? "");
  if (!Number.isFinite(seconds) || ctx.spec.activeDeadlineSeconds === undefined || Number.isNaN(started))
    return undefined;
  return started + seconds * 1000;
}

/** Asks to be woken at the workflow's deadline. */
export function scheduleDeadline(ctx: EngineContext): void {
  const at = workflowDeadline(ctx);
  if (at === undefined) return;
  ctx.wakeTimes.set("", at);
  ctx.state.emit({ type: "wakeAt", nodeId: "", at: new Date(at).toISOString() });
}

/** Is this node inside an exit handler (its own name or an ancestor's ends in `.onExit`)? */
export const isPartOfExitHandler = (node: NodeStatus): boolean => /\.onExit(\(|\.|\[|$)/.test(node.name);

function killPod(ctx: EngineContext, node: NodeStatus, message: string): void {
  if (ctx.activePods.has(node.id)) {
    ctx.state.emit({
      type: "killPod",
      nodeId: node.id,
      podName: podNameFor(ctx.state.name, node.name, templateNameForPod(node)),
    });
    ctx.activePods.delete(node.id);
  }
  setPhase(ctx, node.id, "Failed", message);
}

/** Fails what still runs once the workflow's deadline has passed (exit handlers excepted). */
export function applyDeadline(ctx: EngineContext): void {
  if (ctx.deadlinePassed) return;
  const at = workflowDeadline(ctx);
  if (at === undefined || ctx.state.nowMs < at) return;
  ctx.deadlinePassed = true;
  const message = "Step exceeded its deadline";
  for (const node of Object.values(ctx.state.nodes)) {
    if (isFulfilledPhase(node.phase) || isPartOfExitHandler(node)) continue;
    if (node.type === "Pod") killPod(ctx, node, message);
    else if (node.type === "Suspend") setPhase(ctx, node.id, "Failed", message);
  }
}

/** Stop or Terminate: kill pods (Stop spares exit handlers) and fail waiting suspends. */
export function applyShutdown(ctx: EngineContext, strategy: "Stop" | "Terminate"): void {
  ctx.state.workflow.spec.shutdown = strategy;
  ctx.spec.shutdown = strategy;
  for (const node of Object.values(ctx.state.nodes)) {
    if (isFulfilledPhase(node.phase)) continue;
    if (strategy === "Stop" && isPartOfExitHandler(node)) continue;
    if (node.type === "Pod") killPod(ctx, node, `workflow shutdown with strategy:  ${strategy}`);
    else if (node.type === "Suspend") setPhase(ctx, node.id, "Failed", `Stopped with strategy '${strategy}'`);
  }
}

/** Whether a new pod may start now: not after the deadline or a shutdown (exit handlers may, under Stop). */
export function mayStartPod(ctx: EngineContext, node: NodeStatus): string | undefined {
  const shutdown = ctx.spec.shutdown;
  if (shutdown && !(shutdown === "Stop" && isPartOfExitHandler(node))) {
    return `workflow shutdown with strategy:  ${shutdown}`;
  }
  if (ctx.deadlinePassed && !isPartOfExitHandler(node)) return "Step exceeded its deadline";
  return undefined;
}
