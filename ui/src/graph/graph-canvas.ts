/**
 * The imperative heart of the graph, outside React so that a frame never waits for a render:
 * it owns the canvas, the camera, the current layout with its hit grid, and the frames
 * (graph-view.ts adds pointer and keyboard input on top).
 *
 * When to lay out is the {@link LayoutScheduler}'s call; until a new layout arrives, the old
 * positions are drawn with the new phases and labels. When the layout changes under a camera
 * the user has moved, one node (the group just expanded, the selection, or the one nearest the
 * centre) keeps its place on screen, so the picture does not jump.
 */
import type { NodeStatus } from "../types.js";
import {
  type Camera,
  centerOn,
  fitCamera,
  fitScale,
  LABEL_SCALE,
  panToShow,
  READABLE_SCALE,
  type Rect,
  toWorld,
  zoomAt,
} from "./camera.js";
import { drawScene, edgeBoxes, type Scene } from "./draw.js";
import { LabelCache } from "./draw-node.js";
import { boxOf, nearestNode } from "./geometry.js";
import { HitGrid } from "./hit-grid.js";
import { buildNavIndex, type NavIndex } from "./keyboard-nav.js";
import type { LayoutResult } from "./layout.js";
import { LayoutScheduler } from "./layout-scheduler.js";
import { Minimap } from "./minimap.js";
import { type GraphModel, type GraphNode, sameStructure } from "./model.js";
import { type Palette, readPalette, watchTheme } from "./palette.js";
import { searchMatches } from "./search.js";
import { reportFirstPaint, reportFrame } from "./signals.js";

export interface GraphViewOptions {
  container: HTMLElement;
  canvas: HTMLCanvasElement;
  /** The overview's canvas (see {@link Minimap}). */
  minimap: HTMLCanvasElement;
  tooltip: HTMLElement;
  /** performance.now() when the component mounted, for `data-first-paint-ms`. */
  mountedAt: number;
  onSelect: (nodeId: string) => void;
  onExpand: (groupId: string) => void;
  /** A sentence for the live region (the node under the keyboard cursor). */
  onAnnounce: (text: string) => void;
}

export interface Laid {
  model: GraphModel;
  layout: LayoutResult;
  grid: HitGrid;
  edgeBox: Float32Array;
  nav: NavIndex;
}

/** Layout, camera and frames; {@link GraphView} adds the input. */
export class GraphCanvas {
  protected model: GraphModel | undefined;
  protected nodes: Record<string, NodeStatus> = {};
  protected laid: Laid | undefined;
  /** Layout index → index in `model`, when the model's structure moved ahead of the layout. */
  private attr: Int32Array | null = null;
  protected cam: Camera = { scale: 1, tx: 0, ty: 0 };
  protected userMoved = false;
  /** The Fit button was the last word on the camera: keep the whole graph in view. */
  private fitAll = false;
  protected selectedKey: string | undefined;
  protected cursorKey: string | undefined;
  protected keyboard = false;
  protected anchorKey: string | undefined;
  private revealSelected = false;
  protected hover = -1;
  private search = "";
  private matches: Uint8Array | null = null;
  private palette: Palette;
  private readonly labels = new LabelCache();
  private readonly scheduler = new LayoutScheduler((model, layout, ms) => {
    this.o.container.dataset.layoutMs = ms.toFixed(1);
    this.apply(model, layout);
  });
  private frame = 0;
  private painted = false;
  private disposed = false;
  protected readonly cleanup: (() => void)[] = [];
  private readonly minimap: Minimap;

  constructor(protected readonly o: GraphViewOptions) {
    this.palette = readPalette(o.canvas);
    this.minimap = new Minimap(o.minimap, (wx, wy) =>
      this.moveCamera(centerOn(wx, wy, ...this.size(), this.cam.scale)),
    );
    this.cleanup.push(() => this.minimap.destroy());
    const resize = new ResizeObserver(() => {
      if (!this.userMoved) this.fitView();
      this.requestDraw();
    });
    resize.observe(o.canvas);
    this.cleanup.push(
      () => resize.disconnect(),
      watchTheme(() => {
        this.palette = readPalette(o.canvas);
        this.minimap.invalidate();
        this.requestDraw();
      }),
    );
  }

