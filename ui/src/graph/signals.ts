/**
 * What the graph tells tests, the bench and the page about its frames, on its container element:
 * `data-nodes-drawn`, `data-draw-ms`, `data-zoom`, `data-selected-drawn` every frame, and once,
 * when the first frame with nodes is drawn, `data-first-paint-ms` (from the component's mount)
 * plus the window event `argosy-graph-painted` with `{nodesDrawn, firstPaintMs, at}`.
 */

export const PAINTED_EVENT = "argosy-graph-painted";

export interface FrameReport {
  nodesDrawn: number;
  drawMs: number;
  zoom: number;
  /** The selected node's id when this frame shows it, else "". */
  selectedDrawn: string;
}

export function reportFrame(container: HTMLElement, r: FrameReport): void {
  container.dataset.nodesDrawn = String(r.nodesDrawn);
  container.dataset.drawMs = r.drawMs.toFixed(2);
  container.dataset.zoom = r.zoom.toFixed(3);
  container.dataset.selectedDrawn = r.selectedDrawn;
}

export function reportFirstPaint(container: HTMLElement, nodesDrawn: number, mountedAt: number): void {
  const at = performance.now();
  const firstPaintMs = at - mountedAt;
  container.dataset.firstPaintMs = firstPaintMs.toFixed(1);
  window.dispatchEvent(new CustomEvent(PAINTED_EVENT, { detail: { nodesDrawn, firstPaintMs, at } }));
}
