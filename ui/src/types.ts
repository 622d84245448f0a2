/** Argo's kinds, shared with the server's own definitions (type-only: nothing of src/ is bundled). */
export type {
  NodePhase,
  NodeStatus,
  Workflow,
  WorkflowPhase,
  WorkflowSpec,
  WorkflowStatus,
} from "../../src/spec/types.js";
