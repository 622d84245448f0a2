/**
 * The node tree of `argo get`: columns STEP, TEMPLATE, PODNAME, DURATION, MESSAGE, with the
 * status icons and box-drawing prefixes Argo users know. Steps and DAG nodes hold the nodes of
 * their boundary ordered by start time; step groups and retry nodes hold their children and are
 * not printed themselves (a group's children hang from a `┬─`/`├─`/`└─` fan).
 */
import { podNameFor } from "../engine/index.js";
import type { NodePhase, NodeStatus, Workflow } from "../spec/types.js";

export const phaseIcons: Record<NodePhase, string> = {
  Pending: "◷",
  Running: "●",
  Succeeded: "✔",
  Skipped: "○",
  Failed: "✖",
  Error: "⚠",
  Omitted: "○",
};

interface Tree {
  node: NodeStatus;
  items: Tree[];
}

const isGrouping = (n: NodeStatus) => n.type === "StepGroup" || n.type === "Retry";

/** Short duration like `3s`, `2m`, `1h`. */
export function shortDuration(start?: string, end?: string, nowMs = Date.now()): string {
  if (!start) return "";
  const seconds = Math.max(0, Math.round(((end ? Date.parse(end) : nowMs) - Date.parse(start)) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  return `${Math.floor(seconds / 3600)}h`;
}

function buildTrees(nodes: Record<string, NodeStatus>): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  const groupOf = new Map<string, string>();
  for (const n of Object.values(nodes)) {
    trees.set(n.id, { node: n, items: [] });
    if (isGrouping(n)) for (const c of n.children ?? []) groupOf.set(c, n.id);
  }
  const roots = new Map<string, Tree>();
  for (const tree of trees.values()) {
    const n = tree.node;
    const parentId = groupOf.get(n.id) ?? n.boundaryID;
    const parent = parentId ? trees.get(parentId) : undefined;
    if (parent) parent.items.push(tree);
    else roots.set(n.id, tree);
  }
  for (const tree of trees.values()) tree.items.sort(byStart);
  return roots;
}

function byStart(a: Tree, b: Tree): number {
  const ta = Date.parse(a.node.startedAt ?? "") || 0;
  const tb = Date.parse(b.node.startedAt ?? "") || 0;
  if (ta !== tb) return ta - tb;
  const ia = loopIndex(a.node.displayName);
  const ib = loopIndex(b.node.displayName);
  if (ia >= 0 && ib >= 0) return ia - ib;
  return a.node.displayName < b.node.displayName ? -1 : a.node.displayName > b.node.displayName ? 1 : 0;
}

const loopIndex = (name: string): number => {
  const m = /\((\d+)(?::[^)]*)?\)$/.exec(name) ?? /\[(\d+)\]$/.exec(name);
  return m ? Number(m[1]) : -1;
};

/** Hidden nodes: step groups (their children fan out instead), single-attempt retries, omitted tasks. */
function hidden(n: NodeStatus): { hide: boolean; fan: boolean } {
  if (n.type === "StepGroup") return { hide: true, fan: true };
  if (n.type === "Retry" && (n.children?.length ?? 0) === 1) return { hide: true, fan: false };
  if (n.type === "Skipped" && n.phase === "Omitted") return { hide: true, fan: false };
  return { hide: false, fan: false };
}

type Row = [string, string, string, string, string];

function renderTree(
  wf: Workflow,
  tree: Tree,
  prefix: string,
  childPrefix: string,
  rows: Row[],
  nowMs: number,
): void {
  const { hide, fan } = hidden(tree.node);
  if (!hide) rows.push(rowFor(wf, tree.node, prefix, nowMs));
  const last = tree.items.length - 1;
  tree.items.forEach((item, i) => {
    let part: string;
    let sub: string;
    if (hide && fan) {
      [part, sub] =
        last === 0 ? ["──", "  "] : i === 0 ? ["┬─", "│ "] : i === last ? ["└─", "  "] : ["├─", "│ "];
    } else if (!hide) {
      [part, sub] = i === last ? ["└─", "  "] : ["├─", "│ "];
    } else {
      [part, sub] = ["", ""];
    }
    const nodePrefix = hide ? (i === 0 ? prefix : childPrefix) + part : childPrefix + part;
    renderTree(wf, item, nodePrefix, childPrefix + sub, rows, nowMs);
  });
}

function rowFor(wf: Workflow, n: NodeStatus, prefix: string, nowMs: number): Row {
  const template = n.templateRef ? `${n.templateRef.name}/${n.templateRef.template}` : (n.templateName ?? "");
  const isPod = n.type === "Pod";
  const podName = isPod
    ? podNameFor(wf.metadata.name ?? "", n.name, n.templateRef?.template ?? n.templateName ?? "")
    : "";
  const icon = n.type === "Suspend" && n.phase === "Running" ? "ǁ" : phaseIcons[n.phase];
  return [
    `${prefix}${icon} ${n.displayName}`,
    template,
    podName,
    isPod ? shortDuration(n.startedAt, n.finishedAt, nowMs) : "",
    n.message ?? "",
  ];
}

/** The node table of a workflow, aligned like Go's tabwriter with two spaces of padding. */
export function renderNodeTable(wf: Workflow, nowMs = Date.now()): string {
  const nodes = wf.status?.nodes ?? {};
  const name = wf.metadata.name ?? "";
  const roots = buildTrees(nodes);
  const rows: Row[] = [["STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE"]];
  const main = roots.get(name);
  if (main) renderTree(wf, main, " ", " ", rows, nowMs);
  const onExit = [...roots.values()].find((t) => t.node.name === `${name}.onExit`);
  if (onExit) {
    rows.push(["", "", "", "", ""]);
    renderTree(wf, onExit, " ", " ", rows, nowMs);
  }
  const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => [...r[c as 0]].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c < 4 ? cell + " ".repeat((widths[c] ?? 0) - [...cell].length + 2) : cell))
        .join("")
        .trimEnd(),
    )
    .join("\n");
}
