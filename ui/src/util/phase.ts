/**
 * Phases and what may be done in each, following Argo's UI: retry only a failed workflow,
 * suspend a running one that is not suspended, resume a suspended one, stop/terminate anything
 * unfinished; resubmit and delete always.
 */
import type { Workflow } from "../types.js";

export type AnyPhase = string | undefined;

export const isCompleted = (phase: AnyPhase) =>
  phase === "Succeeded" || phase === "Failed" || phase === "Error";

const suspendedCache = new WeakMap<Workflow, boolean>();

/** Suspended: `spec.suspend`, or a suspend node still waiting (remembered per workflow object). */
export function isSuspended(wf: Workflow): boolean {
  if (wf.spec?.suspend === true) return true;
  const nodes = wf.status?.nodes;
  if (!nodes || isCompleted(wf.status?.phase)) return false;
  const known = suspendedCache.get(wf);
  if (known !== undefined) return known;
  let found = false;
  for (const id in nodes) {
    const n = nodes[id];
    if (n && n.type === "Suspend" && n.phase === "Running") {
      found = true;
      break;
    }
  }
  suspendedCache.set(wf, found);
  return found;
}

export type ActionName = "retry" | "resubmit" | "suspend" | "resume" | "stop" | "terminate" | "delete";

export const actionNames: readonly ActionName[] = [
  "retry",
  "resubmit",
  "suspend",
  "resume",
  "stop",
  "terminate",
  "delete",
];

/** Whether an action applies to the workflow in its current state. */
export function canDo(action: ActionName, wf: Workflow): boolean {
  const phase = wf.status?.phase;
  switch (action) {
    case "retry":
      return phase === "Failed" || phase === "Error";
    case "suspend":
      return !isCompleted(phase) && !isSuspended(wf);
    case "resume":
      return !isCompleted(phase) && isSuspended(wf);
    case "stop":
    case "terminate":
      return !isCompleted(phase);
    case "resubmit":
    case "delete":
      return true;
  }
}

/** CSS colour variable of a phase. */
export function phaseColor(phase: AnyPhase): string {
  switch (phase) {
    case "Succeeded":
      return "var(--succeeded)";
    case "Failed":
      return "var(--failed)";
    case "Error":
      return "var(--error)";
    case "Running":
      return "var(--running)";
    case "Skipped":
      return "var(--skipped)";
    case "Omitted":
      return "var(--omitted)";
    default:
      return "var(--pending)";
  }
}

const archivingStatus = (wf: Workflow) =>
  wf.metadata.labels?.["workflows.argoproj.io/workflow-archiving-status"];

/**
 * A run that has a copy in the archive: the archived copy says `Persisted`; a live workflow is
 * relabelled `Archived` once it was archived (Argo's two values).
 */
export const hasArchivedCopy = (wf: Workflow) => {
  const v = archivingStatus(wf);
  return v === "Archived" || v === "Persisted";
};

/**
 * The object is the archived copy. In the list this means "no longer live" once the watch has
 * sent the live workflows (it replaces the copies of runs that are still live).
 */
export const isArchivedCopy = (wf: Workflow) => archivingStatus(wf) === "Persisted";
