/**
 * Context and time filters, as Argo's `filterContext` and `filterTime`.
 *
 * Context: each of `type`, `subject`, `source`, `datacontenttype` that is set must equal the
 * event's (Argo checks only these four; `id`, `time` and `specversion` are ignored).
 *
 * Time: the event's time (its `time` attribute, or `now` when that is unreadable) must fall in
 * [`start`, `stop`) on the event's day, both `HH:MM:SS` in UTC or in the optional IANA
 * `timezone`; when `stop` is not after `start` the window spans midnight.
 */
import type { EventContext, EventDependencyFilter } from "../../types.js";
import { type FilterResult, failed, passed } from "./result.js";

const contextFields = ["type", "subject", "source", "datacontenttype"] as const;

export function filterContext(
  expected: Partial<EventContext> | undefined,
  actual: EventContext,
): FilterResult {
  if (!expected) return passed;
  for (const field of contextFields) {
    const want = expected[field];
    if (want !== undefined && want !== "" && want !== actual[field]) {
      return failed(`context filter: ${field} is "${actual[field]}", expected "${want}"`);
    }
  }
  return passed;
}

/** Parses `HH:MM:SS` (Go's `15:04:05`: 1–2 digit hour, optional fraction) into seconds of day. */
function secondsOfDay(text: string): number | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})(\.\d+)?$/.exec(text);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (h > 23 || min > 59 || s > 59) return undefined;
  return h * 3600 + min * 60 + s + Number(m[4] ?? 0);
}

/** Seconds since local midnight of `at` in `timeZone` (UTC when undefined); undefined for a bad zone. */
function localSeconds(at: Date, timeZone: string | undefined): number | undefined {
  if (!timeZone || timeZone === "UTC") {
    return (
      at.getUTCHours() * 3600 + at.getUTCMinutes() * 60 + at.getUTCSeconds() + at.getUTCMilliseconds() / 1000
    );
  }
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    }).formatToParts(at);
  } catch {
    return undefined;
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get("hour") * 3600 + get("minute") * 60 + get("second") + at.getUTCMilliseconds() / 1000;
}

const hms = (secs: number) => {
  const s = Math.floor(secs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.floor(s / 3600))}:${pad(Math.floor(s / 60) % 60)}:${pad(s % 60)}`;
};

export function filterTime(
  window: EventDependencyFilter["time"] | undefined,
  eventTime: string,
  now: Date,
): FilterResult {
  if (!window) return passed;
  const timezone = (window as { timezone?: string }).timezone;
  const start = secondsOfDay(window.start);
  if (start === undefined) return failed(`time filter: invalid start "${window.start}" (want HH:MM:SS)`);
  const stop = secondsOfDay(window.stop);
  if (stop === undefined) return failed(`time filter: invalid stop "${window.stop}" (want HH:MM:SS)`);
  const parsed = new Date(eventTime);
  const at = Number.isNaN(parsed.getTime()) ? now : parsed;
  const t = localSeconds(at, timezone);
  if (t === undefined) return failed(`time filter: invalid timezone "${timezone}"`);
  const inside = start < stop ? t >= start && t < stop : t >= start || t < stop;
  if (inside) return passed;
  const zone = timezone ? ` ${timezone}` : " UTC";
  return failed(`time filter: event time ${hms(t)}${zone} is outside [${window.start}, ${window.stop})`);
}
