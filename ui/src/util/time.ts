/** Times and durations the way Argo's UI shows them: "3m 12s", "5 minutes ago", local timestamps. */

const units: [string, number][] = [
  ["d", 86400],
  ["h", 3600],
  ["m", 60],
  ["s", 1],
];

/** `1h 3m`, `4m 2s`, `7s`: the two largest units of a number of seconds. */
export function formatDuration(totalSeconds: number): string {
  let rest = Math.max(0, Math.round(totalSeconds));
  if (rest === 0) return "0s";
  const parts: string[] = [];
  for (const [unit, size] of units) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)}${unit}`);
      rest %= size;
    } else if (parts.length > 0) break;
  }
  return parts.join(" ");
}

const ms = (iso: string | undefined) => (iso ? Date.parse(iso) : Number.NaN);

/** Seconds from `start` to `end` (or to `now` while unfinished); undefined before it started. */
export function durationSeconds(start?: string, end?: string, now = Date.now()): number | undefined {
  const s = ms(start);
  if (Number.isNaN(s)) return undefined;
  const e = end ? ms(end) : now;
  return Number.isNaN(e) ? undefined : Math.max(0, (e - s) / 1000);
}

const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
const steps: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 31536000],
  ["month", 2592000],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
  ["second", 1],
];

/** "5 minutes ago" / "in 2 hours". */
export function fromNow(iso: string | undefined, now = Date.now()): string {
  const t = ms(iso);
  if (Number.isNaN(t)) return "";
  const diff = (t - now) / 1000;
  for (const [unit, size] of steps) {
    if (Math.abs(diff) >= size || unit === "second") return relative.format(Math.round(diff / size), unit);
  }
  return "";
}

const stamp = new Intl.DateTimeFormat(undefined, {
  year: "numeric",
  month: "short",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
});

/** A local, readable timestamp. */
export function formatTime(iso: string | undefined): string {
  const t = ms(iso);
  return Number.isNaN(t) ? "" : stamp.format(t);
}
