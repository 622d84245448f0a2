/**
 * Keeping a CronWorkflow in step with its children (Argo's `syncCronWorkflow`, which Argo runs
 * every 10 s; here it runs whenever a child changes). From one listing of the children:
 * 1. history limits: finished children beyond `successfulJobsHistoryLimit` (default 3) and
 *    `failedJobsHistoryLimit` (default 1) are deleted, oldest `finishedAt` first;
 * 2. the active list: unfinished children are added, finished or vanished ones removed; each one
 *    seen finishing adds to `succeeded` or `failed`, and `stopStrategy` is checked after it.
 * Children are the workflows labelled with the cron's name whose controller owner is its uid.
 */
import type { Workflow } from "../../spec/types.js";
import type { Store } from "../../store/types.js";
import { isArgosyError } from "../../util/errors.js";
import { controllingCronUid } from "./child.js";
import { evaluateStopExpression } from "./expressions.js";
import { addActive, type CronDraft, markStopped, removeActive, upsertCondition } from "./status.js";
import {
  type CronObject,
  labelCompleted,
  labelCronWorkflow,
  type ObjectReference,
  readSpec,
} from "./types.js";

export interface ChildrenDeps {
  store: Store;
  deleteWorkflow: (namespace: string, name: string) => Promise<unknown>;
  now: () => number;
  log: (line: string) => void;
}

const isFulfilled = (wf: Workflow): boolean =>
  wf.status?.phase === "Succeeded" || wf.status?.phase === "Failed" || wf.status?.phase === "Error";

/** The object reference Argo keeps in `status.active`. */
export function workflowReference(wf: Workflow): ObjectReference {
  return {
    kind: "Workflow",
    apiVersion: "argoproj.io/v1alpha1",
    name: wf.metadata.name ?? "",
    namespace: wf.metadata.namespace ?? "",
    uid: wf.metadata.uid ?? "",
    resourceVersion: wf.metadata.resourceVersion ?? "",
  };
}

/** The workflows this cron started (label and controller owner both match). */
export async function listChildren(store: Store, cron: CronObject): Promise<Workflow[]> {
  const all = await store.list<Workflow>("Workflow", cron.metadata.namespace ?? "", {
    labels: { [labelCronWorkflow]: cron.metadata.name ?? "" },
  });
  return all.filter((wf) => controllingCronUid(wf) === cron.metadata.uid);
}

/** Argo's stop check: marks the draft Stopped when the expression holds; a failure is a SpecError. */
export function checkStopStrategy(draft: CronDraft, nowMs: number): void {
  const expression = readSpec(draft.cron).stopExpression;
  if (!expression) return;
  try {
    if (evaluateStopExpression(draft.cron, expression, nowMs)) draft.apply(markStopped(labelCompleted));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const name = draft.cron.metadata.name ?? "";
    draft.apply(
      upsertCondition("SpecError", `failed to check CronWorkflow '${name}' stopping condition: ${message}`),
    );
  }
}

const finishedAt = (wf: Workflow): number => {
  const t = wf.status?.finishedAt ? Date.parse(wf.status.finishedAt) : Number.NaN;
  return Number.isNaN(t) ? Number.NEGATIVE_INFINITY : t;
};

async function deleteOldest(deps: ChildrenDeps, finished: Workflow[], keep: number): Promise<void> {
  if (keep >= finished.length) return;
  const newestFirst = [...finished].sort((a, b) => finishedAt(b) - finishedAt(a));
  for (const wf of newestFirst.slice(keep)) {
    const ns = wf.metadata.namespace ?? "";
    const name = wf.metadata.name ?? "";
    try {
      await deps.deleteWorkflow(ns, name);
      deps.log(`cron: deleted workflow ${ns}/${name} (history limit)`);
    } catch (e) {
      if (isArgosyError(e) && e.code === "NotFound") continue;
      throw e;
    }
  }
}

/** Argo's `enforceHistoryLimit`; a negative limit means the default. */
export async function enforceHistoryLimits(
  deps: ChildrenDeps,
  cron: CronObject,
  children: Workflow[],
): Promise<void> {
  const spec = readSpec(cron);
  const finished = children.filter(isFulfilled);
  const limit = (v: number | undefined, fallback: number) => (v !== undefined && v >= 0 ? v : fallback);
  const succeeded = finished.filter((wf) => wf.status?.phase === "Succeeded");
  const failed = finished.filter((wf) => wf.status?.phase !== "Succeeded");
  await deleteOldest(deps, succeeded, limit(spec.successfulJobsHistoryLimit, 3));
  await deleteOldest(deps, failed, limit(spec.failedJobsHistoryLimit, 1));
}

/** Argo's `reconcileActiveWfs`, on the draft. */
export function reconcileActive(draft: CronDraft, children: Workflow[], nowMs: number): void {
  const byUid = new Map(children.map((wf) => [wf.metadata.uid ?? "", wf]));
  for (const wf of children) {
    if (!isFulfilled(wf)) draft.apply(addActive(workflowReference(wf)));
  }
  for (const ref of [...(draft.status.active ?? [])]) {
    const wf = byUid.get(ref.uid);
    if (wf && !isFulfilled(wf)) continue;
    draft.apply(removeActive(ref.uid));
    if (!wf) continue;
    const phase = wf.status?.phase;
    draft.apply((_c, s) => {
      if (phase === "Succeeded") s.succeeded += 1;
      else s.failed += 1;
    });
    checkStopStrategy(draft, nowMs);
  }
}

/** One sync: history limits, then the active list and counters; returns the saved cron (undefined if gone). */
export async function syncChildren(deps: ChildrenDeps, draft: CronDraft): Promise<CronObject | undefined> {
  const children = await listChildren(deps.store, draft.cron);
  await enforceHistoryLimits(deps, draft.cron, children);
  reconcileActive(draft, children, deps.now());
  return draft.save();
}