  destroy(): void {
    this.disposed = true;
    if (this.frame) cancelAnimationFrame(this.frame);
    this.scheduler.dispose();
    for (const f of this.cleanup) f();
  }

  // ---- inputs from React ----

  setModel(model: GraphModel, nodes: Record<string, NodeStatus>, urgent: boolean): void {
    this.model = model;
    this.nodes = nodes;
    this.minimap.invalidate();
    this.refresh();
    this.scheduler.submit(model, urgent);
    this.requestDraw();
  }

  setSelected(nodeId: string | undefined): void {
    if (nodeId === this.selectedKey) return;
    this.selectedKey = nodeId;
    const i = this.indexOf(nodeId);
    // Not laid out yet (in a collapsed group that is being opened): show it once it is.
    this.revealSelected = i < 0 && nodeId !== undefined;
    if (i >= 0 && this.laid) this.moveCamera(panToShow(this.cam, this.boxOf(i), ...this.size()), false);
    this.requestDraw();
  }

  setSearch(search: string): void {
    this.search = search;
    this.refresh();
    this.requestDraw();
  }

  // ---- layout ----

  private apply(model: GraphModel, layout: LayoutResult): void {
    const anchor = this.laid && this.userMoved ? this.anchor(this.laid) : undefined;
    const first = !this.laid;
    this.laid = {
      model,
      layout,
      grid: new HitGrid(layout),
      edgeBox: edgeBoxes(layout),
      nav: buildNavIndex(layout),
    };
    this.hover = -1;
    this.o.tooltip.hidden = true;
    this.minimap.invalidate();
    this.refresh();
    this.o.container.dataset.nodesLaidOut = String(layout.count);
    const i = anchor ? model.index.get(anchor.key) : undefined;
    if (anchor && i !== undefined) {
      const s = this.cam.scale;
      this.cam = {
        scale: s,
        tx: anchor.sx - (layout.x[i] as number) * s,
        ty: anchor.sy - (layout.y[i] as number) * s,
      };
    } else if (!this.userMoved) this.fitView(first);
    const sel = this.revealSelected ? this.indexOf(this.selectedKey) : -1;
    if (sel >= 0) {
      this.revealSelected = false;
      const scale = Math.max(this.cam.scale, 0.8);
      this.moveCamera(centerOn(layout.x[sel] as number, layout.y[sel] as number, ...this.size(), scale));
    }
    this.requestDraw();
  }

  /** The node to keep in place across a layout, and where it is on screen now. */
  private anchor(laid: Laid): { key: string; sx: number; sy: number } | undefined {
    const { layout, model } = laid;
    let i = this.anchorKey !== undefined ? (model.index.get(this.anchorKey) ?? -1) : -1;
    this.anchorKey = undefined;
    if (i < 0) i = this.indexOf(this.selectedKey);
    const [w, h] = this.size();
    if (i < 0) i = nearestNode(layout, ...toWorld(this.cam, w / 2, h / 2));
    if (i < 0) return undefined;
    const node = model.nodes[i] as GraphNode;
    const s = this.cam.scale;
    return {
      key: node.key,
      sx: (layout.x[i] as number) * s + this.cam.tx,
      sy: (layout.y[i] as number) * s + this.cam.ty,
    };
  }

  /** Re-derives what depends on model + layout: the attribute map and the search matches. */
  private refresh(): void {
    const laid = this.laid;
    const model = this.model;
    this.attr = null;
    if (laid && model && !sameStructure(laid.model, model)) {
      this.attr = Int32Array.from(laid.model.nodes, (n) => model.index.get(n.key) ?? -1);
    }
    this.matches =
      laid && this.search.trim()
        ? searchMatches(
            laid.model.nodes.map((_, i) => this.drawnNode(i)),
            this.nodes,
            this.search,
          )
        : null;
    let found = 0;
    for (const m of this.matches ?? []) found += m;
    if (this.matches) this.o.container.dataset.searchMatches = String(found);
    else delete this.o.container.dataset.searchMatches;
  }

  protected drawnNode(i: number): GraphNode {
    const laid = this.laid as Laid;
    const own = laid.model.nodes[i] as GraphNode;
    const model = this.model;
    if (!model || model === laid.model) return own;
    if (!this.attr) return (model.nodes[i] as GraphNode) ?? own;
    return model.nodes[this.attr[i] as number] ?? own;
  }

