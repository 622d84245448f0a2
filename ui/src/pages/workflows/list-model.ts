/**
 * The workflow list's pure parts: filters → API options, and applying watch events to a page of
 * workflows without reloading it (Argo's order: unfinished first by creation, then by finish).
 */
import type { WorkflowListOptions } from "../../api/workflows.js";
import type { WatchEvent, Workflow } from "../../types.js";

export interface ListFilters {
  phases: string[];
  namePrefix: string;
  labels: string;
  /** `yyyy-mm-dd` from a date input, or "". */
  startedAfter: string;
}

export const noFilters: ListFilters = { phases: [], namePrefix: "", labels: "", startedAfter: "" };

export const phaseFilterChoices = ["Pending", "Running", "Succeeded", "Failed", "Error"] as const;

const phaseLabel = "workflows.argoproj.io/phase";

/** The label selector the server gets: the user's text plus the phase choice. */
export function labelSelectorOf(f: ListFilters): string {
  const parts = [f.labels.trim()].filter((s) => s !== "");
  if (f.phases.length > 0) parts.push(`${phaseLabel} in (${f.phases.join(",")})`);
  return parts.join(",");
}

export function startedAfterIso(f: ListFilters): string | undefined {
  if (!f.startedAfter) return undefined;
  const t = Date.parse(`${f.startedAfter}T00:00:00`);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().replace(/\.\d+Z$/, "Z");
}

export function listOptionsOf(namespace: string, f: ListFilters, limit: number, continueToken?: string) {
  const o: WorkflowListOptions = {
    namespace,
    limit,
    labelSelector: labelSelectorOf(f),
    namePrefix: f.namePrefix.trim(),
  };
  const after = startedAfterIso(f);
  if (after) o.startedAfter = after;
  if (continueToken) o.continueToken = continueToken;
  return o;
}

/** Whether a workflow from the watch belongs in the filtered list (the watch filters labels only). */
export function matchesFilters(wf: Workflow, f: ListFilters): boolean {
  const prefix = f.namePrefix.trim();
  if (prefix && !(wf.metadata.name ?? "").startsWith(prefix)) return false;
  const after = startedAfterIso(f);
  if (after) {
    const started = wf.status?.startedAt;
    if (!started || Date.parse(started) <= Date.parse(after)) return false;
  }
  return true;
}

const time = (s: string | undefined) => (s ? Date.parse(s) : 0);

export function compareWorkflows(a: Workflow, b: Workflow): number {
  const af = a.status?.finishedAt ?? "";
  const bf = b.status?.finishedAt ?? "";
  let order: number;
  if (af === "" && bf === "") order = time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
  else if (af === "") order = -1;
  else if (bf === "") order = 1;
  else order = time(bf) - time(af);
  return order || (a.metadata.name ?? "").localeCompare(b.metadata.name ?? "");
}

/** A run's identity: its uid (the same for the live workflow and its archived copy). */
export const keyOf = (wf: Workflow) => wf.metadata.uid ?? `${wf.metadata.namespace}/${wf.metadata.name}`;

/**
 * Applies watch events to a page. Known workflows are replaced or removed; a new one is added only
 * on the first page and only when it sorts into it (the watch's initial burst repeats the whole
 * namespace as ADDED, which must not flood page one).
 */
export function applyEvents(
  items: readonly Workflow[],
  events: readonly WatchEvent[],
  o: { firstPage: boolean; limit: number; filters: ListFilters },
): Workflow[] {
  const byKey = new Map(items.map((w) => [keyOf(w), w]));
  let changed = false;
  for (const e of events) {
    const key = keyOf(e.object);
    if (e.type === "DELETED" || !matchesFilters(e.object, o.filters)) {
      changed = byKey.delete(key) || changed;
      continue;
    }
    if (byKey.has(key)) {
      byKey.set(key, e.object);
      changed = true;
      continue;
    }
    if (!o.firstPage) continue;
    const list = [...byKey.values()];
    const last = list.reduce<Workflow | undefined>(
      (worst, w) => (worst && compareWorkflows(worst, w) > 0 ? worst : w),
      undefined,
    );
    if (list.length < o.limit || !last || compareWorkflows(e.object, last) < 0) {
      byKey.set(key, e.object);
      changed = true;
    }
  }
  if (!changed) return items as Workflow[];
  return [...byKey.values()].sort(compareWorkflows);
}
