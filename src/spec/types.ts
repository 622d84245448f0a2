/**
 * Argo Workflows kinds (argoproj.io/v1alpha1, v4.1 field names) as TypeScript types.
 *
 * Only the fields Argosy reads are typed precisely; Kubernetes-only pod shaping fields are kept as
 * `unknown` so that manifests carrying them type-check and round-trip unchanged.
 */

export type AnyString = string | number | boolean;

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
}

/** Kubernetes' owner reference: deleting the owner deletes this object (cascade). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ValueFrom {
  path?: string;
  default?: AnyString;
  parameter?: string;
  expression?: string;
  jsonPath?: string;
  jqFilter?: string;
  event?: string;
  supplied?: Record<string, never>;
  configMapKeyRef?: { name: string; key: string; optional?: boolean };
}

export interface Parameter {
  name: string;
  value?: AnyString;
  default?: AnyString;
  valueFrom?: ValueFrom;
  globalName?: string;
  enum?: AnyString[];
  description?: string;
}

export interface Artifact {
  name: string;
  path?: string;
  from?: string;
  fromExpression?: string;
  optional?: boolean;
  globalName?: string;
  mode?: number;
  raw?: { data: string };
  archive?: unknown;
  s3?: unknown;
  http?: unknown;
  git?: unknown;
  artifactGC?: unknown;
  subPath?: string;
  /** Argosy's local artifact repository (a directory under ARGOSY_HOME). */
  local?: { key: string };
  gcs?: unknown;
  azure?: unknown;
  oss?: unknown;
  hdfs?: unknown;
  artifactory?: unknown;
  [location: string]: unknown;
}

export interface Arguments {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Inputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
}

export interface Outputs {
  parameters?: Parameter[];
  artifacts?: Artifact[];
  result?: string;
  exitCode?: string;
}

export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  workingDir?: string;
  volumeMounts?: { name: string; mountPath: string; subPath?: string; readOnly?: boolean }[];
  [k8sOnly: string]: unknown;
}

export interface ScriptTemplate extends Container {
  source: string;
}

export interface TemplateRef {
  name: string;
  template: string;
  clusterScope?: boolean;
}

export interface ContinueOn {
  failed?: boolean;
  error?: boolean;
}

export interface Sequence {
  count?: AnyString;
  start?: AnyString;
  end?: AnyString;
  format?: string;
}

export interface LifecycleHook {
  template?: string;
  templateRef?: TemplateRef;
  arguments?: Arguments;
  expression?: string;
}

/** One invocation of a template: a step of a `steps` template or (with DAG fields) a DAG task. */
export interface WorkflowStep {
  name: string;
  template?: string;
  templateRef?: TemplateRef;
  inline?: Template;
  arguments?: Arguments;
  withItems?: unknown[];
  withParam?: string;
  withSequence?: Sequence;
  when?: string;
  continueOn?: ContinueOn;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
}

export interface DAGTask extends WorkflowStep {
  dependencies?: string[];
  depends?: string;
}

export interface DAGTemplate {
  target?: string;
  failFast?: boolean;
  tasks: DAGTask[];
}

export interface SuspendTemplate {
  duration?: AnyString;
}

export interface RetryStrategy {
  limit?: AnyString;
  retryPolicy?: "Always" | "OnFailure" | "OnError" | "OnTransientError";
  backoff?: { duration?: AnyString; factor?: AnyString; maxDuration?: AnyString; cap?: AnyString };
  expression?: string;
  affinity?: unknown;
}

export interface Template {
  name: string;
  inputs?: Inputs;
  outputs?: Outputs;
  container?: Container;
  script?: ScriptTemplate;
  steps?: WorkflowStep[][];
  dag?: DAGTemplate;
  suspend?: SuspendTemplate;
  resource?: Record<string, unknown>;
  data?: Record<string, unknown>;
  http?: Record<string, unknown>;
  plugin?: Record<string, unknown>;
  containerSet?: Record<string, unknown>;
  retryStrategy?: RetryStrategy;
  activeDeadlineSeconds?: AnyString;
  timeout?: string;
  parallelism?: number;
  failFast?: boolean;
  daemon?: boolean;
  initContainers?: Container[];
  sidecars?: Container[];
  volumes?: unknown[];
  memoize?: unknown;
  synchronization?: unknown;
  metrics?: unknown;
  annotations?: Record<string, string>;
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  [k8sOnly: string]: unknown;
}

