/**
 * The imperative heart of the graph, outside React so that a frame never waits for a render:
 * it owns the canvas, the camera, the current layout and its hit grid, and decides when to lay
 * out again.
 *
 * Layout policy: a model whose structure (boxes and edges) equals the one laid out — only phases
 * or labels changed — is just repainted. A new structure is sent to the worker at most once per
 * {@link RELAYOUT_INTERVAL} while live updates stream in (immediately when the user expanded or
 * collapsed something), one request at a time; until the answer comes, the old positions are
 * drawn with the new phases. When the layout changes under a camera the user has moved, one node
 * (the group just expanded, the selection, or the one nearest the centre) keeps its place on
 * screen, so the picture does not jump.
 */
import type { NodeStatus } from "../types.js";
import { type Camera, centerOn, fitCamera, fitScale, panToShow, toWorld, zoomAt } from "./camera.js";
import { drawScene, edgeBoxes, type Scene } from "./draw.js";
import { LabelCache } from "./draw-node.js";
import { layoutInputOf } from "./geometry.js";
import { attachGestures } from "./gestures.js";
import { HitGrid } from "./hit-grid.js";
import { buildNavIndex, moveCursor, type NavIndex, type NavKey } from "./keyboard-nav.js";
import type { LayoutResult } from "./layout.js";
import { LayoutClient } from "./layout-client.js";
import { type GraphModel, type GraphNode, sameStructure } from "./model.js";
import { type Palette, readPalette } from "./palette.js";
import { describeNode } from "./phase.js";
import { searchMatches } from "./search.js";
import { showTooltip } from "./tooltip.js";

/** Minimum time between two layouts caused by live updates. @default 400 ms */
export const RELAYOUT_INTERVAL = 400;

export interface GraphViewOptions {
  container: HTMLElement;
  canvas: HTMLCanvasElement;
  tooltip: HTMLElement;
  /** performance.now() when the component mounted, for `data-first-paint-ms`. */
  mountedAt: number;
  onSelect: (nodeId: string) => void;
  onExpand: (groupId: string) => void;
  /** A sentence for the live region (the node under the keyboard cursor). */
  onAnnounce: (text: string) => void;
}

interface Laid {
  model: GraphModel;
  layout: LayoutResult;
  grid: HitGrid;
  edgeBox: Float32Array;
  nav: NavIndex;
}

const NAV_KEYS = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End"]);

export class GraphView {
  private model: GraphModel | undefined;
  private nodes: Record<string, NodeStatus> = {};
  private laid: Laid | undefined;
  /** Layout index → index in `model`, when the model's structure moved ahead of the layout. */
  private attr: Int32Array | null = null;
  private sent: GraphModel | undefined;
  private wanted: GraphModel | undefined;
  private wantedUrgent = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastLayoutAt = Number.NEGATIVE_INFINITY;
  private cam: Camera = { scale: 1, tx: 0, ty: 0 };
  private userMoved = false;
  private selectedKey: string | undefined;
  private cursorKey: string | undefined;
  private keyboard = false;
  private anchorKey: string | undefined;
  private hover = -1;
  private search = "";
  private matches: Uint8Array | null = null;
  private palette: Palette;
  private readonly labels = new LabelCache();
  private readonly client = new LayoutClient();
  private frame = 0;
  private painted = false;
  private disposed = false;
  private readonly cleanup: (() => void)[] = [];

