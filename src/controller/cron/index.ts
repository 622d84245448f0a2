/**
 * The cron controller: CronWorkflows in the store become Workflows on their schedules, with Argo's
 * names, labels, policies and status. `nextScheduledTimes` and `lintCronWorkflow` serve the CLI,
 * the server and the UI.
 */
export { buildChildWorkflow, childWorkflowName } from "./child.js";
export { CronController, type CronControllerOptions } from "./controller.js";
export { lintCronWorkflow, maxCronNameLength } from "./lint.js";
export { defaultZone, type NextTimesOptions, nextScheduledTimes } from "./schedule.js";
export {
  annotationLastUsedSchedule,
  annotationScheduledTime,
  type CronCondition,
  type CronWorkflowStatus,
  labelCompleted,
  labelCronWorkflow,
  type ObjectReference,
  readStatus,
} from "./types.js";
