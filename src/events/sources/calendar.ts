/**
 * The `calendar` event source: an event at each tick of a cron `schedule` or a constant `interval`,
 * skipping `exclusionDates`, with Argo's `data` (`{eventTime, metadata}`; `eventTime` is Go's
 * `time.Time.String()`). The loop is Argo's: compute the next tick after the last one; a tick
 * already in the past is sent at once with its scheduled time, otherwise wait for it and send the
 * clock's reading. With `persistence`, each sent tick is recorded in `context.state` (Argo uses a
 * ConfigMap; the record is the same JSON) and a failed send is retried; with `catchup.enabled`,
 * a start resumes from the recorded tick (at most `maxDuration` back), so ticks missed while
 * stopped are sent, in order, before the live ones.
 *
 * Without a `timezone` the schedule runs in UTC, as Argo's event source pods (with no TZ) do.
 */
import { createHash } from "node:crypto";
import { performance } from "node:perf_hooks";
import { parseDurationNs } from "../../expr/index.js";
import { invalid } from "../../util/errors.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import { cronNext, isKnownZone, type NextFn, parseCronLine } from "./calendar-cron.js";
import { type CalendarDate, isExcluded, parseExclusionDates } from "./calendar-exdate.js";
import { civilAt, goTimeString, parseGoTimeString } from "./calendar-time.js";
import { withSourceFilter } from "./filtered.js";

/** How the calendar waits; tests pass one driven by fake time. */
export interface CalendarTimer {
  /** Resolves after `ms` milliseconds (of the clock `context.now()` reads), or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface CalendarDriverOptions {
  /** @default real timers */
  timer?: CalendarTimer;
  /** The monotonic clock reading (ns) Go appends to a clock time as ` m=+…`. @default process uptime */
  monotonicNs?: () => number;
}

/** Argo's retry pause after a failed send when persistence is on. */
const retryMs = 100;
/** setTimeout's limit; longer waits are taken in steps. */
const maxSleepMs = 2 ** 31 - 1;

export const realTimer: CalendarTimer = {
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(handle);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const handle = setTimeout(done, Math.max(0, Math.min(ms, maxSleepMs)));
      signal.addEventListener("abort", done, { once: true });
    }),
};

interface CalendarSettings {
  next: NextFn;
  /** The zone ticks are shown and compared in: `timezone`, else UTC. */
  zone: string;
  metadata: Record<string, string> | undefined;
  persistent: boolean;
  catchup: boolean;
  /** ms, or undefined for no bound. */
  maxCatchup: number | undefined;
}

const str = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
const cause = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function goStringMap(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const keys = Object.keys(v).sort();
  if (keys.length === 0) return undefined;
  return Object.fromEntries(keys.map((k) => [k, str((v as Record<string, unknown>)[k])]));
}

/** Argo's `resolveSchedule` and the rest of an entry, with Argo's messages. */
export function readCalendarSettings(entry: SourceEntry, where: string): CalendarSettings {
  const schedule = str(entry.schedule);
  const interval = str(entry.interval);
  if (schedule === "" && interval === "") throw invalid("must have either schedule or interval");
  // Checked in Argo's order: schedule, exclusion dates, persistence, then the time zone.
  let stepIn: (zone: string) => NextFn;
  if (schedule !== "") {
    try {
      const line = parseCronLine(schedule);
      stepIn = (zone) => cronNext(line, zone);
    } catch (e) {
      throw invalid(`failed to parse schedule ${schedule} from calendar event. Cause: ${cause(e)}`, {
        cause: e,
      });
    }
  } else {
    let ns: number;
    try {
      ns = parseDurationNs(interval);
    } catch (e) {
      throw invalid(`failed to parse interval ${interval} from calendar event. Cause: ${cause(e)}`, {
        cause: e,
      });
    }
    // Argo's loop never ends for a delay that does not move time forward; refuse it instead.
    if (ns <= 0) throw invalid(`interval ${interval} must be positive`);
    const delay = ns / 1e6;
    // robfig's ConstantDelaySchedule: the current whole second plus the delay.
    stepIn = () => (after) => {
      let t = Math.floor(after / 1000) * 1000 + delay;
      while (t <= after) t += delay;
      return t;
    };
  }
  let excluded: CalendarDate[];
  try {
    excluded = parseExclusionDates(Array.isArray(entry.exclusionDates) ? entry.exclusionDates.map(str) : []);
  } catch (e) {
    throw invalid(cause(e), { cause: e });
  }
  const persistence = entry.persistence as
    | { catchup?: { enabled?: unknown; maxDuration?: unknown } }
    | undefined;
  const persistent = typeof persistence === "object" && persistence !== null;
  const catchup = persistent && persistence.catchup?.enabled === true;
  const maxDuration = str(persistence?.catchup?.maxDuration);
  let maxCatchup: number | undefined;
  if (catchup && maxDuration !== "") {
    try {
      maxCatchup = parseDurationNs(maxDuration) / 1e6;
    } catch (e) {
      throw invalid(cause(e), { cause: e });
    }
  }
  const timezone = str(entry.timezone);
  if (!isKnownZone(timezone)) {
    throw invalid(`failed to load location for event source ${where}, , unknown time zone ${timezone}`);
  }
  const zone = timezone === "" || timezone === "Local" ? "UTC" : timezone;
  const step = stepIn(zone);
  const next: NextFn = (after) => {
    let t = step(after);
    // Argo moves past an excluded day one tick at a time; the bound only stops a pathological spec.
    for (let i = 0; t !== null && i < 100_000 && isExcluded(excluded, civilAt(t, zone)); i++) t = step(t);
    return t;
  };
  return { next, zone, metadata: goStringMap(entry.metadata), persistent, catchup, maxCatchup };
}

