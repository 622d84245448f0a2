/**
 * The graph drawn for a workflow, built from `status.nodes` the way Argo's UI reads it: edges are
 * the `children` lists, StepGroup/TaskGroup nodes are small dots, Steps/DAG/Retry nodes are
 * "virtual" boxes, and the workflow's `<wf>.onExit` tree hangs below the root's outbound pods.
 *
 * Why collapsing lives here: a group with thousands of children (a `withSequence` loop) makes a
 * graph nobody can read, so a group with more children than a threshold keeps its first and last
 * child and puts the rest — with everything reachable only through them — into one "N nodes"
 * box. Everything is one pass over the nodes and edges: no step is worse than linear.
 */
import type { NodePhase, NodeStatus, NodeType } from "../types.js";

export type GraphNodeKind = "pod" | "virtual" | "group" | "collapsed";

export interface GraphNode {
  /** The Argo node id, or `<groupId>/collapsed` for a collapsed box. */
  key: string;
  kind: GraphNodeKind;
  /** What the box shows: Argo's display name, or "9,998 nodes". */
  label: string;
  type: NodeType | "Collapsed";
  /** A collapsed box takes the most urgent phase among the nodes it hides. */
  phase: NodePhase;
  /** A Suspend node that is waiting (drawn as suspended, as Argo does). */
  suspended: boolean;
  /** Collapsed box: the node whose children it stands for. */
  groupId?: string;
  /** Collapsed box: the ids of the nodes it hides (direct members and what only they reach). */
  hiddenIds?: string[];
  /** Collapsed box: how many hidden nodes are in each phase. */
  phaseCounts?: Partial<Record<NodePhase, number>>;
}

export interface GraphModel {
  nodes: GraphNode[];
  /** Edge `i` goes from `nodes[edgeSrc[i]]` to `nodes[edgeDst[i]]`. */
  edgeSrc: Int32Array;
  edgeDst: Int32Array;
  /** key → index in `nodes`. */
  index: Map<string, number>;
  /** Argo node id → key of the collapsed box that hides it. */
  hiddenIn: Map<string, string>;
  /** Over every node of the status, drawn or hidden. */
  counts: { total: number; byPhase: Partial<Record<NodePhase, number>> };
}

/**
 * Which groups are collapsed. `auto` collapses groups of more than {@link AUTO_COLLAPSE_THRESHOLD}
 * children, `collapsed` those of more than {@link COLLAPSE_ALL_THRESHOLD}, `expanded` none; a
 * group in `expanded` is never collapsed.
 */
export interface CollapseState {
  mode: "auto" | "expanded" | "collapsed";
  expanded: ReadonlySet<string>;
}

/** @default threshold of the `auto` mode: loops wider than this start collapsed. */
export const AUTO_COLLAPSE_THRESHOLD = 20;
/** Threshold of "collapse all" (Argo's UI collapses groups of more than 3 children). */
export const COLLAPSE_ALL_THRESHOLD = 3;

export const defaultCollapse: CollapseState = { mode: "auto", expanded: new Set() };

/** Phases in the order a summary should notice them: trouble first. */
export const PHASE_URGENCY: readonly NodePhase[] = [
  "Failed",
  "Error",
  "Running",
  "Pending",
  "Succeeded",
  "Skipped",
  "Omitted",
];

export const collapsedKey = (groupId: string) => `${groupId}/collapsed`;

export function kindOf(type: NodeType): GraphNodeKind {
  switch (type) {
    case "StepGroup":
    case "TaskGroup":
      return "group";
    case "Steps":
    case "DAG":
    case "Retry":
      return "virtual";
    default:
      return "pod";
  }
}

function threshold(state: CollapseState): number {
  if (state.mode === "expanded") return Number.POSITIVE_INFINITY;
  return state.mode === "collapsed" ? COLLAPSE_ALL_THRESHOLD : AUTO_COLLAPSE_THRESHOLD;
}

