/**
 * The hover card: full name, type, phase, duration and message of the node under the pointer
 * (boxes cut long names short; this is where the whole text is readable).
 */
import type { NodeStatus } from "../types.js";
import type { GraphNode } from "./model.js";
import { phaseList } from "./phase.js";

function duration(status: NodeStatus): string | undefined {
  if (!status.startedAt) return undefined;
  const end = status.finishedAt ? Date.parse(status.finishedAt) : Date.now();
  const s = Math.max(0, Math.round((end - Date.parse(status.startedAt)) / 1000));
  if (!Number.isFinite(s)) return undefined;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

function linesOf(node: GraphNode, status: NodeStatus | undefined): string[] {
  if (node.kind === "collapsed") {
    return [node.label, phaseList(node.phaseCounts ?? {}), "Click to expand"].filter(Boolean);
  }
  const phase = node.suspended ? "Suspended" : node.phase;
  const lines = [status?.displayName || node.label, `${node.type} · ${phase}`];
  if (status) {
    const took = duration(status);
    if (took) lines.push(`Duration ${took}`);
    if (status.templateName) lines.push(`Template ${status.templateName}`);
    if (status.message) lines.push(status.message);
  }
  return lines;
}

/** Shows the card for `node` next to the pointer at (sx, sy), or hides it. */
export function showTooltip(
  el: HTMLElement,
  node: GraphNode | undefined,
  nodes: Record<string, NodeStatus>,
  sx: number,
  sy: number,
): void {
  if (!node) {
    el.hidden = true;
    return;
  }
  const text = linesOf(node, nodes[node.key]).join("\n");
  if (el.textContent !== text) el.textContent = text;
  el.hidden = false;
  const parent = el.parentElement;
  const maxX = (parent?.clientWidth ?? 0) - el.offsetWidth - 8;
  const maxY = (parent?.clientHeight ?? 0) - el.offsetHeight - 8;
  el.style.left = `${Math.max(8, Math.min(sx + 14, maxX))}px`;
  el.style.top = `${Math.max(8, Math.min(sy + 14, maxY))}px`;
}