/** The same id for the same tick of the same event, so a tick re-sent after a crash is de-duplicated. */
function tickId(context: SourceContext, tickMs: number): string {
  const h = createHash("sha256")
    .update(`${context.namespace}/${context.eventSourceName}/${context.eventName}/calendar/${tickMs}`)
    .digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function createCalendarDriver(options: CalendarDriverOptions = {}): SourceDriver {
  const timer = options.timer ?? realTimer;
  const monotonicNs = options.monotonicNs ?? (() => Math.round(performance.now() * 1e6));

  return {
    type: "calendar",
    async start(entry: SourceEntry, given: SourceContext): Promise<RunningSource> {
      const context = withSourceFilter(entry, given);
      const where = `${context.eventSourceName} / ${context.eventName}`;
      const settings = readCalendarSettings(entry, where);
      const stopping = new AbortController();
      const signal = stopping.signal;
      const onAbort = (): void => stopping.abort();
      if (context.signal.aborted) stopping.abort();
      context.signal.addEventListener("abort", onAbort, { once: true });
      const key = `${context.eventSourceName}.${context.eventName}`;
      const now = (): number => context.now().getTime();

      /** Sends one tick; false when the bus refused it. */
      const send = async (eventTime: string, tickMs: number): Promise<boolean> => {
        const data = { eventTime, ...(settings.metadata ? { metadata: settings.metadata } : {}) };
        try {
          await context.emit(data, { id: tickId(context, tickMs) });
        } catch (e) {
          context.log("error", "failed to dispatch calendar event", { error: cause(e) });
          return false;
        }
        if (settings.persistent) {
          await context.state.put(key, JSON.stringify(data)).catch((e: unknown) => {
            context.log("error", "failed to persist calendar event", { error: cause(e) });
          });
        }
        return true;
      };

      /** Where ticks resume from: now, or the recorded last tick when catching up. */
      const startFrom = async (): Promise<number> => {
        let last = now();
        if (!settings.catchup) return last;
        try {
          const recorded = await context.state.get(key);
          if (recorded) {
            const at = parseGoTimeString(str((JSON.parse(recorded) as { eventTime?: unknown }).eventTime));
            if (at === undefined) throw new Error(`cannot read eventTime of ${recorded}`);
            last = at;
          }
        } catch (e) {
          context.log("error", "failed to get last persisted event, starting from now", { error: cause(e) });
        }
        if (settings.maxCatchup !== undefined && settings.maxCatchup < now() - last) {
          last = now() - settings.maxCatchup;
        }
        return last;
      };

      const loop = async (): Promise<void> => {
        let last = await startFrom();
        while (!signal.aborted) {
          const t = settings.next(last);
          if (t === null) {
            context.log("warn", "the schedule never fires");
            await timer.sleep(maxSleepMs, signal);
            continue;
          }
          let clock = now();
          let eventTime: string;
          let sentAt: number;
          if (clock > t) {
            eventTime = goTimeString(t, settings.zone);
            sentAt = t;
          } else {
            while (clock < t && !signal.aborted) {
              await timer.sleep(t - clock, signal);
              clock = now();
            }
            if (signal.aborted) return;
            eventTime = goTimeString(clock, "UTC", monotonicNs());
            sentAt = clock;
          }
          if (!(await send(eventTime, t)) && settings.persistent) {
            await timer.sleep(retryMs, signal);
            continue;
          }
          last = sentAt;
        }
      };

      context.log("info", "started processing the calendar event source");
      const done = loop().catch((e: unknown) => {
        context.log("error", "calendar event source stopped on an error", { error: cause(e) });
      });
      return {
        async stop() {
          context.signal.removeEventListener("abort", onAbort);
          stopping.abort();
          await done;
        },
      };
    },
  };
}
