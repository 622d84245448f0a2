/**
 * The workflow as YAML. A big workflow's node map is left out unless asked for (YAML of 10,000
 * nodes is megabytes of text); with it, the text is a snapshot refreshed on request rather than
 * re-rendered on every live update.
 */
import { useMemo, useState } from "react";
import { YamlView } from "../../components/yaml-view.js";
import type { Workflow } from "../../types.js";

const bigWorkflowNodes = 200;

export function YamlPane({ workflow }: { workflow: Workflow }) {
  const count = Object.keys(workflow.status?.nodes ?? {}).length;
  const big = count > bigWorkflowNodes;
  const [withNodes, setWithNodes] = useState(false);
  const [snapshot, setSnapshot] = useState<Workflow>();
  const value = useMemo(() => {
    if (!big) return workflow;
    if (withNodes) return snapshot ?? workflow;
    const { nodes: _nodes, ...status } = workflow.status ?? {};
    return { ...workflow, status };
  }, [workflow, big, withNodes, snapshot]);
  return (
    <div className="yaml-pane">
      {big ? (
        <p className="notice">
          {withNodes ? (
            <>
              Snapshot including {count} nodes.{" "}
              <button type="button" className="link-button" onClick={() => setSnapshot(workflow)}>
                Refresh
              </button>{" "}
              <button type="button" className="link-button" onClick={() => setWithNodes(false)}>
                Hide nodes
              </button>
            </>
          ) : (
            <>
              status.nodes ({count} nodes) is not shown.{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setSnapshot(workflow);
                  setWithNodes(true);
                }}
              >
                Show all nodes
              </button>
            </>
          )}
        </p>
      ) : null}
      <YamlView value={value} label="Workflow YAML" />
    </div>
  );
}
