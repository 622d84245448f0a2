/**
 * The node tree of `argo get`: columns STEP, TEMPLATE, PODNAME, DURATION, MESSAGE (wide adds
 * ARTIFACTS, RESOURCESDURATION and NODENAME), with Argo's status icons and box-drawing prefixes.
 * Steps and DAG nodes hold the nodes of their boundary ordered by start time; step groups and
 * retry nodes hold their children. Step groups are not printed themselves (their children hang
 * from a `┬─`/`├─`/`└─` fan), nor are single-attempt retries, omitted tasks, or nodes a
 * `--node-field-selector` leaves out — their children still are.
 */
import { podNameFor } from "../engine/index.js";
import type { NodePhase, NodeStatus, Workflow } from "../spec/types.js";
import { Fg, noPaint, type Paint } from "./format/color.js";
import { goDuration, shortDuration } from "./format/humanize.js";
import { type FieldTerm, matchesFields, nodeFields } from "./format/selectors.js";
import { formatTable } from "./format/table.js";

export const phaseIcons: Record<NodePhase, string> = {
  Pending: "◷",
  Running: "●",
  Succeeded: "✔",
  Skipped: "○",
  Failed: "✖",
  Error: "⚠",
  Omitted: "○",
};

const phaseColors: Record<NodePhase, number> = {
  Pending: Fg.yellow,
  Running: Fg.cyan,
  Succeeded: Fg.green,
  Skipped: Fg.default,
  Failed: Fg.red,
  Error: Fg.red,
  Omitted: Fg.default,
};

/** How the tree is drawn. */
export interface TreeOptions {
  /** `wide` adds ARTIFACTS, RESOURCESDURATION and NODENAME; `short` adds NODENAME. */
  output?: string;
  /** Only nodes matching these terms are printed. */
  selector?: FieldTerm[];
  /** Plain ASCII instead of icons and box drawing (Argo's `--no-utf8`). */
  noUtf8?: boolean;
  paint?: Paint;
  nowMs?: number;
}

interface Tree {
  node: NodeStatus;
  items: Tree[];
}

const isBoundary = (n: NodeStatus) => n.type === "DAG" || n.type === "Steps";
const isGrouping = (n: NodeStatus) => n.type === "StepGroup" || n.type === "Retry";
const isExecution = (n: NodeStatus) =>
  n.type === "Pod" ||
  n.type === "Skipped" ||
  n.type === "Suspend" ||
  n.type === "HTTP" ||
  n.type === "Plugin";

function buildTrees(nodes: Record<string, NodeStatus>): Map<string, Tree> {
  const trees = new Map<string, Tree>();
  const groupOf = new Map<string, string>();
  for (const n of Object.values(nodes)) {
    if (!isBoundary(n) && !isGrouping(n) && !isExecution(n)) continue;
    trees.set(n.id, { node: n, items: [] });
    if (isGrouping(n)) for (const c of n.children ?? []) groupOf.set(c, n.id);
  }
  const roots = new Map<string, Tree>();
  for (const tree of trees.values()) {
    const n = tree.node;
    const parentId = groupOf.get(n.id) ?? n.boundaryID;
    const parent = parentId ? trees.get(parentId) : undefined;
    if (parent && !isExecution(parent.node)) parent.items.push(tree);
    else if (!parentId) roots.set(n.id, tree);
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

/** The index of a loop iteration from its name (`x(3:foo)`, `x[3]`), or -1. */
const loopIndex = (name: string): number => {
  const m = /\((\d+)(?::[^)]*)?\)$/.exec(name) ?? /\[(\d+)\]$/.exec(name);
  return m ? Number(m[1]) : -1;
};

/** Whether a node is left out, and whether its children then fan out from its place. */
function filtered(n: NodeStatus, o: TreeOptions): { hide: boolean; fan: boolean } {
  if (n.type === "Retry" && (n.children?.length ?? 0) === 1) return { hide: true, fan: false };
  if (n.type === "StepGroup") return { hide: true, fan: true };
  if (n.type === "Skipped" && n.phase === "Omitted") return { hide: true, fan: false };
  if (o.selector?.length && !matchesFields(o.selector, nodeFields(n))) return { hide: true, fan: false };
  return { hide: false, fan: false };
}

const utf8Parts = { only: "──", first: "┬─", middle: "├─", last: "└─", bar: "│ " };
const asciiParts = { only: "--", first: "+-", middle: "|-", last: "`-", bar: "| " };

function render(
  wf: Workflow,
  tree: Tree,
  prefix: string,
  childPrefix: string,
  rows: string[][],
  o: TreeOptions,
) {
  const { hide, fan } = filtered(tree.node, o);
  if (!hide) rows.push(rowFor(wf, tree.node, prefix, o));
  const parts = o.noUtf8 ? asciiParts : utf8Parts;
  const last = tree.items.length - 1;
  tree.items.forEach((item, i) => {
    let part = "";
    let sub = "";
    if (hide && fan) {
      [part, sub] =
        last === 0
          ? [parts.only, "  "]
          : i === 0
            ? [parts.first, parts.bar]
            : i === last
              ? [parts.last, "  "]
              : [parts.middle, parts.bar];
    } else if (!hide) {
      [part, sub] = i === last ? [parts.last, "  "] : [parts.middle, parts.bar];
    }
    const nodePrefix = hide ? (i === 0 ? prefix : childPrefix) + part : childPrefix + part;
    render(wf, item, nodePrefix, childPrefix + sub, rows, o);
  });
}

/** Argo's `ResourcesDuration` text: `1m5s*(1 cpu),3s*(100Mi memory)`. */
export function resourcesDurationText(rd: unknown): string {
  if (!rd || typeof rd !== "object") return "";
  const denominators: Record<string, string> = {
    memory: "100Mi",
    storage: "10Gi",
    "ephemeral-storage": "10Gi",
  };
  return Object.entries(rd as Record<string, number>)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, secs]) => `${goDuration(Number(secs))}*(${denominators[name] ?? "1"} ${name})`)
    .join(",");
}

