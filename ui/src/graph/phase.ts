/**
 * Words and glyphs for node phases: the icon drawn in each box, the CSS variable of its colour,
 * and the sentences screen readers hear (the canvas's summary, the node under the keyboard cursor).
 */
import type { NodePhase, NodeStatus } from "../types.js";
import type { GraphModel, GraphNode } from "./model.js";

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

/** Text glyphs, so the worker-free canvas needs no icon font. */
export const PHASE_GLYPH: Record<NodePhase, string> = {
  Succeeded: "✔",
  Failed: "✖",
  Error: "⚠",
  Pending: "◷",
  Running: "●",
  Skipped: "○",
  Omitted: "○",
};
export const SUSPENDED_GLYPH = "❚❚";
export const COLLAPSED_GLYPH = "⋯";

/** The theme's CSS variable for each phase (ui/src/theme.css). */
export const PHASE_VAR: Record<NodePhase, string> = {
  Succeeded: "--succeeded",
  Failed: "--failed",
  Error: "--error",
  Pending: "--pending",
  Running: "--running",
  Skipped: "--skipped",
  Omitted: "--omitted",
};

/** `10,002`: thousands separated by commas, whatever the browser's locale (Intl is slow here). */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

const fmt = formatCount;

/** `2 succeeded, 1 failed`, trouble first. */
export function phaseList(counts: Partial<Record<NodePhase, number>>): string {
  return PHASE_URGENCY.filter((p) => counts[p])
    .map((p) => `${fmt(counts[p] as number)} ${p.toLowerCase()}`)
    .join(", ");
}

/** The canvas's accessible name: `Workflow graph: 10,002 nodes, 10,001 succeeded, 1 failed; …`. */
export function graphSummary(model: GraphModel): string {
  const { total, byPhase } = model.counts;
  if (total === 0) return "Workflow graph: no nodes yet";
  const parts = [`Workflow graph: ${fmt(total)} node${total === 1 ? "" : "s"}`];
  const phases = phaseList(byPhase);
  if (phases) parts.push(phases);
  let text = parts.join(", ");
  if (model.hiddenIn.size > 0) text += `; ${fmt(model.hiddenIn.size)} in collapsed groups`;
  return text;
}

/** What the keyboard cursor is on, for the live region. */
export function describeNode(node: GraphNode, status: NodeStatus | undefined): string {
  if (node.kind === "collapsed") {
    const phases = phaseList(node.phaseCounts ?? {});
    return `${node.label} collapsed${phases ? ` (${phases})` : ""}. Press Enter to expand.`;
  }
  const phase = node.suspended ? "Suspended" : node.phase;
  const template = status?.templateName ? `, template ${status.templateName}` : "";
  return `${node.label}, ${node.type}, ${phase}${template}. Press Enter to select.`;
}
