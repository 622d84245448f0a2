/**
 * One scheduled run of a CronWorkflow (Argo's `cronWfOperationCtx.run`), applied to a draft:
 * record the schedule in use, validate (→ `SpecError`), check `stopStrategy` (→ `Stopped`), apply
 * the run policy (suspend, stopped, `when`, `concurrencyPolicy`), then submit the child named for
 * the scheduled time. A submit that meets an existing child of this cron (same scheduled time)
 * counts as done: nothing runs twice.
 */
import type { Workflow } from "../../spec/types.js";
import { type ArgosyError, isArgosyError } from "../../util/errors.js";
import { buildChildWorkflow, childWorkflowName, controllingCronUid } from "./child.js";
import { checkStopStrategy, workflowReference } from "./children.js";
import { evaluateCronWhen } from "./expressions.js";
import { lintCronWorkflow } from "./lint.js";
import {
  addActive,
  type CronDraft,
  removeCondition,
  setAnnotation,
  submissionError,
  upsertCondition,
} from "./status.js";
import { annotationLastUsedSchedule, readSpec, rfc3339, scheduleString } from "./types.js";

export interface RunDeps {
  submit: (workflow: Workflow) => Promise<Workflow>;
  terminate: (namespace: string, name: string) => Promise<unknown>;
  /** Reads a workflow (to tell our own earlier child from a stranger on a name collision). */
  getWorkflow: (namespace: string, name: string) => Promise<Workflow | undefined>;
  now: () => number;
  log: (line: string) => void;
}

/** What became of a run: `error` ones are reported in the status; `skipped` ones change nothing. */
export type RunOutcome = "submitted" | "existed" | "skipped" | "error";

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
const hasCode = (e: unknown, ...codes: ArgosyError["code"][]): boolean =>
  isArgosyError(e) && codes.includes(e.code);

/** True when the schedules changed since the last run (Argo's `IsUsingNewSchedule`). */
export function isUsingNewSchedule(draft: CronDraft): boolean {
  const last = draft.cron.metadata.annotations?.[annotationLastUsedSchedule];
  return last === undefined || last !== scheduleString(readSpec(draft.cron));
}

/** Replace: terminate every active child; ones already gone or finished are fine. */
async function terminateActive(deps: RunDeps, draft: CronDraft): Promise<string | undefined> {
  for (const ref of draft.status.active ?? []) {
    try {
      deps.log(`cron: stopping ${ref.namespace}/${ref.name} (concurrencyPolicy: Replace)`);
      await deps.terminate(ref.namespace, ref.name);
    } catch (e) {
      // Gone, or finished meanwhile (our controller says Invalid: "cannot shutdown a completed workflow").
      if (hasCode(e, "NotFound", "Conflict", "Invalid")) continue;
      return `error stopping workflow ${ref.name}: ${messageOf(e)}`;
    }
  }
  return undefined;
}

/** Argo's `enforceRuntimePolicy`: proceed, skip, or an error message for a SubmissionError. */
async function runPolicy(deps: RunDeps, draft: CronDraft): Promise<"proceed" | "skip" | { error: string }> {
  const spec = readSpec(draft.cron);
  const name = `${draft.cron.metadata.namespace}/${draft.cron.metadata.name}`;
  if (spec.suspend) return "skip";
  if (draft.status.phase === "Stopped") return "skip";
  try {
    if (!evaluateCronWhen(draft.cron, spec.when, deps.now())) {
      deps.log(`cron: ${name}: when '${spec.when}' is false, not run`);
      return "skip";
    }
  } catch (e) {
    return { error: messageOf(e) };
  }
  const active = draft.status.active?.length ?? 0;
  if (spec.concurrencyPolicy === "Forbid" && active > 0) {
    deps.log(`cron: ${name}: 'ConcurrencyPolicy: Forbid' and has an active Workflow so it was not run`);
    return "skip";
  }
  if (spec.concurrencyPolicy === "Replace" && active > 0) {
    const error = await terminateActive(deps, draft);
    if (error) return { error };
  }
  return "proceed";
}

/** Submits the child; a name collision with our own earlier child is that child. */
async function submitChild(
  deps: RunDeps,
  draft: CronDraft,
  scheduledMs: number,
): Promise<Workflow | "stranger"> {
  try {
    return await deps.submit(buildChildWorkflow(draft.cron, scheduledMs));
  } catch (e) {
    if (!hasCode(e, "Conflict")) throw e;
    const ns = draft.cron.metadata.namespace ?? "";
    const existing = await deps.getWorkflow(
      ns,
      childWorkflowName(draft.cron.metadata.name ?? "", scheduledMs),
    );
    if (existing && controllingCronUid(existing) === draft.cron.metadata.uid) return existing;
    return "stranger";
  }
}

/** Runs the cron for `scheduledMs` on the draft (the caller saves it). */
export async function runScheduled(
  deps: RunDeps,
  draft: CronDraft,
  scheduledMs: number,
): Promise<RunOutcome> {
  // Already run (a catch-up and the timer of the same time can meet): never run a time twice.
  const last = Date.parse(draft.status.lastScheduledTime ?? "");
  if (last >= scheduledMs) return "skipped";
  const spec = readSpec(draft.cron);
  if (isUsingNewSchedule(draft)) draft.apply(setAnnotation(annotationLastUsedSchedule, scheduleString(spec)));
  const problems = lintCronWorkflow(draft.cron);
  if (problems.length > 0) {
    draft.apply(upsertCondition("SpecError", problems[0] ?? ""));
    return "error";
  }
  draft.apply(removeCondition("SpecError"));
  checkStopStrategy(draft, deps.now());
  if (draft.status.conditions?.some((c) => c.type === "SpecError")) return "error";

  const policy = await runPolicy(deps, draft);
  if (policy === "skip") return "skipped";
  if (policy !== "proceed") {
    draft.apply(submissionError(`run policy error: ${policy.error}`));
    return "error";
  }

  let child: Workflow | "stranger";
  try {
    child = await submitChild(deps, draft, scheduledMs);
  } catch (e) {
    // An invalid workflowSpec is a spec problem (Argo validates it before submitting).
    if (hasCode(e, "Invalid"))
      draft.apply(upsertCondition("SpecError", `cannot validate Workflow: ${messageOf(e)}`));
    else draft.apply(submissionError(`Failed to submit Workflow: ${messageOf(e)}`));
    return "error";
  }
  if (child === "stranger") {
    deps.log(
      `cron: ${childWorkflowName(draft.cron.metadata.name ?? "", scheduledMs)} exists and is not ours`,
    );
    return "existed";
  }
  const finished = ["Succeeded", "Failed", "Error"].includes(child.status?.phase ?? "");
  draft.apply((c, s) => {
    if (!finished) addActive(workflowReference(child))(c, s);
    s.phase = "Active";
    s.lastScheduledTime = rfc3339(scheduledMs);
  });
  draft.apply(removeCondition("SubmissionError"));
  return "submitted";
}
