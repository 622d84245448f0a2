/**
 * Pointer input on the canvas, reduced to pan, zoom, click and hover: drag with one pointer pans,
 * two pointers pinch-zoom, the wheel (and a trackpad pinch, which arrives as a wheel with ctrlKey)
 * zooms at the pointer, and a press that hardly moves is a click.
 */

export interface GestureHandlers {
  pan(dx: number, dy: number): void;
  zoom(factor: number, sx: number, sy: number): void;
  click(sx: number, sy: number): void;
  hover(sx: number, sy: number): void;
  leave(): void;
}

/** A press that moves less than this (CSS pixels) is a click. */
const CLICK_SLOP = 4;

export function attachGestures(el: HTMLElement, h: GestureHandlers): () => void {
  const pointers = new Map<number, { x: number; y: number }>();
  let travelled = 0;
  let pinch = 0;
  const local = (e: { clientX: number; clientY: number }) => {
    const r = el.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const spread = () => {
    const [a, b] = [...pointers.values()];
    return a && b ? Math.hypot(a.x - b.x, a.y - b.y) : 0;
  };

  const down = (e: PointerEvent) => {
    if (e.button !== 0 && e.pointerType === "mouse") return;
    el.setPointerCapture?.(e.pointerId);
    pointers.set(e.pointerId, local(e));
    if (pointers.size === 1) travelled = 0;
    if (pointers.size === 2) pinch = spread();
  };
  const move = (e: PointerEvent) => {
    const p = local(e);
    const last = pointers.get(e.pointerId);
    if (!last) {
      if (pointers.size === 0) h.hover(p.x, p.y);
      return;
    }
    pointers.set(e.pointerId, p);
    if (pointers.size === 1) {
      travelled += Math.abs(p.x - last.x) + Math.abs(p.y - last.y);
      if (travelled >= CLICK_SLOP) h.pan(p.x - last.x, p.y - last.y);
    } else if (pointers.size === 2) {
      travelled = Number.POSITIVE_INFINITY;
      const now = spread();
      const [a, b] = [...pointers.values()];
      if (pinch > 0 && now > 0 && a && b) h.zoom(now / pinch, (a.x + b.x) / 2, (a.y + b.y) / 2);
      pinch = now;
    }
  };
  const up = (e: PointerEvent) => {
    if (!pointers.has(e.pointerId)) return;
    const p = local(e);
    const single = pointers.size === 1;
    pointers.delete(e.pointerId);
    if (single && travelled < CLICK_SLOP && e.type === "pointerup") h.click(p.x, p.y);
  };
  const wheel = (e: WheelEvent) => {
    e.preventDefault();
    const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1;
    const speed = e.ctrlKey ? 0.01 : 0.0015;
    const p = local(e);
    h.zoom(Math.exp(-e.deltaY * unit * speed), p.x, p.y);
  };
  const leave = () => {
    if (pointers.size === 0) h.leave();
  };

  el.addEventListener("pointerdown", down);
  el.addEventListener("pointermove", move);
  el.addEventListener("pointerup", up);
  el.addEventListener("pointercancel", up);
  el.addEventListener("pointerleave", leave);
  el.addEventListener("wheel", wheel, { passive: false });
  return () => {
    el.removeEventListener("pointerdown", down);
    el.removeEventListener("pointermove", move);
    el.removeEventListener("pointerup", up);
    el.removeEventListener("pointercancel", up);
    el.removeEventListener("pointerleave", leave);
    el.removeEventListener("wheel", wheel);
  };
}
