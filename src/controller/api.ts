/**
 * What the server (and anything else in-process) may ask of the running controller. Reads go to
 * the Store directly; everything that changes a workflow's course goes through here, so the
 * controller's running state and the stored state never disagree.
 *
 * Every method throws an ArgosyError: `NotFound` for a missing workflow, `Invalid` for bad input
 * (a manifest that fails lint, an unknown node selector), `Conflict` when the operation does not
 * apply in the workflow's current state (retrying a running workflow, resuming one not suspended).
 */
import type { Artifact, Workflow } from "../spec/types.js";
import type { FetchedArtifact } from "./artifact-fetch.js";
import type { ArtifactIO } from "./pod-artifacts.js";

export type { FetchedArtifact } from "./artifact-fetch.js";

export interface SubmitWorkflowOptions {
  /** Validate and return the workflow as it would be created, without storing it. */
  dryRun?: boolean;
}

export interface RetryOptions {
  /** Also re-run Succeeded nodes matched by `nodeFieldSelector`. */
  restartSuccessful?: boolean;
  /** Argo's node field selector, e.g. `displayName=step-a` or `templateName=flaky,phase=Failed`. */
  nodeFieldSelector?: string;
  /** `NAME=VALUE` workflow parameters to change. */
  parameters?: string[];
}

export interface ResubmitOptions {
  /** Keep the results of nodes that succeeded (Argo's `--memoized`). */
  memoized?: boolean;
  parameters?: string[];
}

export interface StopOptions {
  message?: string;
  nodeFieldSelector?: string;
}

export interface SetNodeOptions {
  nodeFieldSelector: string;
  /** `Succeeded`, `Failed` or `Error`. */
  phase?: string;
  message?: string;
  /** Output parameters to set on the node (Suspend nodes only), by name. */
  outputParameters?: Record<string, string>;
}

/** One pod of a workflow, for logs. */
export interface WorkflowPod {
  podName: string;
  nodeId: string;
  /** Node display name. */
  displayName: string;
  /** True while the pod may still write to its logs. */
  running: boolean;
}

/** Figures for `/metrics` (Argo's controller metrics where they exist). */
export interface ControllerStats {
  /** Workflows waiting for a reconcile turn. */
  queueDepth: number;
  /** Workflows the controller is running now. */
  activeWorkflows: number;
  /** Pods running now, and pods waiting for a free slot. */
  runningPods: number;
  pendingPods: number;
  /** Reconcile turns done, and the seconds they took in total (engine + commit). */
  reconciles: number;
  reconcileSeconds: number;
  /** Errors the controller caught and turned into a workflow's Error (never a crash). */
  errors: number;
}

export interface ControllerApi {
  /** Lints, stores and starts a workflow (a `generateName` gets its name here). */
  submit(workflow: Workflow, options?: SubmitWorkflowOptions): Promise<Workflow>;
  suspend(namespace: string, name: string): Promise<Workflow>;
  resume(namespace: string, name: string, options?: { nodeFieldSelector?: string }): Promise<Workflow>;
  stop(namespace: string, name: string, options?: StopOptions): Promise<Workflow>;
  terminate(namespace: string, name: string): Promise<Workflow>;
  retry(namespace: string, name: string, options?: RetryOptions): Promise<Workflow>;
  /** Creates and starts a new workflow from this one's spec; returns the new one. */
  resubmit(namespace: string, name: string, options?: ResubmitOptions): Promise<Workflow>;
  setNode(namespace: string, name: string, options: SetNodeOptions): Promise<Workflow>;
  /** Stops it, removes it with its pods, and collects OnWorkflowDeletion artifacts; false when missing. */
  deleteWorkflow(namespace: string, name: string): Promise<boolean>;
  /** Starts a stored workflow the controller does not run yet (e.g. created directly in the store). */
  adopt(namespace: string, name: string): Promise<void>;

  /** The pods of a workflow, in node order. */
  pods(workflow: Workflow): WorkflowPod[];
  /**
   * Where a container's log is (lines `2024-01-01T00:00:00.123456789Z text`); the file may not
   * exist yet (pod pending) or any more (pod garbage-collected).
   */
  logPath(podName: string, container?: string): string;
  /** The artifact repository of a workflow, to read its artifacts. */
  artifactIO(workflow: Workflow): Promise<ArtifactIO>;
  /** Loads one of the workflow's artifacts (or a `file` inside it) into a temporary place; `NotFound` when absent. */
  fetchArtifact(workflow: Workflow, artifact: Artifact, file?: string): Promise<FetchedArtifact>;
  stats(): ControllerStats;
}
