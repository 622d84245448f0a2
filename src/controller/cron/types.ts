/**
 * The CronWorkflow fields the cron controller reads, narrowed from a stored object that may hold
 * anything (bad input never crashes the controller), plus Argo's label and annotation keys and the
 * exact shape of `status` that Argo's API returns.
 */
import type { ObjectMeta, WorkflowSpec } from "../../spec/types.js";
import type { StorableObject } from "../../store/types.js";

/** On every child: the name of the CronWorkflow that made it. */
export const labelCronWorkflow = "workflows.argoproj.io/cron-workflow";
/** On every child: the time it was scheduled for, RFC 3339. */
export const annotationScheduledTime = "workflows.argoproj.io/scheduled-time";
/** On the CronWorkflow once `stopStrategy` has stopped it. */
export const labelCompleted = "cronworkflows.argoproj.io/completed";
/** On the CronWorkflow: the schedules (with `CRON_TZ=`) of its last run, to notice schedule edits. */
export const annotationLastUsedSchedule = "cronworkflows.argoproj.io/last-used-schedule";
/** Copied from the CronWorkflow to its children, when present. */
export const labelControllerInstanceID = "workflows.argoproj.io/controller-instanceid";
export const labelsToPropagate = [
  "workflows.argoproj.io/creator",
  "workflows.argoproj.io/creator-email",
  "workflows.argoproj.io/creator-preferred-username",
] as const;

export type ConcurrencyPolicy = "Allow" | "Forbid" | "Replace";
export type CronPhase = "" | "Active" | "Stopped";
export type CronConditionType = "SpecError" | "SubmissionError";

/** Kubernetes' ObjectReference, as Argo lists active children. */
export interface ObjectReference {
  kind: string;
  apiVersion: string;
  name: string;
  namespace: string;
  uid: string;
  resourceVersion?: string;
}

export interface CronCondition {
  type: string;
  status: string;
  message?: string;
}

/** `status` as Argo serialises it: every key present, `null` for an empty list or an unset time. */
export interface CronWorkflowStatus {
  active: ObjectReference[] | null;
  lastScheduledTime: string | null;
  conditions: CronCondition[] | null;
  succeeded: number;
  failed: number;
  phase: CronPhase;
}

/** A stored CronWorkflow, its spec and status still untrusted. */
export interface CronObject extends StorableObject {
  kind: string;
  metadata: ObjectMeta;
  spec?: unknown;
  status?: unknown;
}

/** The spec fields the controller uses, each checked for its type. */
export interface CronSpec {
  /** v3.6's single schedule (deprecated, still accepted). */
  schedule: string | undefined;
  schedules: string[];
  timezone: string;
  concurrencyPolicy: string;
  suspend: boolean;
  startingDeadlineSeconds: number | undefined;
  successfulJobsHistoryLimit: number | undefined;
  failedJobsHistoryLimit: number | undefined;
  stopExpression: string | undefined;
  when: string;
  workflowSpec: WorkflowSpec;
  workflowMetadata: ObjectMeta | undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
const int = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? Math.trunc(v) : undefined;

/** Reads the spec of a stored CronWorkflow; fields of the wrong type count as absent. */
export function readSpec(cron: CronObject): CronSpec {
  const spec = isRecord(cron.spec) ? cron.spec : {};
  const stop = isRecord(spec.stopStrategy) ? spec.stopStrategy : undefined;
  return {
    schedule: str(spec.schedule) || undefined,
    schedules: Array.isArray(spec.schedules) ? spec.schedules.map((s) => String(s)) : [],
    timezone: str(spec.timezone) ?? "",
    concurrencyPolicy: str(spec.concurrencyPolicy) ?? "",
    suspend: spec.suspend === true,
    startingDeadlineSeconds: int(spec.startingDeadlineSeconds),
    successfulJobsHistoryLimit: int(spec.successfulJobsHistoryLimit),
    failedJobsHistoryLimit: int(spec.failedJobsHistoryLimit),
    stopExpression: stop ? str(stop.expression) : undefined,
    when: str(spec.when) ?? "",
    workflowSpec: (isRecord(spec.workflowSpec) ? spec.workflowSpec : {}) as WorkflowSpec,
    workflowMetadata: isRecord(spec.workflowMetadata) ? (spec.workflowMetadata as ObjectMeta) : undefined,
  };
}

/** Argo's `GetSchedules`: the single `schedule` when set, else `schedules`. */
export function schedulesOf(spec: CronSpec): string[] {
  return spec.schedule !== undefined ? [spec.schedule] : spec.schedules;
}

/** Argo's `withTimezone`: a schedule with the spec's `timezone` as a `CRON_TZ=` prefix. */
export function withTimezone(spec: CronSpec, schedule: string): string {
  return spec.timezone !== "" ? `CRON_TZ=${spec.timezone} ${schedule}` : schedule;
}

/** Argo's `GetScheduleWithTimezoneString`, the value of the last-used-schedule annotation. */
export function scheduleString(spec: CronSpec): string {
  return schedulesOf(spec)
    .map((s) => withTimezone(spec, s))
    .join(",");
}

/** The stored status in Argo's shape, whatever was stored (missing or malformed fields → defaults). */
export function readStatus(cron: CronObject): CronWorkflowStatus {
  const s = isRecord(cron.status) ? cron.status : {};
  const active = Array.isArray(s.active) ? (s.active.filter(isRecord) as unknown as ObjectReference[]) : [];
  const conditions = Array.isArray(s.conditions)
    ? (s.conditions.filter(isRecord) as unknown as CronCondition[])
    : [];
  const phase = s.phase === "Active" || s.phase === "Stopped" ? s.phase : "";
  return {
    active: active.length ? active : null,
    lastScheduledTime: str(s.lastScheduledTime) ?? null,
    conditions: conditions.length ? conditions : null,
    succeeded: int(s.succeeded) ?? 0,
    failed: int(s.failed) ?? 0,
    phase,
  };
}

/** `namespace/name`, the key the controller queues work under. */
export const cronKey = (namespace: string, name: string): string => `${namespace}/${name}`;

/** Kubernetes' timestamp: RFC 3339 in UTC, whole seconds. */
export const rfc3339 = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
