/**
 * The two passes of the graph model that run after the breadth-first walk: filling each collapsed
 * box with what it hides (and linking it to where the hidden nodes lead), and hanging the
 * workflow's exit handler below the pods the main tree ends with, as Argo's UI does.
 */
import type { NodePhase, NodeStatus } from "../types.js";
import type { GraphNode } from "./model.js";
import { formatCount, PHASE_URGENCY } from "./phase.js";

type AddEdge = (a: number, b: number) => boolean;

interface HideArgs {
  all: Record<string, NodeStatus>;
  box: GraphNode;
  boxIndex: number;
  memberIds: string[];
  index: Map<string, number>;
  hiddenIn: Map<string, string>;
  addEdge: AddEdge;
}

interface ExitArgs {
  all: Record<string, NodeStatus>;
  /** The node named `<wf>.onExit`. */
  exit: NodeStatus;
  workflowName: string;
  index: Map<string, number>;
  hiddenIn: Map<string, string>;
  addEdge: AddEdge;
}

/**
 * Gives the box every member not drawn elsewhere and what only they reach, and links it to the
 * drawn nodes those lead to; returns how many links that made.
 */
export function hideInto({ all, box, boxIndex, memberIds, index, hiddenIn, addEdge }: HideArgs): number {
  let links = 0;
  const hidden: string[] = [];
  const counts: Partial<Record<NodePhase, number>> = {};
  const take = (id: string) => {
    if (index.has(id) || hiddenIn.has(id)) return;
    hiddenIn.set(id, box.key);
    hidden.push(id);
  };
  for (const id of memberIds) take(id);
  for (let i = 0; i < hidden.length; i++) {
    const n = all[hidden[i] as string] as NodeStatus;
    counts[n.phase] = (counts[n.phase] ?? 0) + 1;
    for (const c of n.children ?? []) {
      if (all[c] === undefined) continue;
      const drawn = index.get(c);
      if (drawn !== undefined) links += addEdge(boxIndex, drawn) ? 1 : 0;
      else take(c);
    }
  }
  box.hiddenIds = hidden;
  box.phaseCounts = counts;
  box.phase = PHASE_URGENCY.find((p) => counts[p]) ?? "Succeeded";
  box.label = `${formatCount(hidden.length)} nodes`;
  return links;
}

/** Argo draws the workflow's exit handler below the pods the main tree ends with. */
export function addExitEdges({ all, exit, workflowName, index, hiddenIn, addEdge }: ExitArgs): void {
  const exitIndex = index.get(exit.id);
  if (exitIndex === undefined || !all[workflowName]) return;
  const drawn = (id: string) => index.get(id) ?? index.get(hiddenIn.get(id) ?? "");
  const seen = new Set<string>();
  let linked = false;
  const walk = (id: string) => {
    if (seen.has(id)) return;
    seen.add(id);
    const n = all[id];
    if (!n) return;
    if (n.type === "Pod" || n.type === "Skipped" || !n.outboundNodes?.length) {
      const at = drawn(id);
      if (at !== undefined && at !== exitIndex && id !== workflowName) {
        addEdge(at, exitIndex);
        linked = true;
      }
      return;
    }
    for (const o of n.outboundNodes) walk(o);
  };
  walk(workflowName);
  if (!linked) addEdge(index.get(workflowName) as number, exitIndex);
}
