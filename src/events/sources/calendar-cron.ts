/**
 * A calendar's `schedule`, read as Argo reads it: robfig/cron v3 with a parser of exactly five
 * fields (minute, hour, day of month, month, day of week), an optional `TZ=`/`CRON_TZ=` prefix, and
 * no descriptors — Argo's calendar parser does not enable them, so `@daily` or `@every 1m` is an
 * error there and here (use `interval` for a constant delay). Messages are robfig's.
 *
 * croner does the calendar arithmetic (zones, DST). robfig skips a wall time that does not exist
 * on a spring-forward day and fires twice inside a repeated fall-back hour; croner does the same
 * for patterns it treats as "interval" jobs, so each pattern gets a seconds field of `*` stepped
 * by 60 (second 0 only), which croner never treats as a fixed-time job. (The CronWorkflow
 * scheduler in src/controller makes the same choice.) The line itself is read by the robfig parser
 * CronWorkflows use (src/expr/cron.ts), without its descriptors.
 */
import { Cron } from "croner";
import { type FieldSchedule, parseSchedule } from "../../expr/index.js";

export { isKnownZone } from "../../expr/index.js";

/** A parsed five-field line (the zone is that of a `TZ=`/`CRON_TZ=` prefix, if any). */
export type CronLine = Omit<FieldSchedule, "kind">;

/** Parses a `schedule` as Argo's calendar does; throws an `Error` with robfig's message. */
export function parseCronLine(line: string): CronLine {
  const spec = /^(CRON_)?TZ=/.test(line) ? line.slice(line.indexOf(" ") + 1).trim() : line;
  if (line !== "" && spec.startsWith("@")) throw new Error(`parser does not accept descriptors: ${spec}`);
  const parsed = parseSchedule(line);
  if (parsed.kind !== "fields") throw new Error(`parser does not accept descriptors: ${spec}`);
  const { kind: _kind, ...fields } = parsed;
  return fields;
}

/** "When next?" for a parsed line in a zone: the first firing strictly after `afterMs`, or null. */
export type NextFn = (afterMs: number) => number | null;

/** Compiles a line for `zone` (a prefix zone wins, as robfig's schedule location does). */
export function cronNext(line: CronLine, zone: string): NextFn {
  const fields = [line.minute, line.hour, line.dom, line.month, line.dow];
  // A field like "," allows nothing: robfig never fires it (Argo would spin on its zero time).
  if (fields.some((f) => f.length === 0)) return () => null;
  const pattern = `*/60 ${fields.map((f) => f.join(",")).join(" ")}`;
  const cron = new Cron(pattern, { timezone: line.zone ?? zone, mode: "6-part", domAndDow: line.domAndDow });
  return (afterMs) => cron.nextRun(new Date(afterMs))?.getTime() ?? null;
}