  protected indexOf(key: string | undefined): number {
    return key === undefined ? -1 : (this.laid?.model.index.get(key) ?? -1);
  }

  // ---- camera ----

  protected size(): [number, number] {
    return [this.o.canvas.clientWidth || 1, this.o.canvas.clientHeight || 1];
  }

  protected boxOf(i: number): Rect {
    return boxOf((this.laid as Laid).layout, i);
  }

  private minScale(): number {
    const laid = this.laid;
    return laid ? Math.min(0.1, fitScale(laid.layout.bounds, ...this.size()) * 0.5) : 0.1;
  }

  protected moveCamera(cam: Camera, byUser = true): void {
    this.cam = cam;
    if (byUser) {
      this.userMoved = true;
      this.fitAll = false;
    }
    this.requestDraw();
  }

  /** Whole graph in view; on the first layout, a selected node at readable zoom instead of a speck. */
  /**
   * The camera nobody moved: the whole graph when it fits at a zoom where labels are readable
   * (or after the Fit button); else the top of the graph, centred on its root, at a readable zoom,
   * with the minimap for the rest; on the first layout, a selected node at full size.
   */
  fitView(first = false): void {
    const laid = this.laid;
    if (!laid) return;
    const { layout } = laid;
    const [w, h] = this.size();
    const fit = fitCamera(layout.bounds, w, h);
    const sel = this.indexOf(this.selectedKey);
    if (first && sel >= 0 && fit.scale < 0.8) {
      this.cam = centerOn(layout.x[sel] as number, layout.y[sel] as number, w, h, 1);
    } else if (this.fitAll || fit.scale >= LABEL_SCALE || layout.count === 0) {
      this.cam = fit;
    } else {
      const root = layout.rankOrder[0] as number;
      const scale = READABLE_SCALE;
      this.cam = {
        scale,
        tx: w / 2 - (layout.x[root] as number) * scale,
        ty: 32 - layout.bounds.minY * scale,
      };
    }
    this.requestDraw();
  }

  /** The toolbar's Fit: back to the overview, and keep fitting as the graph grows. */
  resetView(): void {
    this.userMoved = false;
    this.fitAll = true;
    this.fitView();
  }

  zoomBy(factor: number, sx?: number, sy?: number): void {
    const [w, h] = this.size();
    this.moveCamera(zoomAt(this.cam, factor, sx ?? w / 2, sy ?? h / 2, this.minScale()));
  }

  // ---- drawing ----

  requestDraw(): void {
    if (this.frame || this.disposed) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  private draw(): void {
    const { canvas, container } = this.o;
    const ctx = canvas.getContext("2d");
    const laid = this.laid;
    if (!ctx || !laid) return;
    const dpr = window.devicePixelRatio || 1;
    const [w, h] = this.size();
    const pw = Math.round(w * dpr);
    const ph = Math.round(h * dpr);
    if (canvas.width !== pw || canvas.height !== ph) [canvas.width, canvas.height] = [pw, ph];
    const scene: Scene = {
      layout: laid.layout,
      node: (i) => this.drawnNode(i),
      edgeBox: laid.edgeBox,
      selected: this.indexOf(this.selectedKey),
      cursor: this.keyboard ? this.indexOf(this.cursorKey) : -1,
      hover: this.hover,
      matches: this.matches,
    };
    const started = performance.now();
    const stats = drawScene(ctx, scene, this.cam, { width: w, height: h, dpr }, this.palette, this.labels);
    const drawMs = performance.now() - started;
    this.minimap.draw({
      layout: laid.layout,
      node: scene.node,
      palette: this.palette,
      cam: this.cam,
      view: { width: w, height: h, dpr },
    });
    reportFrame(container, {
      nodesDrawn: stats.nodesDrawn,
      drawMs,
      zoom: this.cam.scale,
      selectedDrawn: stats.selectedDrawn ? (this.selectedKey ?? "") : "",
    });
    if (!this.painted && stats.nodesDrawn > 0) {
      this.painted = true;
      reportFirstPaint(container, stats.nodesDrawn, this.o.mountedAt);
      setTimeout(() => this.scheduler.warm(), 0);
    }
  }
}
