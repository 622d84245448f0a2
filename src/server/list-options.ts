/**
 * Kubernetes `listOptions.*` query parameters, read as Argo Server reads them: a label selector, a
 * field selector limited to the fields Argo supports, `limit`, and `continue` (an offset token, as
 * Argo's list of live and archived workflows uses). Everything is parsed up front so a bad query is
 * a 400 before any store read.
 */
import type { Workflow } from "../spec/types.js";
import { badRequest } from "./errors.js";
import { matchesLabels, parseLabelSelector, type Requirement } from "./label-selector.js";

export type NameFilter = "Exact" | "Prefix" | "Contains" | "NotEquals";

/** A parsed list request. Empty strings mean "no filter". */
export interface ListQuery {
  namespace: string;
  /** `metadata.namespace!=x` excludes one namespace instead. */
  namespaceNot: boolean;
  name: string;
  nameFilter: NameFilter;
  labels: Requirement[];
  /** `status.phase=x` / `status.phase!=x` (an Argosy extension; Argo rejects this selector). */
  phase: string;
  phaseNot: boolean;
  minStartedAt?: number;
  maxStartedAt?: number;
  createdAfter?: number;
  finishedBefore?: number;
  /** 0 means no limit. */
  limit: number;
  offset: number;
  showRemainingItemCount: boolean;
}

/** Query parameters of the request (the last value of each name). */
export type QueryParams = Record<string, string | undefined>;

function parseTime(value: string, what: string): number {
  const t = Date.parse(value);
  if (Number.isNaN(t)) throw badRequest(`${what}: cannot parse "${value}" as RFC3339`);
  return t;
}

function parseLimit(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw badRequest("listOptions.limit must be a non-negative integer");
  return n;
}

function parseOffset(value: string | undefined): number {
  if (value === undefined || value === "") return 0;
  if (!/^\d+$/.test(value)) throw badRequest("listOptions.continue must be int");
  return Number(value);
}

/** Reads `listOptions.*`, `nameFilter`, `createdAfter`, `finishedBefore` and the path namespace. */
export function parseListQuery(params: QueryParams, pathNamespace: string): ListQuery {
  const q: ListQuery = {
    namespace: pathNamespace || params.namespace || "",
    namespaceNot: false,
    name: "",
    nameFilter: "Exact",
    labels: parseLabelSelector(params["listOptions.labelSelector"]),
    phase: "",
    phaseNot: false,
    limit: parseLimit(params["listOptions.limit"]),
    offset: parseOffset(params["listOptions.continue"]),
    showRemainingItemCount: false,
  };
  const nameFilter = params.nameFilter;
  if (nameFilter) {
    if (!["Exact", "Prefix", "Contains", "NotEquals"].includes(nameFilter))
      throw badRequest(`unsupported nameFilter ${nameFilter}`);
    q.nameFilter = nameFilter as NameFilter;
  }
  if (params.createdAfter) q.createdAfter = parseTime(params.createdAfter, "createdAfter");
  if (params.finishedBefore) q.finishedBefore = parseTime(params.finishedBefore, "finishedBefore");
  for (const selector of (params["listOptions.fieldSelector"] ?? "").split(",")) {
    if (selector !== "") applyFieldSelector(q, selector.trim());
  }
  return q;
}

function setNamespace(q: ListQuery, value: string): void {
  if (q.namespace !== "" && q.namespace !== value) {
    throw badRequest(
      `'namespace' query param (${JSON.stringify(q.namespace)}) and fieldselector 'metadata.namespace' (${JSON.stringify(value)}) are both specified and contradict each other`,
    );
  }
  q.namespace = value;
}

function applyFieldSelector(q: ListQuery, selector: string): void {
  const m = /^([a-zA-Z.]+)\s*(==|=|!=|>|<)\s*(.*)$/.exec(selector);
  const [, field = "", op = "", value = ""] = m ?? [];
  if (field === "metadata.namespace" && op === "!=") {
    q.namespace = value;
    q.namespaceNot = true;
  } else if (field === "metadata.namespace" && (op === "=" || op === "==")) setNamespace(q, value);
  else if (field === "metadata.name" && op === "!=") {
    q.name = value;
    q.nameFilter = "NotEquals";
  } else if (field === "metadata.name" && (op === "=" || op === "==")) q.name = value;
  else if (field === "status.phase" && (op === "=" || op === "==" || op === "!=")) {
    q.phase = value;
    q.phaseNot = op === "!=";
  } else if (field === "spec.startedAt" && op === ">") q.minStartedAt = parseTime(value, selector);
  else if (field === "spec.startedAt" && op === "<") q.maxStartedAt = parseTime(value, selector);
  else if (field === "ext.showRemainingItemCount" && op === "=") q.showRemainingItemCount = value === "true";
  else throw badRequest(`unsupported requirement ${selector}`);
}

interface Listed {
  metadata: {
    name?: string;
    namespace?: string;
    labels?: Record<string, string>;
    creationTimestamp?: string;
  };
  status?: { phase?: string; startedAt?: string; finishedAt?: string };
}

const time = (s: string | undefined): number | undefined => (s ? Date.parse(s) : undefined);

function nameMatches(q: ListQuery, name: string): boolean {
  if (q.name === "") return true;
  switch (q.nameFilter) {
    case "Exact":
      return name === q.name;
    case "Prefix":
      return name.startsWith(q.name);
    case "Contains":
      return name.includes(q.name);
    case "NotEquals":
      return name !== q.name;
  }
  return true;
}

/** Whether an object (a Workflow, or any kind for the metadata filters) passes every filter of the query. */
export function matchesQuery(q: ListQuery, obj: Listed): boolean {
  const ns = obj.metadata.namespace ?? "";
  if (q.namespace !== "" && (ns === q.namespace) === q.namespaceNot) return false;
  if (!nameMatches(q, obj.metadata.name ?? "")) return false;
  if (!matchesLabels(q.labels, obj.metadata.labels)) return false;
  if (q.phase !== "" && ((obj.status?.phase ?? "") === q.phase) === q.phaseNot) return false;
  const started = time(obj.status?.startedAt);
  if (q.minStartedAt !== undefined && (started === undefined || started < q.minStartedAt)) return false;
  if (q.maxStartedAt !== undefined && (started === undefined || started > q.maxStartedAt)) return false;
  const created = time(obj.metadata.creationTimestamp);
  if (q.createdAfter !== undefined && (created === undefined || created < q.createdAfter)) return false;
  const finished = time(obj.status?.finishedAt);
  if (q.finishedBefore !== undefined && (finished === undefined || finished > q.finishedBefore)) return false;
  return true;
}

/**
 * Argo's order for a page of workflows: unfinished ones first, newest created first; then finished
 * ones, latest finished first.
 */
export function compareWorkflows(a: Workflow, b: Workflow): number {
  const af = a.status?.finishedAt ?? "";
  const bf = b.status?.finishedAt ?? "";
  let order: number;
  if (af === "" && bf === "") order = byTimeDesc(a.metadata.creationTimestamp, b.metadata.creationTimestamp);
  else if (af === "") order = -1;
  else if (bf === "") order = 1;
  else order = byTimeDesc(af, bf);
  // Timestamps have whole seconds; the name keeps pages stable when they tie.
  return order || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

function byTimeDesc(a: string | undefined, b: string | undefined): number {
  return (time(b) ?? 0) - (time(a) ?? 0);
}
