/** ArchivedWorkflowService and the server's version. */
import type { ListResponse, VersionInfo, Workflow } from "../types.js";
import { query, request, seg } from "./client.js";

export function listArchivedWorkflows(
  o: { namespace: string; limit?: number; continueToken?: string; namePrefix?: string },
  signal?: AbortSignal,
) {
  const q = query({
    "listOptions.fieldSelector": o.namespace ? `metadata.namespace=${o.namespace}` : undefined,
    "listOptions.limit": o.limit,
    "listOptions.continue": o.continueToken,
    namePrefix: o.namePrefix,
  });
  return request<ListResponse<Workflow>>(`/api/v1/archived-workflows${q}`, signal ? { signal } : {});
}

export function getArchivedWorkflow(uid: string, signal?: AbortSignal) {
  return request<Workflow>(`/api/v1/archived-workflows/${seg(uid)}`, signal ? { signal } : {});
}

export function deleteArchivedWorkflow(uid: string) {
  return request<object>(`/api/v1/archived-workflows/${seg(uid)}`, { method: "DELETE" });
}

export function getVersion(signal?: AbortSignal) {
  return request<VersionInfo>("/api/v1/version", signal ? { signal } : {});
}

export function resubmitArchivedWorkflow(
  uid: string,
  body: { namespace: string; parameters?: string[]; memoized?: boolean },
) {
  return request<Workflow>(`/api/v1/archived-workflows/${seg(uid)}/resubmit`, { method: "PUT", body });
}

export function retryArchivedWorkflow(uid: string, body: { namespace: string; parameters?: string[] }) {
  return request<Workflow>(`/api/v1/archived-workflows/${seg(uid)}/retry`, { method: "PUT", body });
}
