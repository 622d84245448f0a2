/** WorkflowService calls: list, get, create, lint, submit from a template, and state changes. */
import type { ListResponse, Workflow } from "../types.js";
import { query, request, seg } from "./client.js";

/** What the workflow list can be narrowed by (Argo's list options). */
export interface WorkflowListOptions {
  /** Namespace, or "" for all namespaces. */
  namespace: string;
  limit?: number;
  continueToken?: string;
  labelSelector?: string;
  namePrefix?: string;
  /** ISO time: only workflows started after it. */
  startedAfter?: string;
}

const base = (ns: string) => (ns ? `/api/v1/workflows/${seg(ns)}` : "/api/v1/workflows/");

/** Lists workflows (live first, then archived ones, as the server merges them). */
export function listWorkflows(o: WorkflowListOptions, signal?: AbortSignal) {
  const fields: string[] = [];
  if (o.namePrefix) fields.push(`metadata.name=${o.namePrefix}`);
  if (o.startedAfter) fields.push(`spec.startedAt>${o.startedAfter}`);
  const q = query({
    "listOptions.limit": o.limit,
    "listOptions.continue": o.continueToken,
    "listOptions.labelSelector": o.labelSelector,
    "listOptions.fieldSelector": fields.join(","),
    nameFilter: o.namePrefix ? "Prefix" : undefined,
  });
  return request<ListResponse<Workflow>>(`${base(o.namespace)}${q}`, signal ? { signal } : {});
}

export function getWorkflow(ns: string, name: string, signal?: AbortSignal) {
  return request<Workflow>(`${base(ns)}/${seg(name)}`, signal ? { signal } : {});
}

export function createWorkflow(ns: string, workflow: unknown) {
  return request<Workflow>(base(ns), { method: "POST", body: { workflow } });
}

export function deleteWorkflow(ns: string, name: string) {
  return request<object>(`${base(ns)}/${seg(name)}`, { method: "DELETE" });
}

/** The state changes of a workflow, each a PUT on `/{ns}/{name}/{action}`. */
export type WorkflowAction = "retry" | "resubmit" | "suspend" | "resume" | "stop" | "terminate";

export function workflowAction(ns: string, name: string, action: WorkflowAction, body: object = {}) {
  return request<Workflow>(`${base(ns)}/${seg(name)}/${action}`, { method: "PUT", body });
}

/** Submits a Workflow made from a template or cron workflow (`/submit`). */
export interface SubmitFromOptions {
  namespace: string;
  kind: "WorkflowTemplate" | "ClusterWorkflowTemplate" | "CronWorkflow";
  name: string;
  entryPoint?: string;
  /** `name=value` strings. */
  parameters?: string[];
  /** `k=v,k2=v2`. */
  labels?: string;
}

export function submitFrom(o: SubmitFromOptions) {
  const submitOptions: Record<string, unknown> = { parameters: o.parameters ?? [] };
  if (o.entryPoint) submitOptions.entryPoint = o.entryPoint;
  if (o.labels) submitOptions.labels = o.labels;
  return request<Workflow>(`${base(o.namespace)}/submit`, {
    method: "POST",
    body: { resourceKind: o.kind, resourceName: o.name, submitOptions },
  });
}

/** Validates a manifest; resolves when valid, throws the server's 400 otherwise. */
export function lintWorkflow(ns: string, workflow: unknown, signal?: AbortSignal) {
  return request<Workflow>(`${base(ns)}/lint`, {
    method: "POST",
    body: { workflow },
    ...(signal ? { signal } : {}),
  });
}

/** URL of the watch stream (SSE) for a namespace ("" = all), optionally one workflow. */
export function watchUrl(ns: string, o: { name?: string; labelSelector?: string; withoutNodes?: boolean }) {
  const path = ns ? `/api/v1/workflow-events/${seg(ns)}` : "/api/v1/workflow-events/";
  return (
    path +
    query({
      "listOptions.fieldSelector": o.name ? `metadata.name=${o.name}` : undefined,
      "listOptions.labelSelector": o.labelSelector,
      fields: o.withoutNodes ? "-result.object.status.nodes" : undefined,
    })
  );
}

/** URL of a pod's log stream (SSE). */
export function logUrl(
  ns: string,
  name: string,
  o: { podName: string; container?: string; follow: boolean },
) {
  return `${base(ns)}/${seg(name)}/log${query({
    podName: o.podName,
    "logOptions.container": o.container ?? "main",
    "logOptions.follow": o.follow ? "true" : undefined,
  })}`;
}

/** Download URL of a node's output artifact. */
export const artifactUrl = (ns: string, name: string, nodeId: string, artifact: string) =>
  `/artifact-files/${seg(ns)}/workflows/${seg(name)}/${seg(nodeId)}/outputs/${seg(artifact)}`;
