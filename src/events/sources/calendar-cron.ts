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
 * scheduler in src/controller makes the same choice; src/events may not import it.)
 */
import { Cron } from "croner";

/** A parsed five-field line. */
export interface CronLine {
  minute: number[];
  hour: number[];
  dom: number[];
  month: number[];
  dow: number[];
  /** robfig: when either day field starts with `*` or `?` (and no step > 1), both must match. */
  domAndDow: boolean;
  /** The zone of a `TZ=`/`CRON_TZ=` prefix, if any. */
  zone: string | undefined;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const monthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const dayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];
const named = (names: string[], first: number): Record<string, number> =>
  Object.fromEntries(names.map((n, i) => [n, i + first]));

const fieldBounds: Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: named(monthNames, 1) },
  { min: 0, max: 6, names: named(dayNames, 0) },
];

/** True when Go's `time.LoadLocation` would load `name` ("" and "Local" are built in). */
export function isKnownZone(name: string): boolean {
  if (name === "" || name === "UTC" || name === "Local") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new Error(
      `failed to parse int from ${text}: strconv.Atoi: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  }
  const n = Number(text);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${text}`);
  return n;
}

const nameOrInt = (text: string, b: Bounds): number => b.names?.[text.toLowerCase()] ?? atoi(text);

/** robfig's `getRange`; returns whether the range keeps the "star bit". */
function addRange(expr: string, b: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    [start, end, star] = [b.min, b.max, true];
  } else {
    start = nameOrInt(lowAndHigh[0] ?? "", b);
    if (lowAndHigh.length > 2) throw new Error(`too many hyphens: ${expr}`);
    end = lowAndHigh.length === 2 ? nameOrInt(lowAndHigh[1] ?? "", b) : start;
  }
  let step = 1;
  if (rangeAndStep.length > 2) throw new Error(`too many slashes: ${expr}`);
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1] ?? "");
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  }
  if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.add(v);
  return star;
}

function parseField(text: string, b: Bounds): { values: number[]; star: boolean } {
  const values = new Set<number>();
  let star = false;
  for (const part of text.split(",")) if (part !== "" && addRange(part, b, values)) star = true;
  return { values: [...values].sort((x, y) => x - y), star };
}

/** Parses a `schedule` as Argo's calendar does; throws an `Error` with robfig's message. */
export function parseCronLine(line: string): CronLine {
  if (line === "") throw new Error("empty spec string");
  let spec = line;
  let zone: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    const name = spec.slice(spec.indexOf("=") + 1, space < 0 ? undefined : space);
    if (!isKnownZone(name)) throw new Error(`provided bad location ${name}: unknown time zone ${name}`);
    zone = name === "" || name === "Local" ? "UTC" : name;
    spec = space < 0 ? "" : spec.slice(space).trim();
  }
  if (spec.startsWith("@")) throw new Error(`parser does not accept descriptors: ${spec}`);
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  }
  type Field = ReturnType<typeof parseField>;
  const parsed = fields.map((f, i) => parseField(f, fieldBounds[i] as Bounds));
  const at = (i: number): Field => parsed[i] as Field;
  return {
    minute: at(0).values,
    hour: at(1).values,
    dom: at(2).values,
    month: at(3).values,
    dow: at(4).values,
    domAndDow: at(2).star || at(4).star,
    zone,
  };
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
