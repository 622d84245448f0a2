/** The graph of a workflow (`ui/src/graph/`), in a box that fills the page's view area. */
import { WorkflowGraph } from "../../graph/index.js";
import type { NodeListProps } from "./node-list.js";

export function GraphPane(props: NodeListProps) {
  return (
    <div className="graph-pane">
      <WorkflowGraph {...props} />
    </div>
  );
}
