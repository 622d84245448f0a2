/**
 * Resource templates: the controller creates, applies, gets, patches, replaces or deletes the
 * manifest's object in its own store (a created Workflow really runs), waits for
 * `successCondition`/`failureCondition` when given, and reports back; outputs come from
 * `valueFrom.jsonPath` on the object. The node is a Pod node, as in Argo.
 */
import type { NodeStatus, Template } from "../spec/types.js";
import { type EngineContext, setPhase } from "./context.js";

interface ResourceTemplate {
  action?: string;
  manifest?: string;
  successCondition?: string;
  failureCondition?: string;
  setOwnerReference?: boolean;
  mergeStrategy?: string;
}

export function startResource(ctx: EngineContext, node: NodeStatus, template: Template): void {
  const r = template.resource as ResourceTemplate | undefined;
  if (!r?.action || !r.manifest) {
    setPhase(ctx, node.id, "Error", "resource template needs action and manifest");
    return;
  }
  ctx.resourceTemplates.set(node.id, template);
  ctx.state.emit({
    type: "applyResource",
    nodeId: node.id,
    action: r.action,
    manifest: r.manifest,
    ...(r.successCondition ? { successCondition: r.successCondition } : {}),
    ...(r.failureCondition ? { failureCondition: r.failureCondition } : {}),
    ...(r.setOwnerReference ? { setOwnerReference: true } : {}),
    ...(r.mergeStrategy ? { mergeStrategy: r.mergeStrategy } : {}),
    outputParameters: (template.outputs?.parameters ?? []).map((p) => ({
      name: p.name,
      ...(p.valueFrom?.jsonPath ? { jsonPath: p.valueFrom.jsonPath } : {}),
      ...(p.valueFrom?.jqFilter ? { jqFilter: p.valueFrom.jqFilter } : {}),
    })),
  });
}

/** The controller finished the resource action (and its conditions). */
export function onResourceDone(
  ctx: EngineContext,
  o: {
    nodeId: string;
    phase: "Succeeded" | "Failed" | "Error";
    message?: string;
    outputParameters?: Record<string, string>;
  },
): void {
  const template = ctx.resourceTemplates.get(o.nodeId);
  const node = ctx.state.get(o.nodeId);
  if (!template || !node || (node.phase !== "Pending" && node.phase !== "Running")) return;
  ctx.resourceTemplates.delete(o.nodeId);
  const declared = template.outputs?.parameters ?? [];
  if (declared.length) {
    node.outputs = {
      parameters: declared.map((p) => {
        const value = o.outputParameters?.[p.name] ?? p.valueFrom?.default;
        return value === undefined ? { ...p } : { ...p, value: String(value) };
      }),
    };
  }
  node.progress = o.phase === "Succeeded" ? "1/1" : "0/1";
  setPhase(ctx, o.nodeId, o.phase, o.message ?? "");
}
