/**
 * One frame of the graph on a canvas. Only what intersects the view is drawn (a bounds test per
 * node and per edge: a few microseconds for 10,000), all edges go into one path, and below
 * {@link LABEL_SCALE} boxes become plain rectangles batched by colour with no text — so a frame of
 * the whole 10,000-node graph is a handful of fill calls.
 */

import type { NodePhase } from "../types.js";
import { type Camera, LABEL_SCALE, type Rect, visibleWorld } from "./camera.js";
import { drawNode, type LabelCache } from "./draw-node.js";
import type { LayoutResult } from "./layout.js";
import type { GraphNode } from "./model.js";
import type { Palette } from "./palette.js";
import { PHASE_URGENCY } from "./phase.js";

export interface Scene {
  layout: LayoutResult;
  /** What to paint for layout node i (its current phase and label). */
  node: (i: number) => GraphNode;
  /** Bounding box of each edge: minX, minY, maxX, maxY. */
  edgeBox: Float32Array;
  selected: number;
  cursor: number;
  hover: number;
  /** Search matches by layout index; null when there is no search. */
  matches: Uint8Array | null;
}

export interface FrameStats {
  nodesDrawn: number;
  edgesDrawn: number;
  selectedDrawn: boolean;
}

/** Bounding boxes of the edges of a layout, for culling. */
export function edgeBoxes(layout: LayoutResult): Float32Array {
  const edges = layout.edgeSrc.length;
  const out = new Float32Array(edges * 4);
  for (let e = 0; e < edges; e++) {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    let maxY = Number.NEGATIVE_INFINITY;
    for (let k = layout.edgeStart[e] as number; k < (layout.edgeStart[e + 1] as number); k++) {
      const x = layout.edgePoints[2 * k] as number;
      const y = layout.edgePoints[2 * k + 1] as number;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
    out.set([minX, minY, maxX, maxY], e * 4);
  }
  return out;
}

function traceEdge(ctx: CanvasRenderingContext2D, layout: LayoutResult, e: number, straight: boolean): void {
  const p = layout.edgePoints;
  const a = layout.edgeStart[e] as number;
  const b = layout.edgeStart[e + 1] as number;
  let px = p[2 * a] as number;
  let py = p[2 * a + 1] as number;
  ctx.moveTo(px, py);
  for (let k = a + 1; k < b; k++) {
    const x = p[2 * k] as number;
    const y = p[2 * k + 1] as number;
    const dy = y - py;
    if (dy > 4 && !straight) ctx.bezierCurveTo(px, py + dy / 2, x, y - dy / 2, x, y);
    else ctx.lineTo(x, y);
    px = x;
    py = y;
  }
}

/**
 * Far out, thousands of edges or boxes land on the same screen pixels (a 10,000-wide loop fits in
 * 1,400 pixels): a key per rounded screen position lets each pixel be drawn once. Positions off the
 * screen's neighbourhood get no key and are always drawn.
 */
class PixelDedup {
  private readonly seen = new Set<number>();
  constructor(private readonly cam: Camera) {}

  private q(v: number, t: number): number {
    const px = Math.round((v * this.cam.scale + t) * 2);
    return px >= -4096 && px < 12288 ? px + 4096 : -1;
  }

  /** False when something with the same rounded screen points was drawn already. */
  first(x0: number, y0: number, x1 = 0, y1 = 0): boolean {
    const a = this.q(x0, this.cam.tx);
    const b = this.q(y0, this.cam.ty);
    const c = this.q(x1, this.cam.tx);
    const d = this.q(y1, this.cam.ty);
    if (a < 0 || b < 0 || c < 0 || d < 0) return true;
    const key = ((a * 16384 + b) * 16384 + c) * 16384 + d;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    return true;
  }
}

function drawEdges(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  view: Rect,
  cam: Camera,
  palette: Palette,
): number {
  const scale = cam.scale;
  const { layout, edgeBox } = scene;
  let drawn = 0;
  const far = scale < LABEL_SCALE;
  const dedup = far ? new PixelDedup(cam) : undefined;
  const p = layout.edgePoints;
  ctx.beginPath();
  for (let e = 0; e < layout.edgeSrc.length; e++) {
    const o = e * 4;
    if (
      (edgeBox[o + 2] as number) < view.minX ||
      (edgeBox[o] as number) > view.maxX ||
      (edgeBox[o + 3] as number) < view.minY ||
      (edgeBox[o + 1] as number) > view.maxY
    )
      continue;
    drawn++;
    if (dedup) {
      const a = 2 * (layout.edgeStart[e] as number);
      const b = 2 * (layout.edgeStart[e + 1] as number) - 2;
      if (!dedup.first(p[a] as number, p[a + 1] as number, p[b] as number, p[b + 1] as number)) continue;
    }
    traceEdge(ctx, layout, e, far);
  }
  ctx.lineWidth = 1.25 / scale;
  ctx.strokeStyle = palette.muted;
  ctx.globalAlpha = scene.matches ? 0.2 : 0.55;
  ctx.stroke();
  ctx.globalAlpha = 1;
  if (scene.selected >= 0) {
    ctx.beginPath();
    for (let e = 0; e < layout.edgeSrc.length; e++) {
      if (layout.edgeSrc[e] === scene.selected || layout.edgeDst[e] === scene.selected)
        traceEdge(ctx, layout, e, far);
    }
    ctx.lineWidth = 2 / scale;
    ctx.strokeStyle = palette.accent;
    ctx.stroke();
  }
  return drawn;
}

function outline(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  i: number,
  style: { colour: string; width: number; gap: number; dash?: number[] },
  scale: number,
): void {
  const l = scene.layout;
  const w = Math.max((l.width[i] as number) + 2 * style.gap, 12 / scale);
  const h = Math.max((l.height[i] as number) + 2 * style.gap, 12 / scale);
  ctx.beginPath();
  ctx.roundRect((l.x[i] as number) - w / 2, (l.y[i] as number) - h / 2, w, h, Math.min(10, w / 2, h / 2));
  ctx.lineWidth = Math.max(style.width, style.width / scale);
  ctx.strokeStyle = style.colour;
  ctx.setLineDash((style.dash ?? []).map((d) => d / Math.min(scale, 1)));
  ctx.stroke();
  ctx.setLineDash([]);
}

/** Paints the scene into a canvas of `width` × `height` CSS pixels. */
export function drawScene(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  cam: Camera,
  frame: { width: number; height: number; dpr: number },
  palette: Palette,
  labels: LabelCache,
): FrameStats {
  const { dpr } = frame;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.fillStyle = palette.bg;
  ctx.fillRect(0, 0, frame.width, frame.height);
  const s = cam.scale;
  ctx.setTransform(dpr * s, 0, 0, dpr * s, dpr * cam.tx, dpr * cam.ty);
  const view = visibleWorld(cam, frame.width, frame.height);
  const { layout, matches } = scene;
  const edgesDrawn = drawEdges(ctx, scene, view, cam, palette);

  const visible: number[] = [];
  for (let i = 0; i < layout.count; i++) {
    const hw = (layout.width[i] as number) / 2;
    const hh = (layout.height[i] as number) / 2;
    const x = layout.x[i] as number;
    const y = layout.y[i] as number;
    if (x + hw < view.minX || x - hw > view.maxX || y + hh < view.minY || y - hh > view.maxY) continue;
    visible.push(i);
  }
  if (s >= LABEL_SCALE) {
    for (const i of visible) {
      ctx.globalAlpha = matches && !matches[i] ? 0.3 : 1;
      const box = {
        x: layout.x[i] as number,
        y: layout.y[i] as number,
        w: layout.width[i] as number,
        h: layout.height[i] as number,
      };
      drawNode(ctx, scene.node(i), box, palette, labels);
    }
    ctx.globalAlpha = 1;
  } else {
    drawBlocks(ctx, scene, visible, cam, palette);
  }
  if (matches) {
    for (const i of visible)
      if (matches[i]) outline(ctx, scene, i, { colour: palette.accent, width: 1.5, gap: 3 }, s);
  }
  if (scene.hover >= 0) outline(ctx, scene, scene.hover, { colour: palette.muted, width: 1, gap: 3 }, s);
  if (scene.cursor >= 0)
    outline(ctx, scene, scene.cursor, { colour: palette.accent, width: 2, gap: 7, dash: [4, 3] }, s);
  let selectedDrawn = false;
  if (scene.selected >= 0) {
    outline(ctx, scene, scene.selected, { colour: palette.accent, width: 3, gap: 4 }, s);
    selectedDrawn = visible.includes(scene.selected);
  }
  return { nodesDrawn: visible.length, edgesDrawn, selectedDrawn };
}

/** Far out: each node a rectangle of at least a pixel and a half, one fill per phase, trouble on top. */
function drawBlocks(
  ctx: CanvasRenderingContext2D,
  scene: Scene,
  visible: number[],
  cam: Camera,
  palette: Palette,
): void {
  const { layout, matches } = scene;
  const min = 1.5 / cam.scale;
  const buckets = new Map<string, number[]>();
  for (const i of visible) {
    const key = `${matches && !matches[i] ? "d" : "n"}${scene.node(i).phase}`;
    const list = buckets.get(key);
    if (list) list.push(i);
    else buckets.set(key, [i]);
  }
  for (const dim of ["d", "n"]) {
    for (let u = PHASE_URGENCY.length - 1; u >= 0; u--) {
      const phase = PHASE_URGENCY[u] as NodePhase;
      const list = buckets.get(dim + phase);
      if (!list) continue;
      const dedup = new PixelDedup(cam);
      ctx.globalAlpha = dim === "d" ? 0.25 : 1;
      ctx.fillStyle = palette.phase[phase];
      ctx.beginPath();
      for (const i of list) {
        const w = Math.max(layout.width[i] as number, min);
        const h = Math.max(layout.height[i] as number, min);
        const x = (layout.x[i] as number) - w / 2;
        const y = (layout.y[i] as number) - h / 2;
        if (dedup.first(x, y, x + w, y + h)) ctx.rect(x, y, w, h);
      }
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;
}
