/**
 * How `argo template`, `argo cluster-template` and `argo cron` print their objects: the short
 * summaries of `get`/`create`, the NAME tables of `list`, and the cron workflow view with its
 * next scheduled time.
 */
import { stringify } from "yaml";
import { nextScheduledTimes } from "../controller/cron/index.js";
import type { CronWorkflow, WorkflowTemplate } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { shortDuration, timestamp } from "./format/humanize.js";
import { formatTable } from "./format/table.js";
import { conditionLines, field } from "./render-get.js";

type Printable = WorkflowTemplate | CronWorkflow;

/** `-o name|json|yaml`, or the summary for `wide`/none. */
export function renderObject(
  obj: Printable,
  output: string | undefined,
  summary: (o: never) => string,
): string {
  switch (output) {
    case "name":
      return `${obj.metadata.name ?? ""}\n`;
    case "json":
      return `${JSON.stringify(obj, null, 4)}\n`;
    case "yaml":
      return stringify(obj);
    case undefined:
    case "":
    case "wide":
      return summary(obj as never);
    default:
      throw invalid(`Unknown output format: ${output}`);
  }
}

export function templateSummary(t: WorkflowTemplate, nowMs = Date.now()): string {
  const lines = [field("Name:", t.metadata.name ?? "")];
  if (t.kind !== "ClusterWorkflowTemplate") lines.push(field("Namespace:", t.metadata.namespace ?? ""));
  lines.push(field("Created:", timestamp(t.metadata.creationTimestamp, nowMs)));
  return `${lines.join("\n")}\n`;
}

/** The NAME table of templates (NAMESPACE first with `-A`). */
export function templateTable(items: WorkflowTemplate[], allNamespaces = false): string {
  const rows = [[...(allNamespaces ? ["NAMESPACE"] : []), "NAME"]];
  for (const t of items)
    rows.push([...(allNamespaces ? [t.metadata.namespace ?? ""] : []), t.metadata.name ?? ""]);
  return formatTable(rows, 3);
}

interface CronSpecish {
  schedule?: string;
  schedules?: string[];
  timezone?: string;
  suspend?: boolean;
  startingDeadlineSeconds?: number;
  concurrencyPolicy?: string;
}

interface CronStatusish {
  lastScheduledTime?: string;
  active?: { name?: string }[];
  conditions?: { type: string; status: string; message?: string }[];
}

/** The schedules of a cron workflow (`schedules`, or the older single `schedule`). */
export function cronSchedules(cwf: CronWorkflow): string[] {
  const spec = cwf.spec as CronSpecish;
  return spec.schedules?.length ? spec.schedules : spec.schedule ? [spec.schedule] : [];
}

/**
 * The earliest next run over all schedules, in the cron workflow's timezone or UTC (Argo's CLI
 * assumes the controller runs in UTC), or undefined when a schedule does not parse.
 */
export function cronNextRun(cwf: CronWorkflow, nowMs = Date.now()): number | undefined {
  try {
    const [next] = nextScheduledTimes(cwf as Parameters<typeof nextScheduledTimes>[0], nowMs, 1);
    return next?.getTime();
  } catch {
    return undefined;
  }
}

export function cronSummary(cwf: CronWorkflow, nowMs = Date.now()): string {
  const spec = cwf.spec as CronSpecish;
  const status = (cwf.status ?? {}) as CronStatusish;
  const f = (label: string, value: string) => field(label, value, 30);
  const lines = [
    f("Name:", cwf.metadata.name ?? ""),
    f("Namespace:", cwf.metadata.namespace ?? ""),
    f("Created:", timestamp(cwf.metadata.creationTimestamp, nowMs)),
    f("Schedules:", cronSchedules(cwf).join(",")),
    f("Suspended:", String(Boolean(spec.suspend))),
  ];
  if (spec.timezone) lines.push(f("Timezone:", spec.timezone));
  if (spec.startingDeadlineSeconds !== undefined)
    lines.push(f("StartingDeadlineSeconds:", String(spec.startingDeadlineSeconds)));
  if (spec.concurrencyPolicy) lines.push(f("ConcurrencyPolicy:", spec.concurrencyPolicy));
  if (status.lastScheduledTime)
    lines.push(f("LastScheduledTime:", timestamp(status.lastScheduledTime, nowMs)));
  const next = cronNextRun(cwf, nowMs);
  if (next !== undefined)
    lines.push(f("NextScheduledTime:", `${timestamp(next, nowMs)} (assumes workflow-controller is in UTC)`));
  if (status.active?.length)
    lines.push(f("Active Workflows:", status.active.map((a) => a.name ?? "").join(", ")));
  if (status.conditions?.length) lines.push(...conditionLines(status.conditions, 30));
  const params = cwf.spec.workflowSpec?.arguments?.parameters ?? [];
  if (params.length) {
    lines.push(f("Workflow Parameters:", ""));
    for (const p of params) if (p.value !== undefined) lines.push(f(`  ${p.name}:`, String(p.value)));
  }
  return `${lines.map((l) => l.trimEnd()).join("\n")}\n`;
}

/** `argo cron list`'s table. */
export function cronTable(items: CronWorkflow[], allNamespaces = false, nowMs = Date.now()): string {
  const rows = [
    [
      ...(allNamespaces ? ["NAMESPACE"] : []),
      "NAME",
      "AGE",
      "LAST RUN",
      "NEXT RUN",
      "SCHEDULES",
      "TIMEZONE",
      "SUSPENDED",
    ],
  ];
  for (const c of items) {
    const spec = c.spec as CronSpecish;
    const last = (c.status as CronStatusish | undefined)?.lastScheduledTime;
    const next = cronNextRun(c, nowMs);
    rows.push([
      ...(allNamespaces ? [c.metadata.namespace ?? ""] : []),
      c.metadata.name ?? "",
      shortDuration(c.metadata.creationTimestamp, nowMs, nowMs),
      last ? shortDuration(last, nowMs, nowMs) : "N/A",
      next !== undefined ? shortDuration(next, nowMs, nowMs) : "N/A",
      cronSchedules(c).join(","),
      spec.timezone ?? "",
      String(Boolean(spec.suspend)),
    ]);
  }
  return formatTable(rows, 3);
}
