/**
 * The nodes of a workflow in tree order (depth-first from the root along `children`, then any
 * node not reached, such as exit handlers, in start order) with their depth, and node search.
 */
import type { NodeStatus, Workflow } from "../../types.js";

export interface OrderedNode {
  node: NodeStatus;
  depth: number;
}

export function treeOrder(wf: Workflow): OrderedNode[] {
  const nodes = wf.status?.nodes ?? {};
  const out: OrderedNode[] = [];
  const seen = new Set<string>();
  const visit = (rootId: string) => {
    const stack: [string, number][] = [[rootId, 0]];
    while (stack.length > 0) {
      const [id, depth] = stack.pop() as [string, number];
      const node = nodes[id];
      if (!node || seen.has(id)) continue;
      seen.add(id);
      out.push({ node, depth });
      const children = node.children ?? [];
      for (let i = children.length - 1; i >= 0; i--) stack.push([children[i] as string, depth + 1]);
    }
  };
  const name = wf.metadata.name ?? "";
  visit(name);
  const rest = Object.values(nodes)
    .filter((n) => !seen.has(n.id))
    .sort((a, b) => (a.startedAt ?? "").localeCompare(b.startedAt ?? ""));
  for (const n of rest) visit(n.id);
  return out;
}

/** Case-insensitive match of a node's display name, name, template or phase. */
export function matchesSearch(node: NodeStatus, search: string): boolean {
  if (!search) return true;
  const s = search.toLowerCase();
  return (
    node.displayName.toLowerCase().includes(s) ||
    node.name.toLowerCase().includes(s) ||
    (node.templateName ?? "").toLowerCase().includes(s) ||
    node.phase.toLowerCase() === s
  );
}
