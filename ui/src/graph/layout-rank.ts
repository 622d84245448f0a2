/**
 * The first half of the layered layout: ranks, dummy nodes for long edges, and the order of the
 * nodes within each rank.
 *
 * - Rank = longest path from a root over the edges (Kahn's topological order). Argo's status
 *   trees have no cycles, but a cycle in bad input is broken at its lowest-index node instead of
 *   looping; edges that do not point down are drawn directly and take no part in ordering.
 * - An edge spanning several ranks gets a dummy node per rank crossed, so it can bend around the
 *   boxes in between; the number of dummies is capped (a pathological graph could otherwise need
 *   one per edge per rank) and edges over the cap are drawn straight.
 * - Order: the input order (breadth-first from the roots, so children follow their parents'
 *   order) refined by barycenter sweeps. A rank whose keys are already sorted is not re-sorted,
 *   which keeps trees at O(n).
 */

export interface LayeredGraph {
  /** Real nodes; indices at and above `real` are dummies. */
  real: number;
  total: number;
  rank: Int32Array;
  /** Neighbours one rank up / down, CSR: `up[upStart[v] .. upStart[v+1])`. */
  upStart: Int32Array;
  up: Int32Array;
  downStart: Int32Array;
  down: Int32Array;
  /** For each input edge, its dummies: `chain[chainStart[e] .. chainStart[e+1])`. */
  chainStart: Int32Array;
  chain: Int32Array;
  /** True for an edge that points down (rank of its target above that of its source). */
  forward: Uint8Array;
  /** Node indices of each rank, left to right. */
  layers: Int32Array[];
}

/** `a[i] += by`, returning the old value (typed-array `a[i]++` under noUncheckedIndexedAccess). */
export function bump(a: Int32Array, i: number, by = 1): number {
  const old = a[i] as number;
  a[i] = old + by;
  return old;
}

/** Longest-path ranks; a node in a cycle is released at its lowest index. */
export function rankNodes(n: number, edgeSrc: Int32Array, edgeDst: Int32Array): Int32Array {
  const outStart = new Int32Array(n + 1);
  for (let e = 0; e < edgeSrc.length; e++) bump(outStart, (edgeSrc[e] as number) + 1);
  for (let i = 0; i < n; i++) outStart[i + 1] = (outStart[i + 1] as number) + (outStart[i] as number);
  const fill = outStart.slice(0, n);
  const out = new Int32Array(edgeSrc.length);
  const indeg = new Int32Array(n);
  for (let e = 0; e < edgeSrc.length; e++) {
    const u = edgeSrc[e] as number;
    out[bump(fill, u)] = edgeDst[e] as number;
    bump(indeg, edgeDst[e] as number);
  }
  const rank = new Int32Array(n);
  const done = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) queue[tail++] = i;
  let scan = 0;
  while (head < n) {
    if (head === tail) {
      while (done[scan] || indeg[scan] === 0) scan++; // a cycle: release its first node
      queue[tail++] = scan;
    }
    const u = queue[head++] as number;
    done[u] = 1;
    for (let k = outStart[u] as number; k < (outStart[u + 1] as number); k++) {
      const v = out[k] as number;
      if (done[v]) continue;
      if ((rank[u] as number) + 1 > (rank[v] as number)) rank[v] = (rank[u] as number) + 1;
      if (bump(indeg, v, -1) === 1) queue[tail++] = v;
    }
  }
  return rank;
}

