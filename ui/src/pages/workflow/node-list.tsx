/**
 * Every node as a keyboard-friendly list in tree order (indented by depth): the accessible
 * alternative to the graph, virtualised for 10,000 nodes.
 */
import { useMemo } from "react";
import { PhaseIcon } from "../../components/phase-icon.js";
import { Duration } from "../../components/time.js";
import { VirtualList } from "../../components/virtual-list.js";
import type { Workflow } from "../../types.js";
import { matchesSearch, treeOrder } from "./node-order.js";

export interface NodeListProps {
  workflow: Workflow;
  selectedNodeId?: string | undefined;
  onSelect: (nodeId: string) => void;
  search?: string | undefined;
}

export function NodeList({ workflow, selectedNodeId, onSelect, search }: NodeListProps) {
  const ordered = useMemo(() => treeOrder(workflow), [workflow]);
  const shown = useMemo(
    () => (search ? ordered.filter((o) => matchesSearch(o.node, search)) : ordered),
    [ordered, search],
  );
  const selectedIndex = shown.findIndex((o) => o.node.id === selectedNodeId);
  if (shown.length === 0)
    return <p className="empty">{search ? "No node matches the search." : "No nodes yet."}</p>;
  return (
    <VirtualList
      className="node-list"
      label="Nodes"
      role="list"
      count={shown.length}
      rowHeight={30}
      scrollToIndex={selectedIndex}
      renderRow={(i) => {
        const { node, depth } = shown[i] as (typeof shown)[number];
        return (
          <button
            type="button"
            className={node.id === selectedNodeId ? "node-row selected" : "node-row"}
            style={{ paddingLeft: 8 + Math.min(depth, 20) * 16 }}
            aria-pressed={node.id === selectedNodeId}
            data-node-id={node.id}
            onClick={() => onSelect(node.id)}
          >
            <PhaseIcon phase={node.phase} />
            <span className="node-name">{node.displayName || node.name}</span>
            <span className="muted node-type">{node.type}</span>
            <span className="muted node-duration">
              <Duration
                start={node.startedAt}
                end={node.finishedAt ?? (node.phase === "Running" ? undefined : node.startedAt)}
              />
            </span>
          </button>
        );
      }}
    />
  );
}