/** The template types a template may have; exactly one must be set. */
export const templateTypes = [
  "container",
  "script",
  "steps",
  "dag",
  "suspend",
  "resource",
  "data",
  "http",
  "plugin",
  "containerSet",
] as const;
export type TemplateType = (typeof templateTypes)[number];

export interface WorkflowSpec {
  entrypoint?: string;
  templates?: Template[];
  arguments?: Arguments;
  onExit?: string;
  hooks?: Record<string, LifecycleHook>;
  activeDeadlineSeconds?: number;
  parallelism?: number;
  suspend?: boolean;
  shutdown?: "Stop" | "Terminate";
  retryStrategy?: RetryStrategy;
  templateDefaults?: Partial<Template>;
  workflowTemplateRef?: { name: string; clusterScope?: boolean };
  synchronization?: unknown;
  priority?: number;
  metrics?: unknown;
  podMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  volumes?: unknown[];
  volumeClaimTemplates?: unknown[];
  [k8sOnly: string]: unknown;
}

export type NodePhase = "Pending" | "Running" | "Succeeded" | "Skipped" | "Failed" | "Error" | "Omitted";
export type WorkflowPhase = "" | "Pending" | "Running" | "Succeeded" | "Failed" | "Error";
export type NodeType =
  | "Pod"
  | "Container"
  | "Steps"
  | "StepGroup"
  | "DAG"
  | "TaskGroup"
  | "Retry"
  | "Skipped"
  | "Suspend"
  | "HTTP"
  | "Plugin";

export interface NodeStatus {
  id: string;
  name: string;
  displayName: string;
  type: NodeType;
  templateName?: string;
  templateRef?: TemplateRef;
  templateScope?: string;
  phase: NodePhase;
  boundaryID?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  progress?: string;
  inputs?: Inputs;
  outputs?: Outputs;
  children?: string[];
  outboundNodes?: string[];
  hostNodeName?: string;
  podIP?: string;
  daemoned?: boolean;
  nodeFlag?: { hooked?: boolean; retried?: boolean };
  synchronizationStatus?: { waiting?: string };
  memoizationStatus?: { hit: boolean; key: string; cacheName: string };
}

export interface WorkflowStatus {
  phase?: WorkflowPhase;
  startedAt?: string;
  finishedAt?: string;
  message?: string;
  progress?: string;
  nodes?: Record<string, NodeStatus>;
  outputs?: Outputs;
  conditions?: { type: string; status: string; message?: string }[];
  storedTemplates?: Record<string, Template>;
  storedWorkflowTemplateSpec?: WorkflowSpec;
  synchronization?: Record<string, unknown>;
  persistentVolumeClaims?: { name: string; persistentVolumeClaim: { claimName: string } }[];
  artifactRepositoryRef?: Record<string, unknown>;
  artifactGCStatus?: Record<string, unknown>;
}

export interface Workflow {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "Workflow";
  metadata: ObjectMeta;
  spec: WorkflowSpec;
  status?: WorkflowStatus;
}

export interface WorkflowTemplate {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "WorkflowTemplate" | "ClusterWorkflowTemplate";
  metadata: ObjectMeta;
  spec: WorkflowSpec;
}

export interface CronWorkflow {
  apiVersion: "argoproj.io/v1alpha1";
  kind: "CronWorkflow";
  metadata: ObjectMeta;
  spec: {
    schedules?: string[];
    timezone?: string;
    concurrencyPolicy?: "Allow" | "Forbid" | "Replace";
    suspend?: boolean;
    workflowSpec: WorkflowSpec;
    workflowMetadata?: ObjectMeta;
    [other: string]: unknown;
  };
  status?: Record<string, unknown>;
}

export interface ConfigMap {
  apiVersion: "v1";
  kind: "ConfigMap";
  metadata: ObjectMeta;
  data?: Record<string, string>;
}

export interface Secret {
  apiVersion: "v1";
  kind: "Secret";
  metadata: ObjectMeta;
  data?: Record<string, string>;
  stringData?: Record<string, string>;
  type?: string;
}

export type ArgoObject = Workflow | WorkflowTemplate | CronWorkflow | ConfigMap | Secret;
export type Kind = ArgoObject["kind"];

/** True when the phase can no longer change. */
export const isCompletedPhase = (p: NodePhase): boolean =>
  p === "Succeeded" || p === "Failed" || p === "Error";
/** Argo's "fulfilled": completed, or skipped/omitted. */
export const isFulfilledPhase = (p: NodePhase): boolean =>
  isCompletedPhase(p) || p === "Skipped" || p === "Omitted";
export const isFailurePhase = (p: NodePhase): boolean => p === "Failed" || p === "Error";
