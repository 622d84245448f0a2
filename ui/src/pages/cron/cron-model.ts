/** Reading a CronWorkflow for display: its schedules, status fields and next run times. */
import type { CronWorkflow } from "../../types.js";
import { nextRuns, parseCron } from "../../util/cron.js";

export interface CronStatusView {
  active: { name: string; namespace: string }[];
  lastScheduledTime: string | undefined;
  succeeded: number;
  failed: number;
  phase: string;
  conditions: { type: string; status: string; message?: string }[];
}

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const rec = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" ? (v as Record<string, unknown>) : {};

export function cronStatus(c: CronWorkflow): CronStatusView {
  const s = rec(c.status);
  return {
    active: arr(s.active).map((r) => ({
      name: String(rec(r).name ?? ""),
      namespace: String(rec(r).namespace ?? ""),
    })),
    lastScheduledTime: typeof s.lastScheduledTime === "string" ? s.lastScheduledTime : undefined,
    succeeded: Number(s.succeeded ?? 0),
    failed: Number(s.failed ?? 0),
    phase: typeof s.phase === "string" ? s.phase : "",
    conditions: arr(s.conditions).map((x) => rec(x) as CronStatusView["conditions"][number]),
  };
}

/** `spec.schedules`, or v3.6's single `spec.schedule`. */
export function schedulesOf(c: CronWorkflow): string[] {
  const list = c.spec?.schedules;
  if (Array.isArray(list) && list.length) return list.map(String);
  const one = c.spec?.schedule;
  return typeof one === "string" && one ? [one] : [];
}

/** The next `count` runs over all schedules, soonest first; undefined when none can be computed. */
export function nextRunsOf(c: CronWorkflow, from: number, count: number): Date[] | undefined {
  const zone = typeof c.spec?.timezone === "string" && c.spec.timezone ? c.spec.timezone : undefined;
  const all: Date[] = [];
  let computable = false;
  for (const line of schedulesOf(c)) {
    const parsed = parseCron(line);
    if (!parsed) continue;
    computable = true;
    try {
      all.push(...nextRuns(parsed, from, count, zone));
    } catch {
      // an unknown time zone: leave this schedule out
    }
  }
  if (!computable) return undefined;
  const unique = [...new Map(all.map((d) => [d.getTime(), d])).values()];
  return unique.sort((a, b) => a.getTime() - b.getTime()).slice(0, count);
}
