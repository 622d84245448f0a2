/**
 * The view transform: `screen = world × scale + t`. Pure functions, so zoom-at-cursor, fit and
 * "keep this node where it was" are easy to reason about and to test.
 */

export interface Camera {
  scale: number;
  tx: number;
  ty: number;
}

export interface Rect {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/** Closest zoom in. @default 3 */
export const MAX_SCALE = 3;
/** Below this, boxes are drawn without icons or labels. */
export const LABEL_SCALE = 0.45;
/** The zoom a graph too wide to read whole opens at (the minimap shows the rest). */
export const READABLE_SCALE = 0.8;

/** The scale that shows all of `bounds` with `padding` screen pixels around it, at most 1. */
export function fitScale(bounds: Rect, viewW: number, viewH: number, padding = 32): number {
  const w = Math.max(bounds.maxX - bounds.minX, 1);
  const h = Math.max(bounds.maxY - bounds.minY, 1);
  const s = Math.min((viewW - 2 * padding) / w, (viewH - 2 * padding) / h);
  return Math.min(Math.max(s, 1e-6), 1);
}

/** Everything in view, centred. */
export function fitCamera(bounds: Rect, viewW: number, viewH: number, padding = 32): Camera {
  const scale = fitScale(bounds, viewW, viewH, padding);
  return centerOn((bounds.minX + bounds.maxX) / 2, (bounds.minY + bounds.maxY) / 2, viewW, viewH, scale);
}

/** Puts the world point (wx, wy) at the centre of the view, at `scale`. */
export function centerOn(wx: number, wy: number, viewW: number, viewH: number, scale: number): Camera {
  return { scale, tx: viewW / 2 - wx * scale, ty: viewH / 2 - wy * scale };
}

/** Zoom by `factor` keeping the world point under screen point (sx, sy) fixed. */
export function zoomAt(cam: Camera, factor: number, sx: number, sy: number, minScale: number): Camera {
  const scale = Math.min(Math.max(cam.scale * factor, minScale), MAX_SCALE);
  const k = scale / cam.scale;
  return { scale, tx: sx - (sx - cam.tx) * k, ty: sy - (sy - cam.ty) * k };
}

export function toWorld(cam: Camera, sx: number, sy: number): [number, number] {
  return [(sx - cam.tx) / cam.scale, (sy - cam.ty) / cam.scale];
}

/** The part of the world on screen. */
export function visibleWorld(cam: Camera, viewW: number, viewH: number): Rect {
  const [minX, minY] = toWorld(cam, 0, 0);
  const [maxX, maxY] = toWorld(cam, viewW, viewH);
  return { minX, minY, maxX, maxY };
}

/** The smallest pan that brings `r` (world) inside the view with `margin` pixels to spare. */
export function panToShow(cam: Camera, r: Rect, viewW: number, viewH: number, margin = 40): Camera {
  const left = r.minX * cam.scale + cam.tx;
  const right = r.maxX * cam.scale + cam.tx;
  const top = r.minY * cam.scale + cam.ty;
  const bottom = r.maxY * cam.scale + cam.ty;
  let dx = 0;
  let dy = 0;
  if (right - left > viewW - 2 * margin) dx = viewW / 2 - (left + right) / 2;
  else if (left < margin) dx = margin - left;
  else if (right > viewW - margin) dx = viewW - margin - right;
  if (bottom - top > viewH - 2 * margin) dy = viewH / 2 - (top + bottom) / 2;
  else if (top < margin) dy = margin - top;
  else if (bottom > viewH - margin) dy = viewH - margin - bottom;
  return { scale: cam.scale, tx: cam.tx + dx, ty: cam.ty + dy };
}
