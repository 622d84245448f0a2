/**
 * Durations and times as Argo's CLI prints them: short relative durations for table columns
 * (`0s`, `5s`, `3m`, `2h`, `4d`), long durations for `argo get` (`1 minute 5 seconds`), timestamps
 * with a relative suffix (`Mon Jan 02 15:04:05 -0700 (3 minutes ago)`), and Go's default time
 * format for `argo wait`. Each magnitude truncates, as go-humanize does, never rounds.
 */

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;
const day = 24 * hour;
const week = 7 * day;
const month = 30 * day;
const year = 12 * month;

/** One step of a magnitude table: below `below` ms, print `format` with `%d` = ms / `divBy`. */
interface Magnitude {
  below: number;
  format: string;
  divBy: number;
}

const shortMagnitudes: Magnitude[] = [
  { below: second, format: "0s", divBy: 1 },
  { below: 2 * second, format: "1s", divBy: 1 },
  { below: minute, format: "%ds", divBy: second },
  { below: 2 * minute, format: "1m", divBy: 1 },
  { below: hour, format: "%dm", divBy: minute },
  { below: 2 * hour, format: "1h", divBy: 1 },
  { below: day, format: "%dh", divBy: hour },
  { below: 2 * day, format: "1d", divBy: 1 },
  { below: week, format: "%dd", divBy: day },
];

const longMagnitudes: Magnitude[] = [
  { below: second, format: "0 seconds", divBy: 1 },
  { below: 2 * second, format: "1 second", divBy: 1 },
  { below: minute, format: "%d seconds", divBy: second },
  { below: 2 * minute, format: "1 minute", divBy: 1 },
  { below: hour, format: "%d minutes", divBy: minute },
  { below: 2 * hour, format: "1 hour", divBy: 1 },
  { below: day, format: "%d hours", divBy: hour },
  { below: 2 * day, format: "1 day", divBy: 1 },
  { below: week, format: "%d days", divBy: day },
  { below: 2 * week, format: "1 week", divBy: 1 },
  { below: month, format: "%d weeks", divBy: week },
  { below: 2 * month, format: "1 month", divBy: 1 },
  { below: year, format: "%d months", divBy: month },
  { below: 18 * month, format: "1 year", divBy: 1 },
  { below: 2 * year, format: "2 years", divBy: 1 },
  { below: 37 * year, format: "%d years", divBy: year },
  { below: Number.POSITIVE_INFINITY, format: "a long while", divBy: 1 },
];

/** The relative-time table of `humanize.Time` ("now", "1 second", …). */
const agoMagnitudes: Magnitude[] = [{ below: second, format: "now", divBy: 1 }, ...longMagnitudes.slice(1)];

function pick(table: Magnitude[], ms: number): string {
  const diff = Math.abs(ms);
  const mag = table.find((m) => diff < m.below) ?? (table[table.length - 1] as Magnitude);
  return mag.format.replace("%d", String(Math.floor(diff / mag.divBy)));
}

const parse = (t: string | number | undefined): number | undefined => {
  if (t === undefined || t === "") return undefined;
  const ms = typeof t === "number" ? t : Date.parse(t);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * Argo's `RelativeDurationShort`: the time from `start` to `end` (or to now while `end` is unset),
 * in one unit. A missing start gives `0s`.
 */
export function shortDuration(start?: string | number, end?: string | number, nowMs = Date.now()): string {
  const s = parse(start);
  if (s === undefined) return "0s";
  return pick(shortMagnitudes, (parse(end) ?? nowMs) - s);
}

/** Argo's `humanize.Duration`: up to two units, `45 seconds`, `1 minute 5 seconds`, `2 hours 3 minutes`. */
export function longDuration(ms: number): string {
  const d = Math.max(0, ms);
  const first = pick(longMagnitudes, d);
  if (d < minute) return first;
  if (d < hour) return `${first} ${Math.floor((d % minute) / second)} seconds`;
  if (d < day) return `${first} ${Math.floor((d % hour) / minute)} minutes`;
  return `${first} ${Math.floor((d % day) / hour)} hours`;
}

/** `longDuration` from `start` to `end`, or to now while the end is unset. */
export function relativeDuration(start: string | number, end?: string | number, nowMs = Date.now()): string {
  return longDuration((parse(end) ?? nowMs) - (parse(start) ?? nowMs));
}

/** `3 minutes ago`, `now`, `2 hours from now`. */
export function ago(t: string | number, nowMs = Date.now()): string {
  const ms = parse(t) ?? nowMs;
  const text = pick(agoMagnitudes, nowMs - ms);
  if (text === "now") return text;
  return `${text} ${ms > nowMs ? "from now" : "ago"}`;
}

const days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const two = (n: number) => String(n).padStart(2, "0");

/** The local UTC offset of a moment as `-0700`. */
function offset(d: Date): string {
  const minutes = -d.getTimezoneOffset();
  const sign = minutes < 0 ? "-" : "+";
  const abs = Math.abs(minutes);
  return `${sign}${two(Math.floor(abs / 60))}${two(abs % 60)}`;
}

/** Argo's `humanize.Timestamp`: `Mon Jan 02 15:04:05 -0700 (3 minutes ago)` in local time. */
export function timestamp(t: string | number | undefined, nowMs = Date.now()): string {
  const ms = parse(t);
  if (ms === undefined) return "";
  const d = new Date(ms);
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  const date = `${days[d.getDay()]} ${months[d.getMonth()]} ${two(d.getDate())}`;
  return `${date} ${clock} ${offset(d)} (${ago(ms, nowMs)})`;
}

/** The local time zone's abbreviation (`UTC`, `CET`, `GMT+2`). */
function zoneName(d: Date): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
    .formatToParts(d)
    .find((p) => p.type === "timeZoneName");
  return part?.value === "GMT" && d.getTimezoneOffset() === 0 ? "UTC" : (part?.value ?? offset(d));
}

/** Go's default `time.Time` format, as `argo wait` prints: `2024-01-02 15:04:05 +0000 UTC`. */
export function goTime(t: string | number | undefined): string {
  const ms = parse(t);
  if (ms === undefined) return "0001-01-01 00:00:00 +0000 UTC";
  const d = new Date(ms);
  const fraction = d.getMilliseconds()
    ? `.${String(d.getMilliseconds()).padStart(3, "0").replace(/0+$/, "")}`
    : "";
  const date = `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}`;
  const clock = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}${fraction}`;
  return `${date} ${clock} ${offset(d)} ${zoneName(d)}`;
}

/** Go's `time.Duration.String()` for whole seconds: `0s`, `5s`, `1m5s`, `2h0m0s`. */
export function goDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${s % 60}s`;
  return `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m${s % 60}s`;
}

const unitMs: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: second,
  m: minute,
  h: hour,
  d: day,
};

/**
 * Parses a Go duration (`90s`, `1h30m`, `1.5h`) with Argo's `d` for days added. Returns
 * milliseconds, or undefined when the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const t = text.trim();
  if (t === "0") return 0;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h|d))+$/.test(t)) return undefined;
  let total = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/g)) {
    total += Number(m[1]) * (unitMs[m[2] as string] ?? 0);
  }
  return total;
}
