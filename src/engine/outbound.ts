/**
 * Outbound nodes (Argo's getOutboundNodes): the leaf nodes through which a node connects to what
 * runs after it. A pod is its own outbound node; a steps/DAG node's are those it recorded when it
 * finished; a retry node's is its last attempt; a task group's are its children's.
 */
import type { EngineState } from "./state.js";

export function outboundNodes(state: EngineState, id: string): string[] {
  const node = state.get(id);
  if (!node) return [];
  switch (node.type) {
    case "Pod": {
      // A containerSet pod is left through its last containers.
      const containers = (node.children ?? []).filter((c) => state.get(c)?.type === "Container");
      if (containers.length === 0) return [id];
      return containers.flatMap((c) => outboundNodes(state, c));
    }
    case "Skipped":
    case "Suspend":
    case "HTTP":
    case "Plugin":
      return [id];
    case "Container":
    case "TaskGroup": {
      const children = node.children ?? [];
      if (children.length === 0) return [id];
      return children.flatMap((child) => {
        if (node.type === "Container" && state.get(child)?.boundaryID !== node.boundaryID) return [id];
        return outboundNodes(state, child);
      });
    }
    case "Retry": {
      const last = node.children?.[node.children.length - 1];
      return last ? [last] : [];
    }
    case "Steps":
    case "DAG":
      if (node.memoizationStatus?.hit) return [id];
      return (node.outboundNodes ?? []).flatMap((out) => outboundNodes(state, out));
    case "StepGroup":
      return (node.outboundNodes ?? []).flatMap((out) => outboundNodes(state, out));
  }
}
