/**
 * `GET /api/v1/workflows/{ns}`: live workflows merged with archived ones, as Argo v3.5+ answers it.
 * Live workflows come first (all of them that match, newest first), then archived ones; `continue`
 * is the offset into that sequence. A live workflow labelled as archived is served from the archive
 * (Argo does the same), and an archived copy of a live workflow is dropped (the live one wins).
 * Nodes are never read: the store's `list` returns workflows without `status.nodes`.
 */
import type { Workflow } from "../spec/types.js";
import type { ArchiveListOptions, Store } from "../store/types.js";
import { listArchivedQuietly } from "./archive-reader.js";
import { equalityLabels } from "./label-selector.js";
import { compareWorkflows, type ListQuery, matchesQuery } from "./list-options.js";

export const ARCHIVING_STATUS_LABEL = "workflows.argoproj.io/workflow-archiving-status";

export interface WorkflowListPage {
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: Workflow[] | null;
}

/** Archive filters the store applies itself; the rest are applied here afterwards. */
function archiveFilters(q: ListQuery): { options: ArchiveListOptions; exact: boolean } {
  const options: ArchiveListOptions = {};
  if (q.namespace !== "" && !q.namespaceNot) options.namespace = q.namespace;
  const labels = equalityLabels(q.labels);
  if (labels) options.labels = labels;
  if (q.name !== "" && (q.nameFilter === "Exact" || q.nameFilter === "Prefix")) options.namePrefix = q.name;
  if (q.minStartedAt !== undefined) options.startedAfter = new Date(q.minStartedAt).toISOString();
  const onlyPushed =
    (q.namespace === "" || !q.namespaceNot) &&
    q.labels.every((r) => r.op === "=") &&
    (q.name === "" || q.nameFilter === "Prefix") &&
    q.phase === "" &&
    q.maxStartedAt === undefined &&
    q.createdAfter === undefined &&
    q.finishedBefore === undefined;
  return { options, exact: onlyPushed };
}

/** Archived workflows from `offset`, at most `limit` (0: all) plus one to tell whether more exist. */
async function archivedSlice(
  store: Store,
  q: ListQuery,
  offset: number,
  limit: number,
  liveUids: Set<string>,
): Promise<{ items: Workflow[]; more: boolean; total?: number }> {
  const { options, exact } = archiveFilters(q);
  const keep = (w: Workflow) => !liveUids.has(w.metadata.uid ?? "") && matchesQuery(q, w);
  if (exact && !q.showRemainingItemCount) {
    const got = await listArchivedQuietly(store, {
      ...options,
      offset,
      ...(limit > 0 ? { limit: limit + 1 } : {}),
    });
    const more = limit > 0 && got.length > limit;
    return { items: (limit > 0 ? got.slice(0, limit) : got).filter(keep), more };
  }
  const all = (await listArchivedQuietly(store, options)).filter(keep);
  const items = limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
  return { items, more: offset + items.length < all.length, total: all.length };
}

/** One page of the merged list. */
export async function listWorkflows(store: Store, q: ListQuery): Promise<WorkflowListPage> {
  const labels = equalityLabels(q.labels);
  const listed = await store.list<Workflow>(
    "Workflow",
    q.namespace !== "" && !q.namespaceNot ? q.namespace : undefined,
    labels ? { labels } : undefined,
  );
  const served = listed.filter((w) => w.metadata.labels?.[ARCHIVING_STATUS_LABEL] !== "Archived");
  const live = served.filter((w) => matchesQuery(q, w));
  live.sort(compareWorkflows);
  const liveUids = new Set(served.map((w) => w.metadata.uid ?? ""));
  const { offset, limit } = q;
  const items = limit > 0 ? live.slice(offset, offset + limit) : live.slice(offset);
  let more = limit > 0 && offset + limit < live.length;
  let archivedTotal: number | undefined;
  if (limit === 0 || offset + limit > live.length) {
    const archived = await archivedSlice(
      store,
      q,
      Math.max(0, offset - live.length),
      limit > 0 ? limit - items.length : 0,
      liveUids,
    );
    items.push(...archived.items);
    more ||= archived.more;
    archivedTotal = archived.total;
  }
  items.sort(compareWorkflows);
  const metadata: WorkflowListPage["metadata"] = { resourceVersion: newestVersion(listed) };
  if (more) metadata.continue = String(offset + items.length);
  if (q.showRemainingItemCount) {
    const total = live.length + (archivedTotal ?? 0);
    metadata.remainingItemCount = Math.max(0, total - offset - items.length);
  }
  return { metadata, items: items.length ? items : null };
}

function newestVersion(objects: { metadata: { resourceVersion?: string } }[]): string {
  let max = 0;
  for (const o of objects) max = Math.max(max, Number(o.metadata.resourceVersion ?? 0) || 0);
  return String(max);
}
