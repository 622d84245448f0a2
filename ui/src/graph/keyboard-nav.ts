/**
 * Moving a keyboard cursor over the laid-out graph: up to a parent, down to a child, left and
 * right to the neighbours in the same rank. Where there are several parents or children, the one
 * closest in x wins, so the cursor goes where the eye expects. Built once per layout, O(1)-ish
 * per key press.
 */
import type { LayoutResult } from "./layout.js";
import { csr } from "./layout-rank.js";

export type NavKey = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight" | "Home" | "End";

export type KeyAction =
  | { type: "move"; key: NavKey }
  | { type: "activate" }
  | { type: "zoom"; factor: number }
  | { type: "fit" }
  | { type: "leave" };

const NAV_KEYS: ReadonlySet<string> = new Set([
  "ArrowUp",
  "ArrowDown",
  "ArrowLeft",
  "ArrowRight",
  "Home",
  "End",
]);

/** What a key does on the graph: arrows move, Enter or Space act, + − zoom, 0 fits, Escape leaves. */
export function keyAction(e: {
  key: string;
  ctrlKey?: boolean;
  metaKey?: boolean;
  altKey?: boolean;
}): KeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  if (NAV_KEYS.has(e.key)) return { type: "move", key: e.key as NavKey };
  switch (e.key) {
    case "Enter":
    case " ":
      return { type: "activate" };
    case "+":
    case "=":
      return { type: "zoom", factor: 1.25 };
    case "-":
    case "_":
      return { type: "zoom", factor: 0.8 };
    case "0":
      return { type: "fit" };
    case "Escape":
      return { type: "leave" };
    default:
      return null;
  }
}

export interface NavIndex {
  layout: LayoutResult;
  inStart: Int32Array;
  ins: Int32Array;
  outStart: Int32Array;
  outs: Int32Array;
  /** Position of each node in `layout.rankOrder`. */
  slot: Int32Array;
}

export function buildNavIndex(layout: LayoutResult): NavIndex {
  const n = layout.count;
  const [outStart, outs] = csr(n, layout.edgeSrc, layout.edgeDst);
  const [inStart, ins] = csr(n, layout.edgeDst, layout.edgeSrc);
  const slot = new Int32Array(n);
  layout.rankOrder.forEach((v, k) => {
    slot[v] = k;
  });
  return { layout, inStart, ins, outStart, outs, slot };
}

function closest(nav: NavIndex, from: number, start: Int32Array, list: Int32Array): number {
  const x = nav.layout.x[from] as number;
  let best = -1;
  let distance = Number.POSITIVE_INFINITY;
  for (let k = start[from] as number; k < (start[from + 1] as number); k++) {
    const v = list[k] as number;
    const d = Math.abs((nav.layout.x[v] as number) - x);
    if (d < distance) {
      best = v;
      distance = d;
    }
  }
  return best;
}

/** The node the key moves to from `from` (-1: nowhere yet), or `from` when there is nowhere to go. */
export function moveCursor(nav: NavIndex, from: number, key: NavKey): number {
  const { layout } = nav;
  if (layout.count === 0) return -1;
  if (from < 0 || from >= layout.count || key === "Home") return layout.rankOrder[0] as number;
  if (key === "End") return layout.rankOrder[layout.count - 1] as number;
  const r = layout.rank[from] as number;
  const slot = nav.slot[from] as number;
  switch (key) {
    case "ArrowUp": {
      const v = closest(nav, from, nav.inStart, nav.ins);
      return v < 0 ? from : v;
    }
    case "ArrowDown": {
      const v = closest(nav, from, nav.outStart, nav.outs);
      return v < 0 ? from : v;
    }
    case "ArrowLeft":
      return slot > (layout.rankStart[r] as number) ? (layout.rankOrder[slot - 1] as number) : from;
    case "ArrowRight":
      return slot + 1 < (layout.rankStart[r + 1] as number) ? (layout.rankOrder[slot + 1] as number) : from;
  }
}
