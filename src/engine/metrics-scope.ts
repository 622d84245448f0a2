/**
 * The variables a custom metric can read, built as Argo's `prepareDefaultMetricScope` and
 * `prepareMetricScope` build them: the workflow's globals, then the node's `status`, `duration`,
 * `retries`, `exitCode`, inputs, outputs and `resourcesDuration.*`.
 */
import type { NodePhase, NodeStatus, Workflow, WorkflowPhase } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import { formatGoFixed, formatGoFloat } from "./metrics-go.js";
import { paramString } from "./vars.js";

/** A node as metrics see it: Argo's `NodeStatus` also carries `resourcesDuration` (seconds by resource). */
export type MetricNode = NodeStatus & { resourcesDuration?: Readonly<Record<string, number>> };

/** Options of {@link metricScope}. */
export interface MetricScopeOptions {
  /** Workflow-level variables (`workflow.name`, `workflow.parameters.*`, `workflow.status`…) put under every metric. */
  globals?: ReadonlyMap<string, string>;
  /**
   * The current time, for the `duration` of a node that has not finished.
   * @default the node's start (a `duration` of 0)
   */
  nowMs?: number;
  /** Seconds of each resource the node used; overrides `node.resourcesDuration`. */
  resourcesDuration?: Readonly<Record<string, number>>;
}

/**
 * Variables usable as a realtime gauge's value. At node level Argo offers `duration` and
 * `workflow.duration`; the workflow-level pass at the start of each reconcile offers only the latter.
 */
export const nodeRealtimeVariables: ReadonlySet<string> = new Set(["duration", "workflow.duration"]);
/** Realtime variables of the workflow-level pass that runs before the workflow completes. */
export const workflowStartRealtimeVariables: ReadonlySet<string> = new Set(["workflow.duration"]);

/**
 * The scope before any node is known: globals plus placeholders (`duration` "0", `status` "Pending",
 * `resourcesDuration.cpu`/`memory` "0"), as Argo gives workflow-level metrics while the workflow runs.
 */
export function defaultMetricScope(globals?: ReadonlyMap<string, string>): Map<string, string> {
  const scope = new Map(globals ?? []);
  scope.set("duration", "0");
  scope.set("status", "Pending");
  scope.set("resourcesDuration.cpu", "0");
  scope.set("resourcesDuration.memory", "0");
  return scope;
}

/**
 * The template-level metric scope of `node`: {@link defaultMetricScope} overlaid with the node's
 * `status`, `duration` (seconds as `%f`), `retries` (children − 1, whenever the node has children),
 * `inputs.parameters.*`, `outputs.parameters.*`, `outputs.result`, `exitCode` and
 * `resourcesDuration.*`.
 */
export function metricScope(node: MetricNode, options: MetricScopeOptions = {}): Map<string, string> {
  const scope = defaultMetricScope(options.globals);
  scope.set("duration", formatGoFixed(nodeDurationSeconds(node, options.nowMs)));
  const children = node.children?.length ?? 0;
  if (children > 0) scope.set("retries", String(children - 1));
  if (node.phase) scope.set("status", node.phase);
  for (const p of node.inputs?.parameters ?? [])
    scope.set(`inputs.parameters.${p.name}`, paramString(p.value));
  const outputs = node.outputs;
  if (outputs?.result !== undefined) scope.set("outputs.result", outputs.result);
  if (outputs?.exitCode !== undefined) scope.set("exitCode", outputs.exitCode);
  for (const p of outputs?.parameters ?? []) scope.set(`outputs.parameters.${p.name}`, paramString(p.value));
  const resources = options.resourcesDuration ?? node.resourcesDuration ?? {};
  for (const [name, seconds] of Object.entries(resources)) {
    scope.set(`resourcesDuration.${name}`, formatGoFloat(seconds));
  }
  return scope;
}

/**
 * The workflow-level metric scope. Once the root node is fulfilled (the completion pass) it is the
 * root node's {@link metricScope} with `workflow.status` taken from the root's phase (Skipped and
 * Omitted count as Succeeded, as in Argo, where an exit handler's failure does not show here);
 * before that it is {@link defaultMetricScope} with `workflow.status` the workflow's phase.
 * `workflow.duration` is finishedAt − startedAt once completed, else now − startedAt (0 before start).
 */
export function workflowMetricScope(
  workflow: Workflow,
  nowMs: number,
  options: Pick<MetricScopeOptions, "globals" | "resourcesDuration"> = {},
): Map<string, string> {
  const globals = new Map(options.globals ?? []);
  const root = workflow.status?.nodes?.[workflow.metadata.name ?? ""];
  const done = root !== undefined && isFulfilledPhase(root.phase);
  globals.set("workflow.status", done ? workflowPhaseOf(root.phase) : (workflow.status?.phase ?? ""));
  globals.set("workflow.duration", formatGoFixed(workflowDurationSeconds(workflow, nowMs)));
  if (!done) return defaultMetricScope(globals);
  return metricScope(root, { ...options, globals, nowMs });
}

/** Argo's `workflowDurationSeconds`: 0 before start, the final span once completed, else the span so far. */
export function workflowDurationSeconds(workflow: Workflow, nowMs: number): number {
  const status = workflow.status;
  const started = parseTime(status?.startedAt);
  if (started === undefined) return 0;
  const completed = status?.phase === "Succeeded" || status?.phase === "Failed" || status?.phase === "Error";
  const finished = parseTime(status?.finishedAt);
  return ((completed && finished !== undefined ? finished : nowMs) - started) / 1000;
}

function nodeDurationSeconds(node: MetricNode, nowMs: number | undefined): number {
  const started = parseTime(node.startedAt);
  if (started === undefined) return 0;
  // A daemoned node counts as fulfilled once it runs (Argo's NodeStatus.Fulfilled).
  const fulfilled = isFulfilledPhase(node.phase) || (node.daemoned === true && node.phase !== "Pending");
  const end = fulfilled ? parseTime(node.finishedAt) : nowMs;
  return end === undefined ? 0 : (end - started) / 1000;
}

function workflowPhaseOf(phase: NodePhase): WorkflowPhase {
  if (phase === "Skipped" || phase === "Omitted") return "Succeeded";
  return phase;
}

function parseTime(text: string | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}
