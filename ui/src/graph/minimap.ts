/**
 * The overview in the corner: every node as a dot of its phase colour and a frame around the part
 * the main view shows; press or drag in it to move the view there. It is shown only while the
 * main view does not show the whole graph. The dots are painted into a bitmap once per layout or
 * model change, so each frame only copies the bitmap and draws the frame.
 */
import type { Camera, Rect } from "./camera.js";
import { visibleWorld } from "./camera.js";
import type { LayoutResult } from "./layout.js";
import type { GraphNode } from "./model.js";
import type { Palette } from "./palette.js";
import { PHASE_URGENCY } from "./phase.js";

const PAD = 6;

export class Minimap {
  private readonly bitmap = document.createElement("canvas");
  private dirty = true;
  private map = { scale: 1, ox: 0, oy: 0 };
  private readonly detach: () => void;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    /** Moves the main view's centre to a world point. */
    onJump: (wx: number, wy: number) => void,
  ) {
    let pressed = false;
    const jump = (e: PointerEvent) => {
      const r = canvas.getBoundingClientRect();
      const { scale, ox, oy } = this.map;
      onJump((e.clientX - r.left - ox) / scale, (e.clientY - r.top - oy) / scale);
    };
    const down = (e: PointerEvent) => {
      pressed = true;
      canvas.setPointerCapture?.(e.pointerId);
      jump(e);
    };
    const move = (e: PointerEvent) => pressed && jump(e);
    const up = () => {
      pressed = false;
    };
    canvas.addEventListener("pointerdown", down);
    canvas.addEventListener("pointermove", move);
    canvas.addEventListener("pointerup", up);
    canvas.addEventListener("pointercancel", up);
    this.detach = () => {
      canvas.removeEventListener("pointerdown", down);
      canvas.removeEventListener("pointermove", move);
      canvas.removeEventListener("pointerup", up);
      canvas.removeEventListener("pointercancel", up);
    };
  }

  /** The layout or the nodes' phases changed: paint the dots again at the next frame. */
  invalidate(): void {
    this.dirty = true;
  }

  destroy(): void {
    this.detach();
  }

  /** Draws the overview, or hides it when the whole graph is in view. */
  draw(args: {
    layout: LayoutResult;
    node: (i: number) => GraphNode;
    palette: Palette;
    cam: Camera;
    view: { width: number; height: number; dpr: number };
  }): void {
    const { layout, cam, view, palette } = args;
    const seen = visibleWorld(cam, view.width, view.height);
    const b = layout.bounds;
    const whole = seen.minX <= b.minX && seen.maxX >= b.maxX && seen.minY <= b.minY && seen.maxY >= b.maxY;
    this.canvas.hidden = whole || layout.count < 2;
    if (this.canvas.hidden) return;
    const w = this.canvas.clientWidth;
    const h = this.canvas.clientHeight;
    const pw = Math.round(w * view.dpr);
    const ph = Math.round(h * view.dpr);
    if (this.bitmap.width !== pw || this.bitmap.height !== ph) {
      [this.bitmap.width, this.bitmap.height] = [pw, ph];
      [this.canvas.width, this.canvas.height] = [pw, ph];
      this.dirty = true;
    }
    if (this.dirty) this.paintDots(args, w, h);
    const ctx = this.canvas.getContext("2d");
    if (!ctx) return;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, pw, ph);
    ctx.drawImage(this.bitmap, 0, 0);
    ctx.setTransform(view.dpr, 0, 0, view.dpr, 0, 0);
    this.frame(ctx, seen, palette, w, h);
  }

  private paintDots(
    args: { layout: LayoutResult; node: (i: number) => GraphNode; palette: Palette; view: { dpr: number } },
    w: number,
    h: number,
  ): void {
    this.dirty = false;
    const { layout, node, palette } = args;
    const b = layout.bounds;
    const scale = Math.min(
      (w - 2 * PAD) / Math.max(b.maxX - b.minX, 1),
      (h - 2 * PAD) / Math.max(b.maxY - b.minY, 1),
    );
    const ox = (w - (b.maxX - b.minX) * scale) / 2 - b.minX * scale;
    const oy = (h - (b.maxY - b.minY) * scale) / 2 - b.minY * scale;
    this.map = { scale, ox, oy };
    const ctx = this.bitmap.getContext("2d");
    if (!ctx) return;
    const dpr = args.view.dpr;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, this.bitmap.width, this.bitmap.height);
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const byPhase = new Map<string, number[]>();
    for (let i = 0; i < layout.count; i++) {
      const p = node(i).phase;
      const list = byPhase.get(p);
      if (list) list.push(i);
      else byPhase.set(p, [i]);
    }
    // Trouble last, so a failed node is never hidden under a thousand succeeded ones.
    for (let u = PHASE_URGENCY.length - 1; u >= 0; u--) {
      const phase = PHASE_URGENCY[u] as keyof Palette["phase"];
      const list = byPhase.get(phase);
      if (!list) continue;
      const seen = new Set<number>();
      ctx.fillStyle = palette.phase[phase];
      ctx.beginPath();
      for (const i of list) {
        const x = Math.round((layout.x[i] as number) * scale + ox);
        const y = Math.round((layout.y[i] as number) * scale + oy);
        const key = x * 4096 + y;
        if (seen.has(key)) continue;
        seen.add(key);
        const dw = Math.max(((layout.width[i] as number) * scale) | 0, 2);
        const dh = Math.max(((layout.height[i] as number) * scale) | 0, 2);
        ctx.rect(x - dw / 2, y - dh / 2, dw, dh);
      }
      ctx.fill();
    }
  }

  private frame(ctx: CanvasRenderingContext2D, seen: Rect, palette: Palette, w: number, h: number): void {
    const { scale, ox, oy } = this.map;
    const x0 = Math.max(seen.minX * scale + ox, 0);
    const y0 = Math.max(seen.minY * scale + oy, 0);
    const x1 = Math.min(seen.maxX * scale + ox, w);
    const y1 = Math.min(seen.maxY * scale + oy, h);
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = palette.accent;
    ctx.strokeRect(x0, y0, Math.max(x1 - x0, 3), Math.max(y1 - y0, 3));
  }
}
