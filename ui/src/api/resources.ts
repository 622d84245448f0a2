/** WorkflowTemplates, ClusterWorkflowTemplates and CronWorkflows: list, get, delete, cron suspend/resume. */
import type { CronWorkflow, ListResponse, WorkflowTemplate } from "../types.js";
import { request, seg } from "./client.js";

/** The template-like kinds the UI browses. */
export type TemplateKind = "WorkflowTemplate" | "ClusterWorkflowTemplate";

function templatePath(kind: TemplateKind, ns: string): string {
  if (kind === "ClusterWorkflowTemplate") return "/api/v1/cluster-workflow-templates";
  return ns ? `/api/v1/workflow-templates/${seg(ns)}` : "/api/v1/workflow-templates/";
}

export function listTemplates(kind: TemplateKind, ns: string, signal?: AbortSignal) {
  return request<ListResponse<WorkflowTemplate>>(templatePath(kind, ns), signal ? { signal } : {});
}

export function getTemplate(kind: TemplateKind, ns: string, name: string, signal?: AbortSignal) {
  return request<WorkflowTemplate>(`${templatePath(kind, ns)}/${seg(name)}`, signal ? { signal } : {});
}

export function deleteTemplate(kind: TemplateKind, ns: string, name: string) {
  return request<object>(`${templatePath(kind, ns)}/${seg(name)}`, { method: "DELETE" });
}

const cronPath = (ns: string) => (ns ? `/api/v1/cron-workflows/${seg(ns)}` : "/api/v1/cron-workflows/");

export function listCronWorkflows(ns: string, signal?: AbortSignal) {
  return request<ListResponse<CronWorkflow>>(cronPath(ns), signal ? { signal } : {});
}

export function getCronWorkflow(ns: string, name: string, signal?: AbortSignal) {
  return request<CronWorkflow>(`${cronPath(ns)}/${seg(name)}`, signal ? { signal } : {});
}

export function setCronSuspended(ns: string, name: string, suspend: boolean) {
  return request<CronWorkflow>(`${cronPath(ns)}/${seg(name)}/${suspend ? "suspend" : "resume"}`, {
    method: "PUT",
    body: {},
  });
}

export function deleteCronWorkflow(ns: string, name: string) {
  return request<object>(`${cronPath(ns)}/${seg(name)}`, { method: "DELETE" });
}
