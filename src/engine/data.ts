/**
 * Data templates: list the keys under `source.artifactPaths` (the controller does the listing and
 * reports back), then run each `transformation` expression over `data`; the last value, as
 * compact JSON, is the node's `outputs.result`. The node is a Pod node, as in Argo.
 */
import { evalExpr, formatValue } from "../expr/index.js";
import type { NodeStatus, Template } from "../spec/types.js";
import { type EngineContext, messageOf, setPhase } from "./context.js";

interface DataTemplate {
  source?: { artifactPaths?: Record<string, unknown> };
  transformation?: { expression: string }[];
}

export function startData(ctx: EngineContext, node: NodeStatus, template: Template): void {
  const data = template.data as DataTemplate | undefined;
  const paths = data?.source?.artifactPaths;
  if (!paths) {
    setPhase(ctx, node.id, "Error", "data template needs source.artifactPaths");
    return;
  }
  const { name: _name, ...location } = paths;
  ctx.dataTemplates.set(node.id, template);
  ctx.state.emit({ type: "listArtifacts", nodeId: node.id, location });
}

/** The controller listed the keys (or failed to): transform them and finish the node. */
export function onArtifactsListed(
  ctx: EngineContext,
  o: { nodeId: string; keys?: string[]; error?: string },
): void {
  const template = ctx.dataTemplates.get(o.nodeId);
  const node = ctx.state.get(o.nodeId);
  if (!template || !node || node.phase !== "Pending") return;
  ctx.dataTemplates.delete(o.nodeId);
  if (o.error !== undefined) {
    setPhase(ctx, o.nodeId, "Error", o.error);
    return;
  }
  let value: unknown = o.keys ?? [];
  try {
    for (const t of (template.data as DataTemplate).transformation ?? [])
      value = evalExpr(t.expression, { data: value });
  } catch (e) {
    setPhase(ctx, o.nodeId, "Error", messageOf(e));
    return;
  }
  node.outputs = { result: typeof value === "string" ? value : formatValue(value) };
  node.progress = "1/1";
  setPhase(ctx, o.nodeId, "Succeeded");
}
