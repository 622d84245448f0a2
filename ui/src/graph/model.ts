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
import { addExitEdges, hideInto } from "./model-links.js";

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

/**
 * Only loop fan-outs collapse: a StepGroup or TaskGroup holds a step's or task's loop items, a
 * Retry node its attempts. The children of a Steps or DAG node are the steps the author wrote
 * down, which the reader wants to see.
 */
export function isCollapsible(node: NodeStatus | undefined): boolean {
  return node?.type === "StepGroup" || node?.type === "TaskGroup" || node?.type === "Retry";
}

function threshold(state: CollapseState): number {
  if (state.mode === "expanded") return Number.POSITIVE_INFINITY;
  return state.mode === "collapsed" ? COLLAPSE_ALL_THRESHOLD : AUTO_COLLAPSE_THRESHOLD;
}

/**
 * A collapsed box that links to more drawn nodes than this hides nodes the graph still needs (a
 * DAG's first layer whose tasks feed tasks that stay drawn); its group is drawn open instead.
 * Loop fan-outs link to at most the next step group or a merge task, and stay collapsed.
 */
export const MAX_BOX_LINKS = 3;

/**
 * What one graph remembers between builds: the groups found to leak (see {@link MAX_BOX_LINKS}),
 * so that the next live update draws them open in one pass instead of finding out again.
 */
export interface BuildMemo {
  leaky: Set<string>;
}

/** Builds the drawn graph of `nodes` (keyed by id) of the workflow `workflowName`. */
export function buildGraphModel(
  nodes: Record<string, NodeStatus> | undefined,
  workflowName: string,
  collapse: CollapseState = defaultCollapse,
  memo: BuildMemo = { leaky: new Set() },
): GraphModel {
  const all = nodes ?? {};
  for (let round = 0; round < 8; round++) {
    const open = memo.leaky.size ? new Set([...collapse.expanded, ...memo.leaky]) : collapse.expanded;
    const { model, leaky } = buildOnce(all, workflowName, { mode: collapse.mode, expanded: open });
    if (leaky.length === 0) return model;
    for (const g of leaky) memo.leaky.add(g);
  }
  return buildOnce(all, workflowName, { mode: "expanded", expanded: new Set() }).model;
}

function buildOnce(
  all: Record<string, NodeStatus>,
  workflowName: string,
  collapse: CollapseState,
): { model: GraphModel; leaky: string[] } {
  const out: GraphNode[] = [];
  const index = new Map<string, number>();
  const src: number[] = [];
  const dst: number[] = [];
  const edgeSeen = new Set<number>();
  const addEdge = (a: number, b: number): boolean => {
    const k = a * 0x200000 + b;
    if (a === b || edgeSeen.has(k)) return false;
    edgeSeen.add(k);
    src.push(a);
    dst.push(b);
    return true;
  };
  const limit = threshold(collapse);
  const byPhase: Partial<Record<NodePhase, number>> = {};
  const isChild = new Set<string>();
  const list = Object.values(all);
  const exitName = `${workflowName}.onExit`;
  let exit: NodeStatus | undefined;
  for (const n of list) {
    byPhase[n.phase] = (byPhase[n.phase] ?? 0) + 1;
    if (n.children) for (const c of n.children) isChild.add(c);
    if (n.name === exitName) exit = n;
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
  for (const n of list) if (n.id !== workflowName && !isChild.has(n.id)) roots.push(n.id);

  for (const root of roots) {
    if (index.has(root)) continue;
    visit(root);
    for (let head = 0; head < queue.length; head++) {
      const id = queue[head] as string;
      const u = index.get(id) as number;
      const kids = (all[id]?.children ?? []).filter((c) => all[c] !== undefined);
      if (kids.length > limit && kids.length > 2 && isCollapsible(all[id]) && !collapse.expanded.has(id)) {
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
  const leaky: string[] = [];
  boxes.forEach((box, b) => {
    const node = out[box] as GraphNode;
    const links = hideInto({
      all,
      box: node,
      boxIndex: box,
      memberIds: members[b] as string[],
      index,
      hiddenIn,
      addEdge,
    });
    if (links > MAX_BOX_LINKS) leaky.push(node.groupId as string);
  });
  if (exit) addExitEdges({ all, exit, workflowName, index, hiddenIn, addEdge });
  const model: GraphModel = {
    nodes: out,
    edgeSrc: Int32Array.from(src),
    edgeDst: Int32Array.from(dst),
    index,
    hiddenIn,
    counts: { total: list.length, byPhase },
  };
  return { model, leaky };
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
