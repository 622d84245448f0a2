/**
 * When a CronWorkflow's schedules fire. Lines are read as Argo reads them (src/expr/cron.ts); the
 * calendar work — time zones, DST, the next and previous matching minute — is croner's.
 *
 * DST follows Argo (robfig/cron): a wall-clock time that does not exist on the spring-forward day
 * is skipped, and a time inside the repeated hour on the fall-back day runs on both occurrences
 * (Argo's docs table this for `59 1 * * *`). croner does exactly that for "interval" jobs, so every
 * pattern is handed to croner with a seconds field of `*` stepped by 60 (second 0 only), which
 * croner's documented rule never counts as a fixed-time job.
 */
import { Cron } from "croner";
import { type ParsedSchedule, parseSchedule } from "../../expr/index.js";
import { type CronObject, type CronSpec, readSpec, schedulesOf, withTimezone } from "./types.js";

/** The zone of schedules that name none (Argo: the controller's zone; in Kubernetes, UTC). */
export const defaultZone = "UTC";

/** One schedule line, ready to answer "when next?" and "when last, before now?". */
export interface Schedule {
  /** The line with the spec's `CRON_TZ=` prefix, as Argo hands it to its scheduler. */
  line: string;
  /** The first firing strictly after `afterMs` (robfig's `Next`), or null when there is none. */
  next(afterMs: number): number | null;
  /**
   * The latest firing `t` with `lastMs < t < nowMs` when stepping `next` from `lastMs` (Argo's
   * missed-run search), or null.
   */
  latestMissed(lastMs: number, nowMs: number): number | null;
}

const wholeSecond = (ms: number): number => Math.floor(ms / 1000) * 1000;

function everySchedule(line: string, delayMs: number): Schedule {
  return {
    line,
    // robfig's ConstantDelaySchedule: the current second, plus the delay.
    next: (afterMs) => wholeSecond(afterMs) + delayMs,
    latestMissed(lastMs, nowMs) {
      const base = wholeSecond(lastMs);
      const steps = Math.ceil((nowMs - base) / delayMs) - 1;
      return steps >= 1 ? base + steps * delayMs : null;
    },
  };
}

const list = (values: number[]): string => values.join(",");

function fieldSchedule(
  line: string,
  parsed: Extract<ParsedSchedule, { kind: "fields" }>,
  zone: string,
): Schedule {
  const fields = [parsed.minute, parsed.hour, parsed.dom, parsed.month, parsed.dow];
  // An empty field (",") matches nothing: robfig never runs it.
  if (fields.some((f) => f.length === 0)) {
    return { line, next: () => null, latestMissed: () => null };
  }
  const pattern = `*/60 ${fields.map(list).join(" ")}`;
  const cron = new Cron(pattern, { timezone: zone, mode: "6-part", domAndDow: parsed.domAndDow });
  return {
    line,
    next(afterMs) {
      const d = cron.nextRun(new Date(afterMs));
      return d ? d.getTime() : null;
    },
    latestMissed(lastMs, nowMs) {
      const [prev] = cron.previousRuns(1, new Date(nowMs));
      return prev && prev.getTime() > lastMs ? prev.getTime() : null;
    },
  };
}

/** Compiles one line (with any `CRON_TZ=` prefix); throws robfig's message when it is malformed. */
export function compileSchedule(line: string, zone: string = defaultZone): Schedule {
  const parsed = parseSchedule(line);
  if (parsed.kind === "every") return everySchedule(line, parsed.delayMs);
  return fieldSchedule(line, parsed, parsed.zone ?? zone);
}

export interface CompiledSchedules {
  schedules: Schedule[];
  /** Argo's message for each line that does not parse. */
  errors: string[];
}

/** Every schedule of a spec, with its timezone applied; lines that fail are reported, not thrown. */
export function compileSpecSchedules(spec: CronSpec, zone: string = defaultZone): CompiledSchedules {
  const out: CompiledSchedules = { schedules: [], errors: [] };
  for (const line of schedulesOf(spec)) {
    try {
      out.schedules.push(compileSchedule(withTimezone(spec, line), zone));
    } catch (e) {
      out.errors.push(`cron schedule ${line} is malformed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return out;
}

/** The earliest firing of any schedule strictly after `afterMs`, or null. */
export function nextAfter(schedules: readonly Schedule[], afterMs: number): number | null {
  let best: number | null = null;
  for (const s of schedules) {
    const t = s.next(afterMs);
    if (t !== null && (best === null || t < best)) best = t;
  }
  return best;
}

/** The most recent firing of any schedule after `lastMs` and before `nowMs`, or null. */
export function latestMissed(schedules: readonly Schedule[], lastMs: number, nowMs: number): number | null {
  let best: number | null = null;
  for (const s of schedules) {
    const t = s.latestMissed(lastMs, nowMs);
    if (t !== null && (best === null || t > best)) best = t;
  }
  return best;
}

export interface NextTimesOptions {
  /** Zone of schedules without `timezone` or `CRON_TZ=`. @default "UTC" */
  timezone?: string;
}

/**
 * The next `count` times (ascending, no repeats) a CronWorkflow is scheduled after `fromMs`, for
 * `argosy cron get` and the UI. Suspension is ignored; malformed lines contribute nothing.
 */
export function nextScheduledTimes(
  cron: CronObject,
  fromMs: number,
  count: number,
  options: NextTimesOptions = {},
): Date[] {
  const { schedules } = compileSpecSchedules(readSpec(cron), options.timezone ?? defaultZone);
  const out: Date[] = [];
  let after = fromMs;
  while (out.length < count) {
    const t = nextAfter(schedules, after);
    if (t === null) break;
    out.push(new Date(t));
    after = t;
  }
  return out;
}
