/**
 * Store-independent rules of the workflow archive: what an archived copy holds, which label marks
 * it, and how list options and times are checked. Every Store applies them the same way.
 */
import type { Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { splitNodes, toJson } from "./object-meta.js";
import type { ArchiveListOptions } from "./types.js";

/**
 * Argo's archiving-status label: `Pending` (waiting to be archived), `Archived` (archived, the live
 * object still exists) or `Persisted` (this object was read back from the archive).
 */
export const ARCHIVING_STATUS_LABEL = "workflows.argoproj.io/workflow-archiving-status";

/** One workflow as the archive keeps it. */
export interface ArchiveRecord {
  uid: string;
  namespace: string;
  name: string;
  phase: string;
  /** Epoch milliseconds, or null when the workflow has no such time. */
  startedAt: number | null;
  finishedAt: number | null;
  createdAt: number | null;
  labels: Record<string, string>;
  /** The workflow without `status.nodes`, as JSON. */
  workflowJson: string;
  /** `status.nodes` as JSON, or undefined when it had none. */
  nodesJson: string | undefined;
}

/**
 * The record to archive. Argo labels the archived copy `Persisted`, so a workflow read back from
 * the archive says where it came from; the live workflow given here is not changed.
 */
export function archiveRecord(workflow: Workflow): ArchiveRecord {
  const uid = workflow?.metadata?.uid;
  const name = workflow?.metadata?.name;
  if (typeof uid !== "string" || uid === "") throw invalid("cannot archive a workflow without metadata.uid");
  if (typeof name !== "string" || name === "")
    throw invalid("cannot archive a workflow without metadata.name");
  const labels = { ...(workflow.metadata.labels ?? {}), [ARCHIVING_STATUS_LABEL]: "Persisted" };
  const copy = { ...workflow, metadata: { ...workflow.metadata, labels } };
  const { body } = splitNodes(copy);
  const nodes = workflow.status?.nodes;
  const status = workflow.status ?? {};
  return {
    uid,
    namespace: workflow.metadata.namespace ?? "",
    name,
    phase: status.phase ?? "",
    startedAt: optionalTime(status.startedAt, "status.startedAt"),
    finishedAt: optionalTime(status.finishedAt, "status.finishedAt"),
    createdAt: optionalTime(workflow.metadata.creationTimestamp, "metadata.creationTimestamp"),
    labels,
    workflowJson: toJson(body, `workflow ${name}`),
    nodesJson: nodes ? toJson(nodes, `nodes of workflow ${name}`) : undefined,
  };
}

/** Epoch milliseconds of an ISO time given by a caller; `Invalid` when it does not parse. */
export function parseTime(iso: string, what: string): number {
  const ms = typeof iso === "string" ? Date.parse(iso) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(`${what} is not a valid time: ${JSON.stringify(iso)}`);
  return ms;
}

/** The list options with limit and offset checked (`Invalid` unless whole numbers ≥ 0; limit 0 = all). */
export function checkListOptions(options: ArchiveListOptions = {}): ArchiveListOptions {
  for (const key of ["limit", "offset"] as const) {
    const v = options[key];
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) {
      throw invalid(`archive list ${key} must be a whole number ≥ 0, not ${JSON.stringify(v)}`);
    }
  }
  for (const [k, v] of Object.entries(options.labels ?? {})) {
    if (typeof v !== "string") throw invalid(`archive list label ${k} must be a string`);
  }
  return options;
}

function optionalTime(value: string | undefined, what: string): number | null {
  return value === undefined || value === "" ? null : parseTime(value, what);
}
