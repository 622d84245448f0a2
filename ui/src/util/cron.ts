/**
 * Next run times of a five-field cron schedule, computed in the browser for the cron pages. The
 * grammar is the standard one Argo accepts (robfig/cron's ParseStandard): `*`, `?`, lists, ranges,
 * steps, month and weekday names, the `@yearly`…`@hourly` descriptors and a `CRON_TZ=`/`TZ=`
 * prefix. When either day field is unrestricted both must match, otherwise either (as robfig).
 * Anything else (`@every`, six fields) is "not computable" and the page shows the text instead.
 */

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const monthNames = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");
const dayNames = "sun mon tue wed thu fri sat".split(" ");
const fieldBounds: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: Object.fromEntries(monthNames.map((n, i) => [n, i + 1])) },
  { min: 0, max: 6, names: Object.fromEntries(dayNames.map((n, i) => [n, i])) },
];

const descriptors: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

export interface CronSchedule {
  fields: Set<number>[];
  /** Both day fields must match (one of them is `*` or `?`). */
  daysAnd: boolean;
  zone: string | undefined;
}

function value(text: string, b: Bounds): number {
  const named = b.names?.[text.toLowerCase()];
  const n = named ?? (/^\d+$/.test(text) ? Number(text) : Number.NaN);
  if (Number.isNaN(n) || n < b.min || n > b.max) throw new Error(`bad value ${text}`);
  return n;
}

function parseField(text: string, b: Bounds): Set<number> {
  const out = new Set<number>();
  for (const part of text.split(",")) {
    const [range = "", stepText] = part.split("/");
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`bad step in ${part}`);
    let lo: number;
    let hi: number;
    if (range === "*" || range === "?") [lo, hi] = [b.min, b.max];
    else if (range.includes("-")) {
      const [a = "", z = ""] = range.split("-");
      [lo, hi] = [value(a, b), value(z, b)];
    } else {
      lo = value(range, b);
      hi = stepText === undefined ? lo : b.max;
    }
    if (lo > hi) throw new Error(`bad range ${part}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Parses a schedule line; undefined when this parser does not handle it. */
export function parseCron(line: string): CronSchedule | undefined {
  let text = line.trim();
  let zone: string | undefined;
  const tz = /^(?:CRON_TZ|TZ)=(\S+)\s+/.exec(text);
  if (tz) {
    zone = tz[1];
    text = text.slice(tz[0].length);
  }
  text = descriptors[text.toLowerCase()] ?? text;
  const parts = text.split(/\s+/);
  if (parts.length !== 5) return undefined;
  try {
    const fields = parts.map((p, i) => parseField(p, fieldBounds[i] as Bounds));
    const star = (p: string | undefined) => p !== undefined && (p.startsWith("*") || p.startsWith("?"));
    return { fields, daysAnd: star(parts[2]) || star(parts[4]), zone };
  } catch {
    return undefined;
  }
}

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC at an instant, in ms (wall clock − UTC). */
function zoneOffset(zone: string | undefined, at: number): number {
  if (!zone) return -new Date(at).getTimezoneOffset() * 60000;
  let f = partsFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    partsFormatters.set(zone, f);
  }
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(at)) p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * The next `count` run times after `from` (ms). `zone` is the CronWorkflow's `timezone`; a
 * `CRON_TZ=` prefix wins. Wall-clock times are searched field by field, then turned into instants.
 */
export function nextRuns(s: CronSchedule, from: number, count: number, zone?: string): Date[] {
  const tz = s.zone ?? zone;
  const [minutes, hours, doms, months, dows] = s.fields as [
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
    Set<number>,
  ];
  // `t` is the wall-clock time in the zone, held in a Date's UTC fields.
  const t = new Date(from + zoneOffset(tz, from));
  t.setUTCSeconds(0, 0);
  t.setUTCMinutes(t.getUTCMinutes() + 1);
  const out: Date[] = [];
  for (let guard = 0; out.length < count && guard < 200000; guard++) {
    if (!months.has(t.getUTCMonth() + 1)) {
      t.setUTCMonth(t.getUTCMonth() + 1, 1);
      t.setUTCHours(0, 0);
      continue;
    }
    const dom = doms.has(t.getUTCDate());
    const dow = dows.has(t.getUTCDay());
    if (!(s.daysAnd ? dom && dow : dom || dow)) {
      t.setUTCDate(t.getUTCDate() + 1);
      t.setUTCHours(0, 0);
      continue;
    }
    if (!hours.has(t.getUTCHours())) {
      t.setUTCHours(t.getUTCHours() + 1, 0);
      continue;
    }
    if (!minutes.has(t.getUTCMinutes())) {
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      continue;
    }
    const wall = t.getTime();
    const guess = wall - zoneOffset(tz, wall);
    const instant = wall - zoneOffset(tz, guess);
    if (instant > from) out.push(new Date(instant));
    t.setUTCMinutes(t.getUTCMinutes() + 1);
  }
  return out;
}
