/** The workflow graph: a canvas view of a workflow's node tree that stays usable at 10,000 nodes. */

export { prewarmLayoutWorker as prewarmGraphLayout } from "./layout-client.js";
export { WorkflowGraph, type WorkflowGraphProps } from "./workflow-graph.js";
