/**
 * One node at readable zoom: a rounded box with a phase-coloured icon and the display name (pods
 * outlined in their phase colour, Steps/DAG/Retry in the border colour with their type on the
 * right, collapsed groups dashed with a bar of their phases), or a small dot for a StepGroup or
 * TaskGroup, as Argo's UI draws them.
 */
import type { NodePhase } from "../types.js";
import type { GraphNode } from "./model.js";
import type { Palette } from "./palette.js";
import { COLLAPSED_GLYPH, PHASE_GLYPH, PHASE_URGENCY, SUSPENDED_GLYPH } from "./phase.js";

const TAG_WIDTH = 40;

/** Labels cut to fit their box, measured once per text (measuring is the slow part of text). */
export class LabelCache {
  private readonly fitted = new Map<string, string>();

  fit(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
    const key = `${maxWidth}\u0000${text}`;
    const hit = this.fitted.get(key);
    if (hit !== undefined) return hit;
    let result = text;
    if (ctx.measureText(text).width > maxWidth) {
      let lo = 0;
      let hi = text.length;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (ctx.measureText(`${text.slice(0, mid)}…`).width <= maxWidth) lo = mid;
        else hi = mid - 1;
      }
      result = `${text.slice(0, lo)}…`;
    }
    if (this.fitted.size > 20_000) this.fitted.clear();
    this.fitted.set(key, result);
    return result;
  }
}

export function phaseColour(node: GraphNode, palette: Palette): string {
  return palette.phase[node.phase] ?? palette.muted;
}

export function drawNode(
  ctx: CanvasRenderingContext2D,
  node: GraphNode,
  box: { x: number; y: number; w: number; h: number },
  palette: Palette,
  labels: LabelCache,
): void {
  const colour = phaseColour(node, palette);
  if (node.kind === "group") {
    ctx.beginPath();
    ctx.arc(box.x, box.y, box.w / 2, 0, Math.PI * 2);
    ctx.fillStyle = colour;
    ctx.fill();
    return;
  }
  const left = box.x - box.w / 2;
  const top = box.y - box.h / 2;
  ctx.beginPath();
  ctx.roundRect(left, top, box.w, box.h, 7);
  ctx.fillStyle = palette.panel;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = node.kind === "pod" ? colour : node.kind === "collapsed" ? palette.muted : palette.border;
  if (node.kind === "collapsed") ctx.setLineDash([5, 4]);
  ctx.stroke();
  ctx.setLineDash([]);

  const iconX = left + 19;
  ctx.beginPath();
  ctx.arc(iconX, box.y, 11, 0, Math.PI * 2);
  ctx.fillStyle = node.kind === "collapsed" ? palette.muted : colour;
  ctx.fill();
  ctx.fillStyle = "#ffffff";
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.font = `bold 12px ${palette.font}`;
  const glyph =
    node.kind === "collapsed" ? COLLAPSED_GLYPH : node.suspended ? SUSPENDED_GLYPH : PHASE_GLYPH[node.phase];
  ctx.fillText(glyph, iconX, box.y + 0.5);

  let room = box.w - 46;
  if (node.kind === "virtual") {
    ctx.font = `10px ${palette.font}`;
    ctx.fillStyle = palette.muted;
    ctx.textAlign = "right";
    ctx.fillText(node.type, left + box.w - 9, box.y);
    room -= TAG_WIDTH;
  }
  ctx.font = `13px ${palette.font}`;
  ctx.fillStyle = palette.fg;
  ctx.textAlign = "left";
  ctx.fillText(labels.fit(ctx, node.label, room), left + 36, box.y);
  if (node.kind === "collapsed")
    drawPhaseBar(ctx, node.phaseCounts ?? {}, left + 8, top + box.h - 6, box.w - 16, palette);
}

/** The share of each phase among a collapsed group's nodes, trouble first. */
function drawPhaseBar(
  ctx: CanvasRenderingContext2D,
  counts: Partial<Record<NodePhase, number>>,
  x: number,
  y: number,
  width: number,
  palette: Palette,
): void {
  let total = 0;
  for (const p of PHASE_URGENCY) total += counts[p] ?? 0;
  if (total === 0) return;
  let at = x;
  for (const p of PHASE_URGENCY) {
    const c = counts[p] ?? 0;
    if (!c) continue;
    const w = Math.max((c / total) * width, 2);
    ctx.fillStyle = palette.phase[p];
    ctx.fillRect(at, y, Math.min(w, x + width - at), 3);
    at += w;
  }
}