/** Builds the drawn graph of `nodes` (keyed by id) of the workflow `workflowName`. */
export function buildGraphModel(
  nodes: Record<string, NodeStatus> | undefined,
  workflowName: string,
  collapse: CollapseState = defaultCollapse,
): GraphModel {
  const all = nodes ?? {};
  const out: GraphNode[] = [];
  const index = new Map<string, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const edgeSeen = new Set<number>();
  const addEdge = (a: number, b: number) => {
    const k = a * 0x200000 + b;
    if (a === b || edgeSeen.has(k)) return;
    edgeSeen.add(k);
    src.push(a);
    dst.push(b);
  };
  const limit = threshold(collapse);
  const byPhase: Partial<Record<NodePhase, number>> = {};
  const isChild = new Set<string>();
  let total = 0;
  for (const id in all) {
    const n = all[id] as NodeStatus;
    total++;
    byPhase[n.phase] = (byPhase[n.phase] ?? 0) + 1;
    for (const c of n.children ?? []) isChild.add(c);
  }
  const visit = (id: string): number => {
    const known = index.get(id);
    if (known !== undefined) return known;
    const n = all[id] as NodeStatus;
    const i = out.length;
    out.push({
      key: id,
      kind: kindOf(n.type),
      label: n.displayName || n.name || id,
      type: n.type,
      phase: n.phase,
      suspended: n.type === "Suspend" && n.phase === "Running",
    });
    index.set(id, i);
    queue.push(id);
    return i;
  };
  const queue: string[] = [];
  const boxes: number[] = [];
  const members: string[][] = [];

  // Roots: the workflow's root first, then every node nobody lists as a child (the onExit tree).
  const roots: string[] = all[workflowName] ? [workflowName] : [];
  for (const id in all) if (id !== workflowName && !isChild.has(id)) roots.push(id);

  for (const root of roots) {
    if (index.has(root)) continue;
    visit(root);
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      const u = index.get(id) as number;
      const kids = (all[id]?.children ?? []).filter((c) => all[c] !== undefined);
      if (kids.length > limit && kids.length > 2 && !collapse.expanded.has(id)) {
        addEdge(u, visit(kids[0] as string));
        const box = out.length;
        out.push({
          key: collapsedKey(id),
          kind: "collapsed",
          label: "",
          type: "Collapsed",
          phase: "Succeeded",
          suspended: false,
          groupId: id,
        });
        index.set(collapsedKey(id), box);
        boxes.push(box);
        members.push(kids.slice(1, -1));
        addEdge(u, box);
        addEdge(u, visit(kids[kids.length - 1] as string));
      } else {
        for (const c of kids) addEdge(u, visit(c));
      }
    }
    queue.length = 0;
  }

  const hiddenIn = new Map<string, string>();
  boxes.forEach((box, b) => {
    hideInto(all, out[box] as GraphNode, box, members[b] as string[], index, hiddenIn, addEdge);
  });
  addExitEdges(all, workflowName, index, hiddenIn, addEdge);
  return {
    nodes: out,
    edgeSrc: Int32Array.from(src),
    edgeDst: Int32Array.from(dst),
    index,
    hiddenIn,
    counts: { total, byPhase },
  };
}

/** Gives the box every member not drawn elsewhere and what only they reach; edges to what is drawn. */
function hideInto(
  all: Record<string, NodeStatus>,
  box: GraphNode,
  boxIndex: number,
  memberIds: string[],
  index: Map<string, number>,
  hiddenIn: Map<string, string>,
  addEdge: (a: number, b: number) => void,
): void {
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
      if (drawn !== undefined) addEdge(boxIndex, drawn);
      else take(c);
    }
  }
  box.hiddenIds = hidden;
  box.phaseCounts = counts;
  box.phase = PHASE_URGENCY.find((p) => counts[p]) ?? "Succeeded";
  box.label = `${hidden.length.toLocaleString("en-US")} nodes`;
}

/** Argo draws the workflow's exit handler below the pods the main tree ends with. */
function addExitEdges(
  all: Record<string, NodeStatus>,
  workflowName: string,
  index: Map<string, number>,
  hiddenIn: Map<string, string>,
  addEdge: (a: number, b: number) => void,
): void {
  let exit: NodeStatus | undefined;
  for (const id in all) {
    if (all[id]?.name === `${workflowName}.onExit`) exit = all[id];
  }
  const exitIndex = exit ? index.get(exit.id) : undefined;
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

/** True when `a` and `b` draw the same boxes and edges (phases and labels may differ). */
export function sameStructure(a: GraphModel, b: GraphModel): boolean {
  if (a === b) return true;
  if (a.nodes.length !== b.nodes.length || a.edgeSrc.length !== b.edgeSrc.length) return false;
  for (let i = 0; i < a.nodes.length; i++) {
    const x = a.nodes[i] as GraphNode;
    const y = b.nodes[i] as GraphNode;
    if (x.key !== y.key || x.kind !== y.kind) return false;
  }
  for (let i = 0; i < a.edgeSrc.length; i++) {
    if (a.edgeSrc[i] !== b.edgeSrc[i] || a.edgeDst[i] !== b.edgeDst[i]) return false;
  }
  return true;
}
