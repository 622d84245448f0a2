/** The graph's buttons: zoom in and out, fit to screen, expand and collapse every group. */

export interface GraphToolbarProps {
  onZoomIn: () => void;
  onZoomOut: () => void;
  onFit: () => void;
  onExpandAll: () => void;
  onCollapseAll: () => void;
}

export function GraphToolbar(p: GraphToolbarProps) {
  return (
    <div className="wg-toolbar" role="toolbar" aria-label="Graph controls">
      <button type="button" aria-label="Zoom in" title="Zoom in (+)" onClick={p.onZoomIn}>
        +
      </button>
      <button type="button" aria-label="Zoom out" title="Zoom out (−)" onClick={p.onZoomOut}>
        −
      </button>
      <button type="button" aria-label="Fit graph to screen" title="Fit to screen (0)" onClick={p.onFit}>
        Fit
      </button>
      <span className="wg-sep" aria-hidden="true" />
      <button type="button" aria-label="Expand all groups" title="Expand all groups" onClick={p.onExpandAll}>
        Expand all
      </button>
      <button
        type="button"
        aria-label="Collapse all groups"
        title="Collapse all groups"
        onClick={p.onCollapseAll}
      >
        Collapse all
      </button>
    </div>
  );
}
