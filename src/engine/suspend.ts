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
  // Values set with `argo node set` win over the declared defaults.
  const set = new Map(
    (node.outputs?.parameters ?? []).filter((p) => p.value !== undefined).map((p) => [p.name, p]),
  );
  if (outputs?.parameters) outputs.parameters = outputs.parameters.map((p) => set.get(p.name) ?? p);
  if (outputs) node.outputs = outputs;
  node.progress = "1/1";
  ctx.wakeTimes.delete(nodeId);
  setPhase(ctx, nodeId, "Succeeded");
}

/**
 * `argo node set` on a Suspend node: sets supplied output parameters (only ones the template
 * declares), then ends the node with `phase` when given. Other nodes are left alone; the
 * controller refuses them before they get here.
 */
export function setSuspendNode(
  ctx: EngineContext,
  o: {
    nodeId: string;
    phase?: "Succeeded" | "Failed" | "Error";
    message?: string;
    outputParameters?: Record<string, string>;
  },
): void {
  const node = ctx.state.get(o.nodeId);
  if (node?.type !== "Suspend") return;
  if (o.outputParameters && Object.keys(o.outputParameters).length) {
    const template = ctx.suspendTemplates.get(o.nodeId);
    const declared = template?.outputs?.parameters ?? node.outputs?.parameters ?? [];
    const current = node.outputs?.parameters ?? suppliedDefaults(template)?.parameters ?? [];
    node.outputs = {
      ...node.outputs,
      parameters: declared.map((p) => {
        const given = o.outputParameters?.[p.name];
        const existing = current.find((c) => c.name === p.name);
        return given !== undefined ? { name: p.name, value: given } : (existing ?? { ...p });
      }),
    };
    ctx.state.changed.add(o.nodeId);
  }
  if (node.phase !== "Running" || !o.phase) return;
  if (o.message !== undefined) node.message = o.message;
  node.progress = "1/1";
  ctx.wakeTimes.delete(o.nodeId);
  setPhase(ctx, o.nodeId, o.phase, o.message);
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
