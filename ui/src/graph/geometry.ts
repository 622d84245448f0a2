/**
 * Box sizes of each kind of drawn node, in graph units (1 unit = 1 CSS pixel at zoom 1), and the
 * layout input made from a model. Fixed sizes keep the layout independent of fonts, so it can run
 * in a worker that has no canvas to measure text with.
 */
import type { Rect } from "./camera.js";
import type { LayoutInput, LayoutResult } from "./layout.js";
import type { GraphModel, GraphNodeKind } from "./model.js";

export const NODE_SIZE: Record<GraphNodeKind, { w: number; h: number }> = {
  pod: { w: 184, h: 38 },
  virtual: { w: 184, h: 38 },
  collapsed: { w: 184, h: 38 },
  group: { w: 14, h: 14 },
};

/** What the layout needs of a model: sizes and edges (copies, so they can be transferred). */
export function layoutInputOf(model: GraphModel): LayoutInput {
  const n = model.nodes.length;
  const width = new Float32Array(n);
  const height = new Float32Array(n);
  model.nodes.forEach((node, i) => {
    const size = NODE_SIZE[node.kind];
    width[i] = size.w;
    height[i] = size.h;
  });
  return { width, height, edgeSrc: model.edgeSrc.slice(), edgeDst: model.edgeDst.slice() };
}

/** The box of laid-out node `i`. */
export function boxOf(l: LayoutResult, i: number): Rect {
  const hw = (l.width[i] as number) / 2;
  const hh = (l.height[i] as number) / 2;
  const x = l.x[i] as number;
  const y = l.y[i] as number;
  return { minX: x - hw, maxX: x + hw, minY: y - hh, maxY: y + hh };
}

/** The node whose centre is nearest (x, y) (Manhattan distance); -1 for an empty layout. */
export function nearestNode(l: LayoutResult, x: number, y: number): number {
  let best = -1;
  let distance = Number.POSITIVE_INFINITY;
  for (let k = 0; k < l.count; k++) {
    const d = Math.abs((l.x[k] as number) - x) + Math.abs((l.y[k] as number) - y);
    if (d < distance) [best, distance] = [k, d];
  }
  return best;
}
