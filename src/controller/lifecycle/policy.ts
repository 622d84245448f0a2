/**
 * Argo's completion rules, as pure functions of a workflow: when it is done, when its
 * `ttlStrategy` deletes it, whether it is archived, and the durations config and specs give.
 */
import { parseDuration } from "../../expr/index.js";
import type { Workflow, WorkflowSpec } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";

/** The opt-out label: `"false"` keeps a workflow out of the archive (an Argosy convention). */
export const ARCHIVE_STRATEGY_LABEL = "workflows.argoproj.io/archive-strategy";

const donePhases = new Set(["Succeeded", "Failed", "Error"]);

/** Succeeded, Failed or Error. */
export const isDone = (wf: Workflow): boolean => donePhases.has(wf.status?.phase ?? "");

/**
 * A field of the spec the workflow runs with: its own, else the one it got from its
 * `workflowTemplateRef` (`status.storedWorkflowTemplateSpec`), as Argo's `execWf` does.
 */
export function specField<K extends keyof WorkflowSpec>(wf: Workflow, key: K): WorkflowSpec[K] | undefined {
  return wf.spec?.[key] ?? wf.status?.storedWorkflowTemplateSpec?.[key];
}

interface TTLStrategy {
  secondsAfterCompletion?: number;
  secondsAfterSuccess?: number;
  secondsAfterFailure?: number;
}

/**
 * How long after `status.finishedAt` a done workflow is deleted, in ms; undefined when never.
 * As Argo: `secondsAfterFailure` applies to Failed only (an Error workflow falls through to
 * `secondsAfterCompletion`), `secondsAfterSuccess` to Succeeded, `secondsAfterCompletion` to all.
 */
export function ttlMs(wf: Workflow): number | undefined {
  const strategy = specField(wf, "ttlStrategy") as TTLStrategy | undefined;
  if (!strategy || typeof strategy !== "object" || !isDone(wf)) return undefined;
  const phase = wf.status?.phase;
  const pick =
    phase === "Failed" && isSeconds(strategy.secondsAfterFailure)
      ? strategy.secondsAfterFailure
      : phase === "Succeeded" && isSeconds(strategy.secondsAfterSuccess)
        ? strategy.secondsAfterSuccess
        : strategy.secondsAfterCompletion;
  return isSeconds(pick) ? Number(pick) * 1000 : undefined;
}

/** Epoch ms at which a done workflow's TTL passes (a missing finishedAt counts as long ago). */
export function ttlDeadline(wf: Workflow): number | undefined {
  const ttl = ttlMs(wf);
  if (ttl === undefined) return undefined;
  const finished = Date.parse(wf.status?.finishedAt ?? "");
  return (Number.isNaN(finished) ? 0 : finished) + ttl;
}

/** True unless the workflow opted out with `workflows.argoproj.io/archive-strategy: "false"`. */
export const wantsArchive = (wf: Workflow): boolean =>
  wf.metadata.labels?.[ARCHIVE_STRATEGY_LABEL] !== "false";

/**
 * archiveTTL in ms: Argo's `<n>d` (days) or a Go duration (`720h`, `30m`); undefined (keep
 * forever) when absent, empty or zero. `Invalid` otherwise.
 */
export function parseArchiveTTL(text: string | undefined): number | undefined {
  if (text === undefined || text.trim() === "") return undefined;
  const days = /^(\d+)d$/.exec(text.trim());
  const ms = days ? Number(days[1]) * 86_400_000 : goDuration(text.trim(), "archiveTTL");
  if (ms < 0) throw invalid(`archiveTTL must not be negative, not ${JSON.stringify(text)}`);
  return ms === 0 ? undefined : ms;
}

/** `podGC.deleteDelayDuration` in ms: whole seconds (`"30"`) or a Go duration (`"1m"`), as Argo. */
export function parseDeleteDelay(text: string): number {
  if (/^[+-]?\d+$/.test(text.trim())) return Number(text.trim()) * 1000;
  return goDuration(text, "podGC.deleteDelayDuration");
}

function goDuration(text: string, what: string): number {
  try {
    return parseDuration(text);
  } catch (cause) {
    throw invalid(`${what}: ${(cause as Error).message}`, { cause });
  }
}

function isSeconds(v: unknown): boolean {
  return v !== undefined && v !== null && v !== "" && Number.isFinite(Number(v));
}