  constructor(private readonly o: GraphViewOptions) {
    this.palette = readPalette(o.canvas);
    this.cleanup.push(
      attachGestures(o.canvas, {
        pan: (dx, dy) => this.moveCamera({ ...this.cam, tx: this.cam.tx + dx, ty: this.cam.ty + dy }),
        zoom: (f, x, y) => this.zoomBy(f, x, y),
        click: (x, y) => this.click(x, y),
        hover: (x, y) => this.hoverAt(x, y),
        leave: () => this.hoverAt(-1, -1),
      }),
    );
    const resize = new ResizeObserver(() => {
      if (!this.userMoved) this.fitView();
      this.requestDraw();
    });
    resize.observe(o.canvas);
    const repaint = () => {
      this.palette = readPalette(o.canvas);
      this.requestDraw();
    };
    const scheme = matchMedia("(prefers-color-scheme: dark)");
    scheme.addEventListener("change", repaint);
    const themeAttrs = new MutationObserver(repaint);
    themeAttrs.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ["class", "style", "data-theme"],
    });
    this.cleanup.push(
      () => resize.disconnect(),
      () => scheme.removeEventListener("change", repaint),
      () => themeAttrs.disconnect(),
    );
  }

  destroy(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    if (this.frame) cancelAnimationFrame(this.frame);
    this.client.dispose();
    for (const f of this.cleanup) f();
  }

  // ---- inputs from React ----

  setModel(model: GraphModel, nodes: Record<string, NodeStatus>, urgent: boolean): void {
    this.model = model;
    this.nodes = nodes;
    this.refresh();
    const current = this.sent ?? this.laid?.model;
    if (!current || !sameStructure(current, model)) {
      this.wanted = model;
      this.wantedUrgent ||= urgent;
      this.schedule();
    } else this.wanted = undefined;
    this.requestDraw();
  }

  setSelected(nodeId: string | undefined): void {
    if (nodeId === this.selectedKey) return;
    this.selectedKey = nodeId;
    const i = this.indexOf(nodeId);
    if (i >= 0 && this.laid) this.moveCamera(panToShow(this.cam, this.boxOf(i), ...this.size()), false);
    this.requestDraw();
  }

  setSearch(search: string): void {
    this.search = search;
    this.refresh();
    this.requestDraw();
  }

  // ---- layout ----

  private schedule(): void {
    if (this.sent || !this.wanted) return;
    clearTimeout(this.timer);
    const wait =
      this.wantedUrgent || !this.laid
        ? 0
        : Math.max(0, this.lastLayoutAt + RELAYOUT_INTERVAL - performance.now());
    this.timer = setTimeout(() => this.runLayout(), wait);
  }

  private runLayout(): void {
    const model = this.wanted;
    if (!model || this.disposed) return;
    this.wanted = undefined;
    this.wantedUrgent = false;
    this.sent = model;
    const started = performance.now();
    void this.client.layout(layoutInputOf(model)).then((layout) => {
      if (this.disposed) return;
      this.sent = undefined;
      this.lastLayoutAt = performance.now();
      this.o.container.dataset.layoutMs = (this.lastLayoutAt - started).toFixed(1);
      this.apply(model, layout);
      this.schedule();
    });
  }

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
    this.requestDraw();
  }

  /** The node to keep in place across a layout, and where it is on screen now. */
  private anchor(laid: Laid): { key: string; sx: number; sy: number } | undefined {
    const { layout, model } = laid;
    let i = this.anchorKey !== undefined ? (model.index.get(this.anchorKey) ?? -1) : -1;
    this.anchorKey = undefined;
    if (i < 0) i = this.indexOf(this.selectedKey);
    const [w, h] = this.size();
    if (i < 0) {
      const [cx, cy] = toWorld(this.cam, w / 2, h / 2);
      let best = Number.POSITIVE_INFINITY;
      for (let k = 0; k < layout.count; k++) {
        const d = Math.abs((layout.x[k] as number) - cx) + Math.abs((layout.y[k] as number) - cy);
        if (d < best) [best, i] = [d, k];
      }
    }
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
    this.matches = laid
      ? searchMatches(
          laid.model.nodes.map((_, i) => this.drawnNode(i)),
          this.nodes,
          this.search,
        )
      : null;
  }

  private drawnNode(i: number): GraphNode {
    const laid = this.laid as Laid;
    const own = laid.model.nodes[i] as GraphNode;
    const model = this.model;
    if (!model || model === laid.model) return own;
    if (!this.attr) return (model.nodes[i] as GraphNode) ?? own;
    return model.nodes[this.attr[i] as number] ?? own;
  }

  private indexOf(key: string | undefined): number {
    return key === undefined ? -1 : (this.laid?.model.index.get(key) ?? -1);
  }

  // ---- camera ----

  private size(): [number, number] {
    return [this.o.canvas.clientWidth || 1, this.o.canvas.clientHeight || 1];
  }

  private boxOf(i: number) {
    const l = (this.laid as Laid).layout;
    const hw = (l.width[i] as number) / 2;
    const hh = (l.height[i] as number) / 2;
    return {
      minX: (l.x[i] as number) - hw,
      maxX: (l.x[i] as number) + hw,
      minY: (l.y[i] as number) - hh,
      maxY: (l.y[i] as number) + hh,
    };
  }

  private minScale(): number {
    const laid = this.laid;
    return laid ? Math.min(0.1, fitScale(laid.layout.bounds, ...this.size()) * 0.5) : 0.1;
  }

  private moveCamera(cam: Camera, byUser = true): void {
    this.cam = cam;
    if (byUser) this.userMoved = true;
    this.requestDraw();
  }

  /** Whole graph in view; on the first layout, a selected node at readable zoom instead of a speck. */
  fitView(first = false): void {
    const laid = this.laid;
    if (!laid) return;
    const [w, h] = this.size();
    const fit = fitCamera(laid.layout.bounds, w, h);
    const sel = this.indexOf(this.selectedKey);
    this.cam =
      first && sel >= 0 && fit.scale < 0.8
        ? centerOn(laid.layout.x[sel] as number, laid.layout.y[sel] as number, w, h, 1)
        : fit;
    this.requestDraw();
  }

  /** The toolbar's Fit: back to the overview, and keep fitting as the graph grows. */
  resetView(): void {
    this.userMoved = false;
    this.fitView();
  }

  zoomBy(factor: number, sx?: number, sy?: number): void {
    const [w, h] = this.size();
    this.moveCamera(zoomAt(this.cam, factor, sx ?? w / 2, sy ?? h / 2, this.minScale()));
  }

  /** Where a node's centre is on screen (client coordinates); null when it is not laid out. */
  positionOf(nodeId: string): { x: number; y: number } | null {
    const i = this.indexOf(nodeId);
    const l = this.laid?.layout;
    if (i < 0 || !l) return null;
    const r = this.o.canvas.getBoundingClientRect();
    const { scale, tx, ty } = this.cam;
    return { x: r.left + (l.x[i] as number) * scale + tx, y: r.top + (l.y[i] as number) * scale + ty };
  }

  /** The node drawn at a point of the screen (client coordinates), or null. */
  nodeAt(clientX: number, clientY: number): string | null {
    const laid = this.laid;
    if (!laid) return null;
    const r = this.o.canvas.getBoundingClientRect();
    const i = laid.grid.hit(...toWorld(this.cam, clientX - r.left, clientY - r.top));
    return i < 0 ? null : this.drawnNode(i).key;
  }

  // ---- pointer and keyboard ----

  private click(sx: number, sy: number): void {
    const laid = this.laid;
    if (!laid) return;
    this.keyboard = false;
    const i = laid.grid.hit(...toWorld(this.cam, sx, sy));
    if (i >= 0) this.activate(i);
  }

  private activate(i: number): void {
    const node = this.drawnNode(i);
    this.cursorKey = node.key;
    if (node.kind === "collapsed" && node.groupId) {
      this.anchorKey = node.groupId;
      this.o.onExpand(node.groupId);
    } else this.o.onSelect(node.key);
    this.requestDraw();
  }

  private hoverAt(sx: number, sy: number): void {
    const laid = this.laid;
    const i = laid && sx >= 0 ? laid.grid.hit(...toWorld(this.cam, sx, sy)) : -1;
    this.o.canvas.style.cursor = i >= 0 ? "pointer" : "grab";
    showTooltip(this.o.tooltip, i >= 0 ? this.drawnNode(i) : undefined, this.nodes, sx, sy);
    if (i !== this.hover) {
      this.hover = i;
      this.requestDraw();
    }
  }

  /** Handles a key pressed on the graph; false when the key is not the graph's. */
  key(e: KeyboardEvent): boolean {
    const laid = this.laid;
    if (!laid) return false;
    if (NAV_KEYS.has(e.key)) {
      const from = this.keyboard ? this.indexOf(this.cursorKey) : this.indexOf(this.selectedKey);
      const to = moveCursor(laid.nav, from, e.key as NavKey);
      if (to < 0) return true;
      this.keyboard = true;
      const node = this.drawnNode(to);
      this.cursorKey = node.key;
      this.moveCamera(panToShow(this.cam, this.boxOf(to), ...this.size()), false);
      this.o.onAnnounce(describeNode(node, this.nodes[node.key]));
      return true;
    }
    switch (e.key) {
      case "Enter":
      case " ": {
        const i = this.keyboard ? this.indexOf(this.cursorKey) : -1;
        if (i >= 0) this.activate(i);
        return i >= 0;
      }
      case "+":
      case "=":
        this.zoomBy(1.25);
        return true;
      case "-":
      case "_":
        this.zoomBy(0.8);
        return true;
      case "0":
        this.resetView();
        return true;
      case "Escape":
        this.keyboard = false;
        this.requestDraw();
        return true;
      default:
        return false;
    }
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
    container.dataset.drawMs = (performance.now() - started).toFixed(2);
    container.dataset.nodesDrawn = String(stats.nodesDrawn);
    container.dataset.selectedDrawn = stats.selectedDrawn ? (this.selectedKey ?? "") : "";
    container.dataset.zoom = this.cam.scale.toFixed(3);
    if (!this.painted && stats.nodesDrawn > 0) {
      this.painted = true;
      const firstPaintMs = performance.now() - this.o.mountedAt;
      container.dataset.firstPaintMs = firstPaintMs.toFixed(1);
      window.dispatchEvent(
        new CustomEvent("argosy-graph-painted", {
          detail: { nodesDrawn: stats.nodesDrawn, firstPaintMs, at: performance.now() },
        }),
      );
    }
  }
}
