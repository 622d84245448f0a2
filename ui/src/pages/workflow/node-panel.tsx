/**
 * The side panel of the selected node: summary, inputs/outputs, its template and (for pods) the
 * live log. Escape or the close button deselects.
 */
import { useEffect, useRef, useState } from "react";
import { PhaseIcon } from "../../components/phase-icon.js";
import { TabPanel, Tabs } from "../../components/tabs.js";
import { YamlView } from "../../components/yaml-view.js";
import type { NodeStatus, Workflow } from "../../types.js";
import { NodeInputsOutputs } from "./node-io.js";
import { NodeLogs } from "./node-logs.js";
import { NodeSummary } from "./node-summary.js";
import { isPodNode, templateOf } from "./node-template.js";

type NodeTab = "summary" | "io" | "template" | "logs";

export function NodePanel({
  workflow,
  node,
  onClose,
  allowLogs = true,
}: {
  workflow: Workflow;
  node: NodeStatus;
  onClose: () => void;
  allowLogs?: boolean;
}) {
  const [tab, setTab] = useState<NodeTab>("summary");
  const ref = useRef<HTMLElement>(null);
  const pod = isPodNode(node);
  const tabs = [
    { key: "summary" as const, label: "Summary" },
    { key: "io" as const, label: "Inputs/Outputs" },
    { key: "template" as const, label: "Template" },
    ...(pod && allowLogs ? [{ key: "logs" as const, label: "Logs" }] : []),
  ];
  const current = tabs.some((t) => t.key === tab) ? tab : "summary";
  // Focus moves into the panel when it opens (not on every selection, so arrow-key walks through
  // the graph or list keep their place) and back to where it came from when it closes.
  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    ref.current?.focus({ preventScroll: true });
    return () => {
      if (opener?.isConnected) opener.focus({ preventScroll: true });
    };
  }, []);
  const template = templateOf(workflow, node);
  return (
    <aside
      ref={ref}
      className="node-panel"
      aria-label={`Node ${node.displayName}`}
      tabIndex={-1}
      onKeyDown={(e) => {
        if (e.key === "Escape") onClose();
      }}
    >
      <header className="node-panel-header">
        <h2>
          <PhaseIcon phase={node.phase} />
          {node.displayName || node.name}
        </h2>
        <button type="button" className="icon-button" aria-label="Close node panel" onClick={onClose}>
          ×
        </button>
      </header>
      <Tabs tabs={tabs} selected={current} onSelect={setTab} label="Node details" idPrefix="node" />
      <TabPanel idPrefix="node" selected={current}>
        {current === "summary" ? <NodeSummary workflow={workflow} node={node} /> : null}
        {current === "io" ? <NodeInputsOutputs workflow={workflow} node={node} /> : null}
        {current === "template" ? (
          template ? (
            <YamlView value={template} label={`Template ${template.name}`} />
          ) : (
            <p className="empty">The template of this node is not in the workflow.</p>
          )
        ) : null}
        {current === "logs" ? <NodeLogs key={node.id} workflow={workflow} node={node} /> : null}
      </TabPanel>
    </aside>
  );
}
