/** Argo's kinds, shared with the server's own definitions (type-only: nothing of src/ is bundled). */
export type {
  Artifact,
  CronWorkflow,
  Inputs,
  NodePhase,
  NodeStatus,
  NodeType,
  ObjectMeta,
  Outputs,
  Parameter,
  Template,
  Workflow,
  WorkflowPhase,
  WorkflowSpec,
  WorkflowStatus,
  WorkflowTemplate,
} from "../../src/spec/types.js";

import type { Workflow } from "../../src/spec/types.js";

/** A list answer of the Argo Server (`items` is `null` when empty, as Go marshals it). */
export interface ListResponse<T> {
  metadata?: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items: T[] | null;
}

/** One message of the workflow watch stream (`data: {"result": …}`). */
export interface WatchEvent<T = Workflow> {
  type: "ADDED" | "MODIFIED" | "DELETED";
  object: T;
}

/** One message of the log stream. */
export interface LogEntry {
  content: string;
  podName: string;
}

/** `/api/v1/version`. */
export interface VersionInfo {
  version: string;
  buildDate?: string;
  gitCommit?: string;
  gitTag?: string;
  gitTreeState?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
}