/** Ranks, dummies and within-rank order of a graph whose input order is breadth-first. */
export function buildLayers(n: number, edgeSrc: Int32Array, edgeDst: Int32Array): LayeredGraph {
  const realRank = rankNodes(n, edgeSrc, edgeDst);
  const edges = edgeSrc.length;
  const budget = Math.max(2000, 2 * n);
  const forward = new Uint8Array(edges);
  const chainStart = new Int32Array(edges + 1);
  let dummies = 0;
  for (let e = 0; e < edges; e++) {
    const span = (realRank[edgeDst[e] as number] as number) - (realRank[edgeSrc[e] as number] as number);
    if (span > 0) forward[e] = 1;
    if (span > 1 && dummies + span - 1 <= budget) dummies += span - 1;
    chainStart[e + 1] = dummies;
  }
  const total = n + dummies;
  const rank = new Int32Array(total);
  rank.set(realRank);
  const chain = new Int32Array(dummies);
  const segA: number[] = [];
  const segB: number[] = [];
  let next = n;
  for (let e = 0; e < edges; e++) {
    if (!forward[e]) continue;
    let prev = edgeSrc[e] as number;
    for (let k = chainStart[e] as number; k < (chainStart[e + 1] as number); k++) {
      rank[next] = (rank[prev] as number) + 1;
      chain[k] = next;
      segA.push(prev);
      segB.push(next);
      prev = next++;
    }
    segA.push(prev);
    segB.push(edgeDst[e] as number);
  }
  const [downStart, down] = csr(total, segA, segB);
  const [upStart, up] = csr(total, segB, segA);
  const layers = groupByRank(rank);
  const g: LayeredGraph = {
    real: n,
    total,
    rank,
    upStart,
    up,
    downStart,
    down,
    chainStart,
    chain,
    forward,
    layers,
  };
  orderLayers(g);
  return g;
}

/** Compressed adjacency: the `to` of every pair, grouped by `from`. */
export function csr(total: number, from: ArrayLike<number>, to: ArrayLike<number>): [Int32Array, Int32Array] {
  const start = new Int32Array(total + 1);
  for (let k = 0; k < from.length; k++) bump(start, (from[k] as number) + 1);
  for (let i = 0; i < total; i++) start[i + 1] = (start[i + 1] as number) + (start[i] as number);
  const fill = start.slice(0, total);
  const list = new Int32Array(from.length);
  for (let k = 0; k < from.length; k++) list[bump(fill, from[k] as number)] = to[k] as number;
  return [start, list];
}

function groupByRank(rank: Int32Array): Int32Array[] {
  let ranks = 0;
  for (const r of rank) if (r + 1 > ranks) ranks = r + 1;
  const sizes = new Int32Array(ranks);
  for (const r of rank) sizes[r] = (sizes[r] as number) + 1;
  const layers = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(ranks);
  for (let v = 0; v < rank.length; v++) {
    const r = rank[v] as number;
    (layers[r] as Int32Array)[bump(fill, r)] = v;
  }
  return layers;
}

/** Barycenter sweeps: down, up, down. Nodes with no neighbours on the reference side keep their slot. */
export function orderLayers(g: LayeredGraph): void {
  const pos = new Float64Array(g.total);
  for (const layer of g.layers) {
    for (let i = 0; i < layer.length; i++) pos[layer[i] as number] = i;
  }
  const key = new Float64Array(g.total);
  const sweep = (r: number, start: Int32Array, list: Int32Array) => {
    const layer = g.layers[r] as Int32Array;
    const movable: number[] = [];
    let sorted = true;
    let last = Number.NEGATIVE_INFINITY;
    for (const v of layer) {
      const a = start[v] as number;
      const b = start[v + 1] as number;
      if (a === b) continue;
      let sum = 0;
      for (let k = a; k < b; k++) sum += pos[list[k] as number] as number;
      key[v] = sum / (b - a);
      if ((key[v] as number) < last) sorted = false;
      last = key[v] as number;
      movable.push(v);
    }
    if (sorted) return;
    const slots = movable.map((v) => pos[v] as number);
    movable.sort(
      (a, b) => (key[a] as number) - (key[b] as number) || (pos[a] as number) - (pos[b] as number),
    );
    movable.forEach((v, i) => {
      const slot = slots[i] as number;
      layer[slot] = v;
    });
    for (let i = 0; i < layer.length; i++) pos[layer[i] as number] = i;
  };
  const ranks = g.layers.length;
  for (let r = 1; r < ranks; r++) sweep(r, g.upStart, g.up);
  for (let r = ranks - 2; r >= 0; r--) sweep(r, g.downStart, g.down);
  for (let r = 1; r < ranks; r++) sweep(r, g.upStart, g.up);
}
