/** Graph algorithms over DAG task names: edges point from a task to the tasks it waits for. */

/**
 * Every dependency cycle of a DAG, one per strongly connected component, each as the list of task
 * names from the first declared task of the cycle back to itself (`A -> B -> A`: A waits for B).
 */
export function findCycles(
  order: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): string[][] {
  const cycles: string[][] = [];
  const position = new Map(order.map((n, i) => [n, i]));
  for (const component of stronglyConnected(order, edges)) {
    // The first declared member; a lone task is a cycle only when it waits for itself.
    let first: string | undefined;
    for (const n of component) {
      if (first === undefined || (position.get(n) ?? Infinity) < (position.get(first) ?? Infinity)) first = n;
    }
    if (first === undefined) continue;
    if (component.size === 1 && !(edges.get(first)?.includes(first) ?? false)) continue;
    cycles.push(walkCycle(first, component, edges));
  }
  return cycles;
}

/** A path inside a strongly connected component from `start` back to `start`. */
function walkCycle(
  start: string,
  component: ReadonlySet<string>,
  edges: ReadonlyMap<string, readonly string[]>,
): string[] {
  // Breadth-first search for the shortest way back, so the reported cycle is as short as possible.
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i] as string;
    for (const next of edges.get(node) ?? []) {
      if (!component.has(next)) continue;
      if (next === start) return [...pathTo(node, start, previous), start];
      if (previous.has(next)) continue;
      previous.set(next, node);
      queue.push(next);
    }
  }
  return [start, start];
}

function pathTo(node: string, start: string, previous: ReadonlyMap<string, string>): string[] {
  const path = [node];
  let current = node;
  while (current !== start) {
    current = previous.get(current) ?? start;
    path.unshift(current);
  }
  return path;
}

/** Tarjan's algorithm, iterative so that deep chains cannot overflow the stack. */
function stronglyConnected(
  order: readonly string[],
  edges: ReadonlyMap<string, readonly string[]>,
): Set<string>[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: Set<string>[] = [];
  let counter = 0;
  for (const root of order) {
    if (index.has(root)) continue;
    const work: { node: string; next: number; targets: readonly string[] }[] = [frameOf(root, edges)];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1] as { node: string; next: number; targets: readonly string[] };
      const targets = frame.targets;
      if (frame.next < targets.length) {
        const target = targets[frame.next++] as string;
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push(frameOf(target, edges));
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node) ?? 0, index.get(target) ?? 0));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined)
        low.set(parent.node, Math.min(low.get(parent.node) ?? 0, low.get(frame.node) ?? 0));
      if (low.get(frame.node) === index.get(frame.node))
        components.push(popComponent(frame.node, stack, onStack));
    }
  }
  return components;
}

/** A depth-first frame: the node and the edges that lead to known tasks. */
const frameOf = (node: string, edges: ReadonlyMap<string, readonly string[]>) => ({
  node,
  next: 0,
  targets: (edges.get(node) ?? []).filter((t) => edges.has(t)),
});

function popComponent(root: string, stack: string[], onStack: Set<string>): Set<string> {
  const component = new Set<string>();
  for (;;) {
    const node = stack.pop();
    if (node === undefined) break;
    onStack.delete(node);
    component.add(node);
    if (node === root) break;
  }
  return component;
}
