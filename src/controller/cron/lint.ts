/**
 * `lintCronWorkflow`: what Argo's `validate.CronWorkflow` rejects in the cron part of a
 * CronWorkflow (name length, schedules, timezone, concurrencyPolicy, startingDeadlineSeconds), in
 * Argo's words. The `workflowSpec` is the workflow linter's business. Argo stops at the first
 * problem; this returns them all, first one first, so the controller's `SpecError` carries the
 * same message Argo's would.
 */

import { isKnownZone } from "../../expr/index.js";
import { compileSpecSchedules, defaultZone } from "./schedule.js";
import { type CronObject, readSpec } from "./types.js";

/** CronWorkflow names leave room for the `-<unix seconds>` of their children within 63 characters. */
export const maxCronNameLength = 52;

const policies = new Set(["", "Allow", "Forbid", "Replace"]);

/** Problems with the cron fields of a CronWorkflow, in Argo's wording; empty when it is fine. */
export function lintCronWorkflow(cron: CronObject): string[] {
  const problems: string[] = [];
  const name = cron.metadata?.name ?? "";
  if (name.length > maxCronNameLength) {
    problems.push(
      `cron workflow name "${name}" must not be more than ${maxCronNameLength} characters long (currently ${name.length})`,
    );
  }
  const spec = readSpec(cron);
  if (spec.schedule !== undefined && spec.schedules.length > 0) {
    problems.push("cron workflow cant be configured with both Spec.Schedule and Spec.Schedules");
  }
  if (spec.schedule === undefined && spec.schedules.length === 0) {
    problems.push("cron workflow must have at least one schedule");
  }
  const zoneOk = isKnownZone(spec.timezone);
  // With a bad timezone every line would fail for the same reason; report it once, below.
  const compiled = compileSpecSchedules(zoneOk ? spec : { ...spec, timezone: "" }, defaultZone);
  problems.push(...compiled.errors);
  if (!zoneOk) {
    problems.push(`invalid timezone "${spec.timezone}": unknown time zone ${spec.timezone}`);
  }
  if (!policies.has(spec.concurrencyPolicy)) {
    problems.push(`'${spec.concurrencyPolicy}' is not a valid concurrencyPolicy`);
  }
  if (spec.startingDeadlineSeconds !== undefined && spec.startingDeadlineSeconds < 0) {
    problems.push("startingDeadlineSeconds must be positive");
  }
  return problems;
}
