/**
 * What goes into and comes out of the engine. The engine never performs I/O: it consumes
 * observations and emits actions for the controller's driver to perform.
 */
import type { ContainerSpec } from "../spec/pod.js";
import type { Artifact, Template, Workflow, WorkflowSpec } from "../spec/types.js";
import type { MemoCache, MemoEntry } from "./memo.js";
import type { MetricSample } from "./metrics.js";

/** One container of a pod: sidecars may mirror main's mounts, containerSet containers have dependencies. */
export type PodContainer = ContainerSpec & { mirrorVolumeMounts?: boolean; dependencies?: string[] };

/**
 * A pod the driver must run. Like the executor's `PodSpec`, except that `volumes` are Kubernetes
 * volume objects (emptyDir, hostPath, configMap, secret, persistentVolumeClaim) the controller
 * resolves to host directories and files.
 */
export interface PodRequest {
  podName: string;
  nodeId: string;
  workflowName: string;
  namespace: string;
  templateName: string;
  main: PodContainer;
  script?: { source: string };
  outputParameters?: { name: string; path: string }[];
  activeDeadlineSeconds?: number;
  volumes?: unknown[];
  initContainers?: PodContainer[];
  sidecars?: PodContainer[];
  containerSet?: { containers: PodContainer[] };
  daemon?: { readinessProbe?: unknown };
  /** Input artifacts to fetch and place at their paths before the pod starts (raw ones come as volumes). */
  inputArtifacts?: Artifact[];
  /** Output artifacts to collect from their paths and save after the pod ends. */
  outputArtifacts?: Artifact[];
  /** Save main's log as the `main-logs` artifact (template `archiveLocation.archiveLogs` or `spec.archiveLogs`). */
  archiveLogs?: boolean;
}

/** What the executor reported about a finished pod. */
export interface PodOutcome {
  exitCode: number;
  result: string;
  outputParameters: Record<string, string>;
  outputErrors: Record<string, string>;
  error?: string;
  deadlineExceeded?: boolean;
  warnings: string[];
  startedAt?: string;
  finishedAt?: string;
  /** Output artifacts as saved, with their locations. */
  artifacts?: Artifact[];
  /** Why an output artifact could not be saved, by name. */
  artifactErrors?: Record<string, string>;
  /** containerSet pods: how each container ended. */
  containers?: Record<
    string,
    {
      exitCode: number;
      startedAt?: string;
      finishedAt?: string;
      result?: string;
      skipped?: boolean;
      error?: string;
    }
  >;
}

export type Observation =
  /** The pod runs (a daemon: is ready); `ip` is where it can be reached. */
  | { type: "podStarted"; nodeId: string; ip?: string }
  | { type: "podFinished"; nodeId: string; outcome: PodOutcome }
  /** A `wakeAt` the engine asked for has come. */
  | { type: "timer"; nodeId: string }
  | { type: "resume"; nodeId?: string }
  /** The locks asked for by `acquireLock` are held ("" = the workflow's own). */
  | { type: "lockAcquired"; nodeId: string }
  | { type: "lockWaiting"; nodeId: string; message: string; lock?: string }
  | { type: "lockFailed"; nodeId: string; message: string }
  /** The lock manager's view of this workflow, for `status.synchronization`. */
  | { type: "lockStatus"; synchronization: Record<string, unknown> | undefined }
  /** A resource template's action is done (with its conditions, when it had any). */
  | {
      type: "resourceDone";
      nodeId: string;
      phase: "Succeeded" | "Failed" | "Error";
      message?: string;
      outputParameters?: Record<string, string>;
    }
  /** The keys under a data template's `artifactPaths`, or why they could not be listed. */
  | { type: "artifactsListed"; nodeId: string; keys?: string[]; error?: string }
  | { type: "shutdown"; strategy: "Stop" | "Terminate"; message?: string }
  /** `argo node set`: a Suspend node's supplied outputs, and optionally its end. */
  | {
      type: "nodeSet";
      nodeId: string;
      phase?: "Succeeded" | "Failed" | "Error";
      message?: string;
      outputParameters?: Record<string, string>;
    };

export type Action =
  | { type: "startPod"; nodeId: string; pod: PodRequest }
  | { type: "killPod"; nodeId: string; podName: string }
  | { type: "wakeAt"; nodeId: string; at: string }
  | {
      type: "acquireLock";
      nodeId: string;
      holder: string;
      /** Argo's lock names, e.g. `ns/Mutex/name`, `ns/ConfigMap/cm/key`. */
      keys: string[];
      priority: number;
      creationTimestamp: string;
    }
  | { type: "releaseLock"; nodeId: string; holder: string }
  /** Store a memoized node's outputs in its cache. */
  | { type: "memoSave"; nodeId: string; cacheName: string; key: string; entry: MemoEntry }
  /** Perform a resource template's action on the store. */
  | {
      type: "applyResource";
      nodeId: string;
      action: string;
      manifest: string;
      successCondition?: string;
      failureCondition?: string;
      setOwnerReference?: boolean;
      mergeStrategy?: string;
      outputParameters: { name: string; jsonPath?: string; jqFilter?: string }[];
    }
  /** List the keys under an artifact location (for a data template). */
  | { type: "listArtifacts"; nodeId: string; location: Record<string, unknown> }
  /** Custom metric samples to export ("" = workflow-level). */
  | { type: "recordMetrics"; nodeId: string; samples: MetricSample[] };

/** Resolves a `templateRef` against (Cluster)WorkflowTemplates known to the caller. */
export type TemplateRefResolver = (ref: {
  name: string;
  clusterScope?: boolean;
  namespace: string;
}) => WorkflowSpec | undefined;

export interface EngineOptions {
  resolveTemplateRef?: TemplateRefResolver;
  /** Recorded as `status.artifactRepositoryRef` when the workflow starts. */
  artifactRepositoryRef?: Record<string, unknown>;
  /** ConfigMap values for `valueFrom.configMapKeyRef` (the controller keeps them loaded). */
  configMapValue?: (ref: { namespace: string; name: string; key: string }) => string | undefined;
  /** Memoization caches, read synchronously (the controller keeps them loaded). */
  memoCache?: MemoCache;
  /** Extra pod environment given to every pod (e.g. Argo's `ARGO_*` variables are added by the engine). */
  maxDepth?: number;
}

export interface ReconcileResult {
  workflow: Workflow;
  actions: Action[];
  /** Ids of nodes created or changed by this reconcile. */
  changedNodeIds: string[];
}

export type { Template };
