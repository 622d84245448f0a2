/**
 * Which drawn nodes match the search box: a node whose display name, name or template name
 * contains the text (case-insensitive); a collapsed box matches when any node it hides does.
 */
import type { NodeStatus } from "../types.js";
import type { GraphNode } from "./model.js";

export function nodeMatches(status: NodeStatus | undefined, needle: string): boolean {
  if (!status) return false;
  for (const text of [status.displayName, status.name, status.templateName]) {
    if (text?.toLowerCase().includes(needle)) return true;
  }
  return false;
}

/** One flag per drawn node; null when the search is empty (nothing is dimmed). */
export function searchMatches(
  drawn: readonly GraphNode[],
  nodes: Record<string, NodeStatus>,
  search: string,
): Uint8Array | null {
  const needle = search.trim().toLowerCase();
  if (!needle) return null;
  const out = new Uint8Array(drawn.length);
  drawn.forEach((node, i) => {
    if (node.kind === "collapsed") {
      out[i] = node.hiddenIds?.some((id) => nodeMatches(nodes[id], needle)) ? 1 : 0;
    } else out[i] = nodeMatches(nodes[node.key], needle) ? 1 : 0;
  });
  return out;
}