function rowFor(wf: Workflow, n: NodeStatus, prefix: string, o: TreeOptions): string[] {
  const paint = o.paint ?? noPaint;
  const activeSuspend = n.type === "Suspend" && n.phase === "Running";
  const icon = o.noUtf8
    ? paint(activeSuspend ? "Suspend" : n.phase, activeSuspend ? Fg.cyan : phaseColors[n.phase])
    : paint(
        activeSuspend ? "ǁ" : (phaseIcons[n.phase] ?? "?"),
        activeSuspend ? Fg.cyan : phaseColors[n.phase],
      );
  const template = n.templateRef ? `${n.templateRef.name}/${n.templateRef.template}` : (n.templateName ?? "");
  const isPod = n.type === "Pod";
  const podName = isPod
    ? podNameFor(wf.metadata.name ?? "", n.name, n.templateRef?.template ?? n.templateName ?? "")
    : "";
  const duration = isPod ? shortDuration(n.startedAt, n.finishedAt, o.nowMs) : "";
  const first = `${prefix}${icon} ${n.displayName}`;
  const message = n.message ?? "";
  const hostName = isPod ? (n.hostNodeName ?? "") : "";
  if (o.output === "wide") {
    const artifacts = (n.outputs?.artifacts ?? []).map((a) => a.name).join(",");
    const rd = resourcesDurationText((n as { resourcesDuration?: unknown }).resourcesDuration);
    return [first, template, podName, duration, artifacts, message, rd, hostName];
  }
  if (o.output === "short") return [first, template, podName, duration, message, hostName];
  return [first, template, podName, duration, message];
}

function header(o: TreeOptions): string[] {
  if (o.output === "wide")
    return [
      "STEP",
      "TEMPLATE",
      "PODNAME",
      "DURATION",
      "ARTIFACTS",
      "MESSAGE",
      "RESOURCESDURATION",
      "NODENAME",
    ];
  if (o.output === "short") return ["STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE", "NODENAME"];
  return ["STEP", "TEMPLATE", "PODNAME", "DURATION", "MESSAGE"];
}

/** The node table of a workflow (no final newline), or "" when it has no root node yet. */
export function renderNodeTable(wf: Workflow, nowMsOrOptions: number | TreeOptions = {}): string {
  const o: TreeOptions = typeof nowMsOrOptions === "number" ? { nowMs: nowMsOrOptions } : nowMsOrOptions;
  const nodes = wf.status?.nodes ?? {};
  const name = wf.metadata.name ?? "";
  const roots = buildTrees(nodes);
  const main = roots.get(name);
  if (!main) return "";
  const rows: string[][] = [header(o)];
  render(wf, main, " ", " ", rows, o);
  const onExit = [...roots.values()].find((t) => t.node.name === `${name}.onExit`);
  if (onExit) {
    rows.push(header(o).map(() => ""));
    render(wf, onExit, " ", " ", rows, o);
  }
  return formatTable(rows, 2).trimEnd();
}
