/**
 * The graph view with its input: a click selects a node or opens a collapsed group, hovering
 * shows the node's card, arrow keys move a cursor between neighbours (announced to screen
 * readers), and the test hooks find nodes on screen. Layout, camera and frames are
 * {@link GraphCanvas}'s.
 */
import { panToShow, toWorld } from "./camera.js";
import { attachGestures } from "./gestures.js";
import { GraphCanvas, type GraphViewOptions } from "./graph-canvas.js";
import { keyAction, moveCursor } from "./keyboard-nav.js";
import { describeNode } from "./phase.js";
import { showTooltip } from "./tooltip.js";

export type { GraphViewOptions } from "./graph-canvas.js";

export class GraphView extends GraphCanvas {
  constructor(o: GraphViewOptions) {
    super(o);
    this.cleanup.push(
      attachGestures(o.canvas, {
        pan: (dx, dy) => this.moveCamera({ ...this.cam, tx: this.cam.tx + dx, ty: this.cam.ty + dy }),
        zoom: (f, x, y) => this.zoomBy(f, x, y),
        click: (x, y) => this.click(x, y),
        hover: (x, y) => this.hoverAt(x, y),
        leave: () => this.hoverAt(-1, -1),
      }),
    );
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
    this.o.tooltip.hidden = true;
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
    const action = keyAction(e);
    if (!laid || !action) return false;
    switch (action.type) {
      case "move": {
        const from = this.keyboard ? this.indexOf(this.cursorKey) : this.indexOf(this.selectedKey);
        const to = moveCursor(laid.nav, from, action.key);
        if (to < 0) return true;
        this.keyboard = true;
        const node = this.drawnNode(to);
        this.cursorKey = node.key;
        this.moveCamera(panToShow(this.cam, this.boxOf(to), ...this.size()), false);
        this.o.onAnnounce(describeNode(node, this.nodes[node.key]));
        return true;
      }
      case "activate": {
        const i = this.keyboard ? this.indexOf(this.cursorKey) : -1;
        if (i >= 0) this.activate(i);
        return i >= 0;
      }
      case "zoom":
        this.zoomBy(action.factor);
        return true;
      case "fit":
        this.resetView();
        return true;
      case "leave":
        this.keyboard = false;
        this.requestDraw();
        return true;
    }
  }
}
