/**
 * When to lay out again. A model whose structure (boxes and edges) equals the one laid out or
 * being laid out needs nothing: only phases or labels changed, a repaint shows them. A new
 * structure is laid out at most once per {@link RELAYOUT_INTERVAL} while live updates stream in
 * (at once for the first layout and for the user's own expand or collapse), one request at a time
 * and always for the newest model, so a burst of updates costs one layout, not one each.
 */
import { layoutInputOf } from "./geometry.js";
import type { LayoutResult } from "./layout.js";
import { LayoutClient } from "./layout-client.js";
import { type GraphModel, sameStructure } from "./model.js";

/** Minimum time between two layouts caused by live updates. @default 400 ms */
export const RELAYOUT_INTERVAL = 400;

export class LayoutScheduler {
  private laidOut: GraphModel | undefined;
  private sent: GraphModel | undefined;
  private wanted: GraphModel | undefined;
  private urgent = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastAt = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    /** Called with each finished layout and how long it took (ms, including the worker's round trip). */
    private readonly onLaidOut: (model: GraphModel, layout: LayoutResult, ms: number) => void,
    private readonly client = new LayoutClient(),
  ) {}

  /** Boots the worker ahead of the first large graph. */
  warm(): void {
    this.client.warm();
  }

  /** Takes the newest model; returns true when it needs a new layout. */
  submit(model: GraphModel, urgent: boolean): boolean {
    const current = this.sent ?? this.laidOut;
    if (current && sameStructure(current, model)) {
      this.wanted = undefined;
      return false;
    }
    this.wanted = model;
    this.urgent ||= urgent;
    this.schedule();
    return true;
  }

  private schedule(): void {
    if (this.sent || !this.wanted || this.disposed) return;
    clearTimeout(this.timer);
    const wait =
      this.urgent || !this.laidOut ? 0 : Math.max(0, this.lastAt + RELAYOUT_INTERVAL - performance.now());
    this.timer = setTimeout(() => this.run(), wait);
  }

  private run(): void {
    const model = this.wanted;
    if (!model || this.disposed) return;
    this.wanted = undefined;
    this.urgent = false;
    this.sent = model;
    const started = performance.now();
    void this.client.layout(layoutInputOf(model)).then((layout) => {
      if (this.disposed) return;
      this.sent = undefined;
      this.laidOut = model;
      this.lastAt = performance.now();
      this.onLaidOut(model, layout, this.lastAt - started);
      this.schedule();
    });
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.client.dispose();
  }
}
