/**
 * Layered (Sugiyama-style) top-to-bottom layout of a workflow graph, written for Argo's trees:
 * ranks by longest path, order by barycenter sweeps, x by least-squares packing, edges as
 * polylines through one point per rank crossed. Every step is linear in nodes + edges except
 * the sorts of ranks whose order changes. Pure and self-contained: it runs in the layout worker
 * and, in tests, directly under Node.
 */
import { assignRows, assignX, defaultSpacing, type Spacing } from "./layout-coords.js";
import { buildLayers } from "./layout-rank.js";

export interface LayoutInput {
  /** Box sizes, one per node. */
  width: Float32Array;
  height: Float32Array;
  edgeSrc: Int32Array;
  edgeDst: Int32Array;
  spacing?: Spacing;
}

export interface LayoutResult {
  count: number;
  /** Centre of each node. */
  x: Float32Array;
  y: Float32Array;
  width: Float32Array;
  height: Float32Array;
  rank: Int32Array;
  /** Real nodes of rank r, left to right: `rankOrder[rankStart[r] .. rankStart[r+1])`. */
  rankOrder: Int32Array;
  rankStart: Int32Array;
  /** Points of edge e (x, y pairs): `edgePoints[2*edgeStart[e] .. 2*edgeStart[e+1])`. */
  edgePoints: Float32Array;
  edgeStart: Int32Array;
  edgeSrc: Int32Array;
  edgeDst: Int32Array;
  bounds: { minX: number; minY: number; maxX: number; maxY: number };
}

export function layoutGraph(input: LayoutInput): LayoutResult {
  const spacing = input.spacing ?? defaultSpacing;
  const n = input.width.length;
  const g = buildLayers(n, input.edgeSrc, input.edgeDst);
  const xs = assignX(g, input.width, spacing);
  const { rowY } = assignRows(g, input.height, spacing);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const bounds = { minX: 0, minY: 0, maxX: 0, maxY: 0 };
  if (n > 0) {
    bounds.minX = bounds.minY = Number.POSITIVE_INFINITY;
    bounds.maxX = bounds.maxY = Number.NEGATIVE_INFINITY;
  }
  for (let v = 0; v < n; v++) {
    x[v] = xs[v] as number;
    y[v] = rowY[g.rank[v] as number] as number;
    const hw = (input.width[v] as number) / 2;
    const hh = (input.height[v] as number) / 2;
    bounds.minX = Math.min(bounds.minX, (x[v] as number) - hw);
    bounds.maxX = Math.max(bounds.maxX, (x[v] as number) + hw);
    bounds.minY = Math.min(bounds.minY, (y[v] as number) - hh);
    bounds.maxY = Math.max(bounds.maxY, (y[v] as number) + hh);
  }
  for (let d = n; d < g.total; d++) {
    bounds.minX = Math.min(bounds.minX, xs[d] as number);
    bounds.maxX = Math.max(bounds.maxX, xs[d] as number);
  }

  const edges = input.edgeSrc.length;
  const edgeStart = new Int32Array(edges + 1);
  for (let e = 0; e < edges; e++) {
    edgeStart[e + 1] =
      (edgeStart[e] as number) + 2 + (g.chainStart[e + 1] as number) - (g.chainStart[e] as number);
  }
  const edgePoints = new Float32Array(2 * (edgeStart[edges] as number));
  for (let e = 0; e < edges; e++) {
    const u = input.edgeSrc[e] as number;
    const v = input.edgeDst[e] as number;
    let p = 2 * (edgeStart[e] as number);
    edgePoints[p++] = x[u] as number;
    edgePoints[p++] = (y[u] as number) + (input.height[u] as number) / 2;
    for (let k = g.chainStart[e] as number; k < (g.chainStart[e + 1] as number); k++) {
      const d = g.chain[k] as number;
      edgePoints[p++] = xs[d] as number;
      edgePoints[p++] = rowY[g.rank[d] as number] as number;
    }
    edgePoints[p++] = x[v] as number;
    edgePoints[p++] = (y[v] as number) - (input.height[v] as number) / 2;
  }

  const rankStart = new Int32Array(g.layers.length + 1);
  const rankOrder = new Int32Array(n);
  let k = 0;
  g.layers.forEach((layer, r) => {
    rankStart[r] = k;
    for (const v of layer) if (v < n) rankOrder[k++] = v;
  });
  rankStart[g.layers.length] = k;

  return {
    count: n,
    x,
    y,
    width: input.width,
    height: input.height,
    rank: g.rank.slice(0, n),
    rankOrder,
    rankStart,
    edgePoints,
    edgeStart,
    edgeSrc: input.edgeSrc,
    edgeDst: input.edgeDst,
    bounds,
  };
}
