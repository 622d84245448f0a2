/**
 * Choosing workflows the way `argo list` and `argo delete` do: label and field selectors go to the
 * server; status, completed/running, resubmitted, name prefix and age are also checked here from
 * the workflows themselves, so the result is right whether or not the server keeps Argo's
 * `workflows.argoproj.io/phase` and `…/completed` labels.
 */
import type { Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { ArgoApi } from "./client/api.js";
import { parseDuration } from "./format/humanize.js";
import { matchesLabels, parseLabelSelector } from "./format/selectors.js";
import { sortWorkflows } from "./render-list.js";

export interface ListFilter {
  /** "" for all namespaces. */
  namespace: string;
  status?: string[];
  completed?: boolean;
  running?: boolean;
  resubmitted?: boolean;
  prefix?: string;
  /** Created within this duration (`10m`, `2h`, `1d`). */
  since?: string;
  /** Finished more than this duration ago. */
  older?: string;
  labels?: string;
  fields?: string;
  chunkSize?: number;
  /** Ask for the workflows' nodes too (for `-o wide`'s pod counts). */
  withNodes?: boolean;
}

/** The `fields` filter that keeps whole workflows, nodes included. */
export const fieldsWithNodes = "metadata,items.metadata,items.spec,items.status,items.status.nodes";

const completedPhases = new Set(["Succeeded", "Failed", "Error"]);

function cutoff(text: string, flag: string, nowMs: number): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw invalid(`${flag} must be a duration such as 10m, 3h or 1d, not '${text}'`);
  return nowMs - ms;
}

/** Splits `--status a,b --status c` into phases. */
export const splitList = (values: string[] = []): string[] =>
  values
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter((v) => v !== "");

/** Builds the predicate of the filter's client-side parts. */
export function workflowPredicate(f: ListFilter, nowMs = Date.now()): (wf: Workflow) => boolean {
  if (f.completed && f.running) throw invalid("--completed and --running cannot be used together");
  const labels = parseLabelSelector(f.labels ?? "");
  const statuses = splitList(f.status);
  const createdAfter = f.since ? cutoff(f.since, "--since", nowMs) : undefined;
  const finishedBefore = f.older ? cutoff(f.older, "--older", nowMs) : undefined;
  return (wf) => {
    const phase = wf.status?.phase ?? "";
    const completed = completedPhases.has(phase);
    const created = Date.parse(wf.metadata.creationTimestamp ?? "") || 0;
    const finished = Date.parse(wf.status?.finishedAt ?? "") || 0;
    if (!matchesLabels(labels, wf.metadata.labels)) return false;
    if (statuses.length && !statuses.includes(phase)) return false;
    if (f.completed && !completed) return false;
    if (f.running && completed) return false;
    if (f.resubmitted && !wf.metadata.labels?.["workflows.argoproj.io/resubmitted-from-workflow"])
      return false;
    if (f.prefix && !(wf.metadata.name ?? "").startsWith(f.prefix)) return false;
    if (createdAfter !== undefined && created <= createdAfter) return false;
    if (finishedBefore !== undefined && !(finished && finished < finishedBefore)) return false;
    return true;
  };
}

/** Lists the workflows the filter selects, in Argo's order. */
export async function listWorkflows(api: ArgoApi, f: ListFilter, nowMs = Date.now()): Promise<Workflow[]> {
  const keep = workflowPredicate(f, nowMs);
  const all = await api.listWorkflows(f.namespace, {
    ...(f.labels ? { labelSelector: f.labels } : {}),
    ...(f.fields ? { fieldSelector: f.fields } : {}),
    ...(f.chunkSize ? { limit: f.chunkSize } : {}),
    ...(f.withNodes ? { fields: fieldsWithNodes } : {}),
  });
  return sortWorkflows(all.filter(keep));
}
