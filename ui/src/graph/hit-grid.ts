/**
 * Which node is under a point: a uniform grid of buckets over the laid-out boxes. A box is filed
 * under every cell it overlaps (a box is smaller than a cell, so at most four), so a click looks at
 * one cell — constant work however many nodes there are. Only non-empty cells are stored, which
 * keeps a 10,000-wide loop (a graph two million units wide) small.
 */

export interface Boxes {
  count: number;
  /** Centres and sizes. */
  x: ArrayLike<number>;
  y: ArrayLike<number>;
  width: ArrayLike<number>;
  height: ArrayLike<number>;
}

/** @default cell size in graph units. */
export const HIT_CELL = 256;

export class HitGrid {
  private readonly cells = new Map<number, number[]>();
  private readonly cols: number;
  private readonly originX: number;
  private readonly originY: number;

  constructor(
    private readonly boxes: Boxes,
    /** Extra margin around small boxes (dots), so they stay easy to hit. */
    private readonly pad = 4,
    private readonly cell = HIT_CELL,
  ) {
    let minX = Number.POSITIVE_INFINITY;
    let minY = Number.POSITIVE_INFINITY;
    let maxX = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < boxes.count; i++) {
      minX = Math.min(minX, (boxes.x[i] as number) - (boxes.width[i] as number) / 2 - pad);
      maxX = Math.max(maxX, (boxes.x[i] as number) + (boxes.width[i] as number) / 2 + pad);
      minY = Math.min(minY, (boxes.y[i] as number) - (boxes.height[i] as number) / 2 - pad);
    }
    this.originX = Number.isFinite(minX) ? minX : 0;
    this.originY = Number.isFinite(minY) ? minY : 0;
    this.cols = Number.isFinite(maxX) ? Math.floor((maxX - this.originX) / cell) + 1 : 1;
    for (let i = 0; i < boxes.count; i++) {
      const [x0, y0, x1, y1] = this.rect(i);
      for (let cy = this.cellY(y0); cy <= this.cellY(y1); cy++) {
        for (let cx = this.cellX(x0); cx <= this.cellX(x1); cx++) {
          const key = cy * this.cols + cx;
          const list = this.cells.get(key);
          if (list) list.push(i);
          else this.cells.set(key, [i]);
        }
      }
    }
  }

  private rect(i: number): [number, number, number, number] {
    const hw = Math.max((this.boxes.width[i] as number) / 2, 0) + this.pad;
    const hh = Math.max((this.boxes.height[i] as number) / 2, 0) + this.pad;
    const x = this.boxes.x[i] as number;
    const y = this.boxes.y[i] as number;
    return [x - hw, y - hh, x + hw, y + hh];
  }

  private cellX(x: number): number {
    return Math.floor((x - this.originX) / this.cell);
  }

  private cellY(y: number): number {
    return Math.floor((y - this.originY) / this.cell);
  }

  /** The node whose box (with the margin) holds the point, the nearest centre on ties; -1 if none. */
  hit(x: number, y: number): number {
    const cx = this.cellX(x);
    if (cx < 0 || cx >= this.cols) return -1;
    const list = this.cells.get(this.cellY(y) * this.cols + cx);
    if (!list) return -1;
    let best = -1;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const i of list) {
      const [x0, y0, x1, y1] = this.rect(i);
      if (x < x0 || x > x1 || y < y0 || y > y1) continue;
      const d = Math.abs(x - (this.boxes.x[i] as number)) + Math.abs(y - (this.boxes.y[i] as number));
      if (d < bestDistance) {
        best = i;
        bestDistance = d;
      }
    }
    return best;
  }

  /** How many boxes the busiest cell holds (for tests: it must stay small). */
  maxCellLoad(): number {
    let most = 0;
    for (const list of this.cells.values()) most = Math.max(most, list.length);
    return most;
  }
}
