/**
 * The second half of the layered layout: x by "pull towards the neighbours, never overlap",
 * y by rank.
 *
 * Each pass gives every node of a rank a desired x (the mean x of its neighbours in the rank
 * above, or below) and then finds the x closest to those wishes (least squares) that keeps the
 * rank's order and the minimum gaps. With the gaps folded into offsets that is an isotonic
 * regression, which the pool-adjacent-violators algorithm solves in one linear scan — so a rank
 * of 10,000 loop children costs the same per node as a rank of 3.
 */
import type { LayeredGraph } from "./layout-rank.js";

export interface Spacing {
  /** Horizontal gap between two real boxes. @default 28 */
  nodeGap: number;
  /** Horizontal gap next to an edge's dummy. @default 8 */
  dummyGap: number;
  /** Width a dummy takes. @default 6 */
  dummyWidth: number;
  /** Vertical gap between ranks. @default 56 */
  rankGap: number;
}

export const defaultSpacing: Spacing = { nodeGap: 28, dummyGap: 8, dummyWidth: 6, rankGap: 56 };

/** x of every node (real and dummy), centred; `width` covers the real nodes. */
export function assignX(g: LayeredGraph, width: Float32Array, spacing: Spacing): Float64Array {
  const w = (v: number) => (v < g.real ? (width[v] as number) : spacing.dummyWidth);
  const gap = (v: number) => (v < g.real ? spacing.nodeGap : spacing.dummyGap);
  let widest = 0;
  for (const layer of g.layers) widest = Math.max(widest, layer.length);
  const offset = new Float64Array(widest);
  const target = new Float64Array(widest);
  const blockSum = new Float64Array(widest);
  const blockCount = new Int32Array(widest);
  const blockEnd = new Int32Array(widest);
  const x = new Float64Array(g.total);
  const desired = new Float64Array(widest);

  const place = (layer: Int32Array) => {
    let s = 0;
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      if (i > 0) {
        const u = layer[i - 1] as number;
        s += (w(u) + w(v)) / 2 + (gap(u) + gap(v)) / 2;
      }
      offset[i] = s;
      target[i] = (desired[i] as number) - s;
    }
    // Pool adjacent violators: blocks of equal y whose means never decrease.
    let blocks = 0;
    for (let i = 0; i < layer.length; i++) {
      blockSum[blocks] = target[i] as number;
      blockCount[blocks] = 1;
      blockEnd[blocks] = i;
      blocks++;
      while (
        blocks > 1 &&
        (blockSum[blocks - 2] as number) / (blockCount[blocks - 2] as number) >
          (blockSum[blocks - 1] as number) / (blockCount[blocks - 1] as number)
      ) {
        blockSum[blocks - 2] = (blockSum[blocks - 2] as number) + (blockSum[blocks - 1] as number);
        blockCount[blocks - 2] = (blockCount[blocks - 2] as number) + (blockCount[blocks - 1] as number);
        blockEnd[blocks - 2] = blockEnd[blocks - 1] as number;
        blocks--;
      }
    }
    let i = 0;
    for (let b = 0; b < blocks; b++) {
      const y = (blockSum[b] as number) / (blockCount[b] as number);
      for (; i <= (blockEnd[b] as number); i++) x[layer[i] as number] = y + (offset[i] as number);
    }
  };

  const pull = (layer: Int32Array, start: Int32Array, list: Int32Array) => {
    for (let i = 0; i < layer.length; i++) {
      const v = layer[i] as number;
      const a = start[v] as number;
      const b = start[v + 1] as number;
      if (a === b) {
        desired[i] = x[v] as number;
        continue;
      }
      let sum = 0;
      for (let k = a; k < b; k++) sum += x[list[k] as number] as number;
      desired[i] = sum / (b - a);
    }
    place(layer);
  };

  for (const layer of g.layers) {
    desired.fill(0, 0, layer.length);
    place(layer);
  }
  const ranks = g.layers.length;
  for (let pass = 0; pass < 2; pass++) {
    for (let r = 1; r < ranks; r++) pull(g.layers[r] as Int32Array, g.upStart, g.up);
    for (let r = ranks - 2; r >= 0; r--) pull(g.layers[r] as Int32Array, g.downStart, g.down);
  }
  return x;
}

/** Centre y of every rank's row, and each row's height (the tallest real node in it). */
export function assignRows(
  g: LayeredGraph,
  height: Float32Array,
  spacing: Spacing,
): { rowY: Float64Array; rowHeight: Float64Array } {
  const ranks = g.layers.length;
  const rowHeight = new Float64Array(ranks);
  for (let v = 0; v < g.real; v++) {
    const r = g.rank[v] as number;
    rowHeight[r] = Math.max(rowHeight[r] as number, height[v] as number);
  }
  const rowY = new Float64Array(ranks);
  let top = 0;
  for (let r = 0; r < ranks; r++) {
    rowY[r] = top + (rowHeight[r] as number) / 2;
    top += (rowHeight[r] as number) + spacing.rankGap;
  }
  return { rowY, rowHeight };
}
