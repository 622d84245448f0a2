/**
 * The React face of the graph. It builds the model (which groups are collapsed is its state),
 * hands it to the {@link GraphView} that draws on the canvas, and renders what the canvas cannot
 * be: the toolbar, the hover card, the accessible summary and the live region.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from "react";
import type { Workflow } from "../types.js";
import "./graph.css";
import { GraphView } from "./graph-view.js";
import { buildGraphModel, type CollapseState, defaultCollapse } from "./model.js";
import { graphSummary } from "./phase.js";
import { GraphToolbar } from "./toolbar.js";

export interface WorkflowGraphProps {
  /** The workflow, with `status.nodes` keyed by node id. */
  workflow: Workflow;
  selectedNodeId?: string | undefined;
  onSelect: (nodeId: string) => void;
  /** Highlights nodes whose displayName, name or templateName contains this; dims the rest. */
  search?: string | undefined;
}

const KEY_HELP =
  "Workflow graph. Arrow keys move between nodes, Enter selects or expands, plus and minus zoom, 0 fits the graph.";

export function WorkflowGraph({ workflow, selectedNodeId, onSelect, search }: WorkflowGraphProps) {
  const [mountedAt] = useState(() => performance.now());
  const [collapse, setCollapse] = useState<CollapseState>(defaultCollapse);
  const [announcement, setAnnouncement] = useState("");
  const nodes = workflow.status?.nodes;
  const name = workflow.metadata.name ?? "";
  // A new object with the same resourceVersion (the watch's first event repeats the GET) has the
  // same nodes: no need to build the model again.
  const version = workflow.metadata.resourceVersion ?? nodes;
  const nodesRef = useRef(nodes);
  nodesRef.current = nodes;
  // Groups found to leak stay open until the user changes what is collapsed.
  const memo = useMemo(() => ({ leaky: new Set<string>(), collapse }), [collapse]);
  const model = useMemo(
    () => buildGraphModel(version === undefined ? undefined : nodesRef.current, name, memo.collapse, memo),
    [version, name, memo],
  );
  const summary = useMemo(() => graphSummary(model), [model]);

  const container = useRef<HTMLDivElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);
  const tooltip = useRef<HTMLDivElement>(null);
  const minimap = useRef<HTMLCanvasElement>(null);
  const view = useRef<GraphView | null>(null);
  const select = useRef(onSelect);
  select.current = onSelect;
  const laidCollapse = useRef(collapse);

  useEffect(() => {
    if (!container.current || !canvas.current || !tooltip.current || !minimap.current) return;
    const v = new GraphView({
      container: container.current,
      canvas: canvas.current,
      minimap: minimap.current,
      tooltip: tooltip.current,
      mountedAt,
      onSelect: (id) => select.current(id),
      onExpand: (groupId) =>
        setCollapse((c) => ({ mode: c.mode, expanded: new Set(c.expanded).add(groupId) })),
      onAnnounce: setAnnouncement,
    });
    view.current = v;
    // For tests and the bench: where a node is on screen, so a real click can aim at it.
    Object.defineProperty(container.current, "argosyGraph", {
      value: {
        positionOf: (id: string) => v.positionOf(id),
        nodeAt: (x: number, y: number) => v.nodeAt(x, y),
      },
      configurable: true,
    });
    return () => {
      v.destroy();
      view.current = null;
    };
  }, [mountedAt]);

  useEffect(() => {
    const urgent = laidCollapse.current !== collapse;
    laidCollapse.current = collapse;
    view.current?.setModel(model, nodes ?? {}, urgent);
  }, [model, nodes, collapse]);

  useEffect(() => view.current?.setSelected(selectedNodeId), [selectedNodeId]);
  useEffect(() => view.current?.setSearch(search ?? ""), [search]);

  // A node selected elsewhere (the node list, a link) that sits in a collapsed group: open the group.
  useEffect(() => {
    const box = selectedNodeId ? model.hiddenIn.get(selectedNodeId) : undefined;
    const group = box === undefined ? undefined : model.nodes[model.index.get(box) ?? -1]?.groupId;
    if (group) setCollapse((c) => ({ mode: c.mode, expanded: new Set(c.expanded).add(group) }));
  }, [model, selectedNodeId]);

  const selected = selectedNodeId ? nodes?.[selectedNodeId] : undefined;
  const selectedText = selected ? `Selected ${selected.displayName || selected.name}, ${selected.phase}` : "";
  useEffect(() => {
    if (selectedText) setAnnouncement(selectedText);
  }, [selectedText]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.target !== e.currentTarget) return;
    if (view.current?.key(e.nativeEvent)) e.preventDefault();
  };

  return (
    <div
      ref={container}
      className="wg"
      data-testid="workflow-graph"
      role="application"
      aria-label={KEY_HELP}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the graph is one keyboard widget (arrow keys move between nodes)
      tabIndex={0}
      onKeyDown={onKeyDown}
    >
      <canvas ref={canvas} className="wg-canvas" role="img" aria-label={summary} />
      {model.nodes.length === 0 && <div className="wg-empty">No nodes yet</div>}
      <GraphToolbar
        onZoomIn={() => view.current?.zoomBy(1.25)}
        onZoomOut={() => view.current?.zoomBy(0.8)}
        onFit={() => view.current?.resetView()}
        onExpandAll={() => setCollapse({ mode: "expanded", expanded: new Set() })}
        onCollapseAll={() => setCollapse({ mode: "collapsed", expanded: new Set() })}
      />
      {/* Pointer-only shortcut; keyboard users move with the arrows. */}
      <div aria-hidden="true">
        <canvas ref={minimap} className="wg-minimap" hidden />
      </div>
      <div ref={tooltip} className="wg-tooltip" hidden />
      <div className="wg-sr" role="status" aria-live="polite">
        {announcement}
      </div>
    </div>
  );
}
