/**
 * Argo's progress: "done/total" of executable nodes (pods, containers, suspends, HTTP, plugins);
 * other nodes sum the executable nodes below them, each counted once.
 */
import type { NodeStatus, NodeType } from "../spec/types.js";

export const isExecutable = (type: NodeType): boolean =>
  type === "Pod" || type === "Container" || type === "Suspend" || type === "HTTP" || type === "Plugin";

const parse = (p: string | undefined): [number, number] => {
  const m = /^(\d+)\/(\d+)$/.exec(p ?? "");
  return m ? [Number(m[1]), Number(m[2])] : [0, 1];
};

/** Sets `progress` on every node and returns the workflow's. Runs once, when the workflow ends. */
export function computeProgress(nodes: Record<string, NodeStatus>): string {
  let done = 0;
  let total = 0;
  for (const node of Object.values(nodes)) {
    if (!isExecutable(node.type)) continue;
    if (node.phase === "Succeeded" || node.phase === "Skipped" || node.phase === "Omitted") {
      const [, t] = parse(node.progress);
      node.progress = `${t}/${t}`;
    }
    node.progress ??= "0/1";
    const [d, t] = parse(node.progress);
    done += d;
    total += t;
  }
  for (const node of Object.values(nodes)) {
    if (isExecutable(node.type)) continue;
    const [d, t] = sumBelow(nodes, node);
    if (t > 0 || node.children?.length) node.progress = `${d}/${t}`;
  }
  return `${done}/${total}`;
}

function sumBelow(nodes: Record<string, NodeStatus>, node: NodeStatus): [number, number] {
  const visited = new Set<string>();
  const stack = [...(node.children ?? [])];
  let done = 0;
  let total = 0;
  while (stack.length) {
    const id = stack.pop() as string;
    if (visited.has(id)) continue;
    visited.add(id);
    const child = nodes[id];
    if (!child) continue;
    if (isExecutable(child.type)) {
      const [d, t] = parse(child.progress);
      done += d;
      total += t;
    }
    stack.push(...(child.children ?? []));
  }
  return [done, total];
}
