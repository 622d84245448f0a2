/**
 * A workflow's page body, shared by live and archived workflows: summary, then Graph / Nodes /
 * Timeline / YAML with a node search, and the selected node's panel beside them. The tab and the
 * node live in the URL (`?tab=timeline&node=<id>`) so a node can be linked to.
 */
import { type ReactNode, useId } from "react";
import { TabPanel, Tabs } from "../../components/tabs.js";
import { navigate, type Route } from "../../router.js";
import type { Workflow } from "../../types.js";
import { GraphPane } from "./graph-pane.js";
import { NodeList } from "./node-list.js";
import { NodePanel } from "./node-panel.js";
import { Timeline } from "./timeline.js";
import { WorkflowSummary } from "./workflow-summary.js";
import { YamlPane } from "./yaml-pane.js";

type ViewTab = "graph" | "nodes" | "timeline" | "yaml";

const tabs: { key: ViewTab; label: string }[] = [
  { key: "graph", label: "Graph" },
  { key: "nodes", label: "Nodes" },
  { key: "timeline", label: "Timeline" },
  { key: "yaml", label: "YAML" },
];

/** Replaces one query parameter of the current location. */
function setQuery(route: Route, key: string, value: string | undefined) {
  const q = new URLSearchParams(route.query);
  if (value) q.set(key, value);
  else q.delete(key);
  const path = `#/${route.segments.map(encodeURIComponent).join("/")}`;
  const text = q.toString();
  navigate(text ? `${path}?${text}` : path, true);
}

export function WorkflowView({
  workflow,
  route,
  header,
  notice,
  allowLogs = true,
}: {
  workflow: Workflow;
  route: Route;
  header: ReactNode;
  notice?: ReactNode;
  allowLogs?: boolean;
}) {
  const searchId = useId();
  const requested = route.query.get("tab") as ViewTab | null;
  const tab: ViewTab = requested && tabs.some((t) => t.key === requested) ? requested : "graph";
  const search = route.query.get("search") ?? "";
  const nodeId = route.query.get("node") ?? undefined;
  const node = nodeId ? workflow.status?.nodes?.[nodeId] : undefined;
  const select = (id: string) => setQuery(route, "node", id === nodeId ? undefined : id);
  const paneProps = { workflow, selectedNodeId: nodeId, onSelect: select, search };
  return (
    <>
      {header}
      {notice}
      <details className="summary-toggle" open>
        <summary>Summary</summary>
        <WorkflowSummary workflow={workflow} />
      </details>
      <div className="view-bar">
        <Tabs
          tabs={tabs}
          selected={tab}
          onSelect={(t) => setQuery(route, "tab", t === "graph" ? undefined : t)}
          label="Workflow views"
          idPrefix="wf"
        />
        {tab !== "yaml" ? (
          <div className="node-search">
            <label htmlFor={searchId} className="sr-only">
              Search nodes
            </label>
            <input
              id={searchId}
              type="search"
              placeholder="Search nodes"
              value={search}
              onChange={(e) => setQuery(route, "search", e.target.value || undefined)}
            />
          </div>
        ) : null}
      </div>
      <div className={node ? "view-body with-panel" : "view-body"}>
        <TabPanel idPrefix="wf" selected={tab}>
          {tab === "graph" ? <GraphPane {...paneProps} /> : null}
          {tab === "nodes" ? <NodeList {...paneProps} /> : null}
          {tab === "timeline" ? <Timeline {...paneProps} /> : null}
          {tab === "yaml" ? <YamlPane workflow={workflow} /> : null}
        </TabPanel>
        {node ? (
          <NodePanel
            workflow={workflow}
            node={node}
            allowLogs={allowLogs}
            onClose={() => setQuery(route, "node", undefined)}
          />
        ) : null}
      </div>
    </>
  );
}
