/**
 * Suspend templates: the node stays Running until its `duration` passes (a `wakeAt` action and a
 * timer observation) or the workflow is resumed; then it succeeds, with supplied output
 * parameters set to their defaults.
 */
import { parseDuration } from "../expr/index.js";
import type { NodeStatus, Outputs, Template } from "../spec/types.js";
import { type EngineContext, setPhase } from "./context.js";
import { paramString } from "./vars.js";

/** Seconds a suspend `duration` stands for: a bare number is seconds, else a Go duration ("2m", "1h30m"). */
export function suspendSeconds(duration: unknown): number | undefined {
  if (duration === undefined || duration === null || duration === "") return undefined;
  const text = paramString(duration).trim();
  if (/^\d+$/.test(text)) return Number(text);
  return parseDuration(text) / 1000;
}

export function startSuspend(ctx: EngineContext, node: NodeStatus, template: Template): void {
  ctx.suspendTemplates.set(node.id, template);
  let seconds: number | undefined;
  try {
    seconds = suspendSeconds(template.suspend?.duration);
  } catch (e) {
    setPhase(ctx, node.id, "Error", e instanceof Error ? e.message : String(e));
    return;
  }
  if (seconds === undefined) return;
  const at = ctx.state.nowMs + seconds * 1000;
  ctx.state.emit({ type: "wakeAt", nodeId: node.id, at: new Date(at).toISOString() });
  ctx.wakeTimes.set(node.id, at);
}

/** Completes a suspend node whose time has come or that was resumed. */
export function resumeSuspend(ctx: EngineContext, nodeId: string): void {
  const node = ctx.state.get(nodeId);
  if (node?.type !== "Suspend" || node.phase !== "Running") return;
  const template = ctx.suspendTemplates.get(nodeId);
  const outputs = suppliedDefaults(template);
  if (outputs) node.outputs = outputs;
  node.progress = "1/1";
  ctx.wakeTimes.delete(nodeId);
  setPhase(ctx, nodeId, "Succeeded");
}

function suppliedDefaults(template: Template | undefined): Outputs | undefined {
  const declared = template?.outputs?.parameters;
  if (!declared?.length) return undefined;
  return {
    parameters: declared.map((p) => {
      const fallback = p.valueFrom?.default ?? p.value;
      return fallback === undefined ? { ...p } : { ...p, value: paramString(fallback) };
    }),
  };
}
