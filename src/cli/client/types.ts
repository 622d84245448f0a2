/**
 * The JSON shapes of Argo Server's REST API that the CLI reads and sends (field names as in
 * Argo's swagger). Objects themselves use the kinds of src/spec.
 */
import type { CronWorkflow, Workflow, WorkflowTemplate } from "../../spec/types.js";

export interface ListMeta {
  continue?: string;
  resourceVersion?: string;
}

/** A list answer; Argo sends `items: null` for an empty list. */
export interface ObjectList<T> {
  metadata?: ListMeta;
  items?: T[] | null;
}

export type WorkflowList = ObjectList<Workflow>;
export type WorkflowTemplateList = ObjectList<WorkflowTemplate>;
export type CronWorkflowList = ObjectList<CronWorkflow>;

/** One message of `/api/v1/workflow-events/{namespace}`. */
export interface WorkflowWatchEvent {
  type?: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR" | string;
  object?: Workflow;
}

/** One message of `/api/v1/workflows/{namespace}/{name}/log`. */
export interface LogEntry {
  podName?: string;
  content?: string;
}

/** Argo's `SubmitOpts`, used by `POST /api/v1/workflows/{namespace}/submit`. */
export interface SubmitOpts {
  name?: string;
  generateName?: string;
  entryPoint?: string;
  parameters?: string[];
  serviceAccount?: string;
  labels?: string;
  annotations?: string;
  priority?: number;
  dryRun?: boolean;
  serverDryRun?: boolean;
}

/** `PodLogOptions` as query parameters (`logOptions.*`). */
export interface LogOptions {
  container?: string;
  follow?: boolean;
  previous?: boolean;
  sinceSeconds?: number;
  /** RFC 3339 time; sent as `logOptions.sinceTime.seconds`. */
  sinceTime?: string;
  tailLines?: number;
  timestamps?: boolean;
}

export interface VersionInfo {
  version?: string;
  buildDate?: string;
  gitCommit?: string;
  platform?: string;
}
