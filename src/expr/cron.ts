/**
 * Shared by CronWorkflows (src/controller/cron) and calendar event sources (src/events/sources),
 * which both read schedules with Go's robfig/cron; it lives with the other Go-compatible parsers.
 *
 * Reads a schedule line exactly as Argo's scheduler library (robfig/cron v3, `ParseStandard`) does,
 * with its error messages: an optional `CRON_TZ=`/`TZ=` prefix, then a descriptor (`@daily`,
 * `@every 1h30m`, …) or exactly five fields. croner computes the times (schedule.ts); this file
 * only decides what a line means, because croner accepts things Argo rejects (six fields, `L`,
 * `W`, `#`, weekday 7) and reads a few things differently (`5/15`, when day-of-month and
 * day-of-week combine with OR).
 */
import { parseDurationNs } from "./lang/index.js";

/** A cron line: the allowed values of each field (sorted), and how the two day fields combine. */
export interface FieldSchedule {
  kind: "fields";
  minute: number[];
  hour: number[];
  dom: number[];
  month: number[];
  dow: number[];
  /** robfig: days must match both fields when either starts with `*` or `?`; otherwise either. */
  domAndDow: boolean;
  /** IANA zone from a `CRON_TZ=` prefix; undefined → the controller's zone. */
  zone: string | undefined;
}

/** `@every <duration>`: a constant delay, whole seconds, at least one second. */
export interface EverySchedule {
  kind: "every";
  delayMs: number;
  zone: string | undefined;
}

export type ParsedSchedule = FieldSchedule | EverySchedule;

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const months: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const weekdays: Record<string, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const bounds = {
  minute: { min: 0, max: 59 },
  hour: { min: 0, max: 23 },
  dom: { min: 1, max: 31 },
  month: { min: 1, max: 12, names: months },
  dow: { min: 0, max: 6, names: weekdays },
} satisfies Record<string, Bounds>;

/** A field's values, and robfig's "star bit" (the field started with `*` or `?` and had no step > 1). */
interface Field {
  values: Set<number>;
  star: boolean;
}

/** True when `name` is a time zone Go's `time.LoadLocation` would accept ("" and "Local" included). */
export function isKnownZone(name: string): boolean {
  if (name === "" || name === "UTC" || name === "Local") return true;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** Go's `%q` for the plain text robfig quotes (Atoi's input). */
const goQuote = (s: string): string => JSON.stringify(s);

function atoi(text: string): number {
  if (!/^[+-]?\d+$/.test(text)) {
    throw new Error(
      `failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: invalid syntax`,
    );
  }
  const n = Number(text);
  if (!Number.isSafeInteger(n)) {
    throw new Error(
      `failed to parse int from ${text}: strconv.Atoi: parsing ${goQuote(text)}: value out of range`,
    );
  }
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${text}`);
  return n;
}

function intOrName(text: string, b: Bounds): number {
  const named = b.names?.[text.toLowerCase()];
  return named ?? atoi(text);
}

/** robfig's `getRange`: `*`, `?`, `N`, `N-M`, each optionally `/step` (`N/step` means `N-max/step`). */
function parseRange(expr: string, b: Bounds, into: Field): void {
  const rangeAndStep = expr.split("/");
  const lowAndHigh = (rangeAndStep[0] ?? "").split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === "*" || lowAndHigh[0] === "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0] ?? "", b);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1] ?? "", b);
    else throw new Error(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1] ?? "");
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new Error(`too many slashes: ${expr}`);
  }
  if (start < b.min) throw new Error(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new Error(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new Error(`step of range should be a positive number: ${expr}`);
  for (let v = start; v <= end; v += step) into.values.add(v);
  if (star) into.star = true;
}

/** robfig's `getField`: comma-separated ranges (empty items are dropped, as Go's `FieldsFunc` does). */
function parseField(text: string, b: Bounds): Field {
  const field: Field = { values: new Set(), star: false };
  for (const part of text.split(",")) if (part !== "") parseRange(part, b, field);
  return field;
}

const sorted = (f: Field): number[] => [...f.values].sort((a, b) => a - b);
const all = (b: Bounds): Field => {
  const values = new Set<number>();
  for (let v = b.min; v <= b.max; v++) values.add(v);
  return { values, star: true };
};
const only = (v: number): Field => ({ values: new Set([v]), star: false });

function fromFields(f: Record<keyof typeof bounds, Field>, zone: string | undefined): FieldSchedule {
  return {
    kind: "fields",
    minute: sorted(f.minute),
    hour: sorted(f.hour),
    dom: sorted(f.dom),
    month: sorted(f.month),
    dow: sorted(f.dow),
    domAndDow: f.dom.star || f.dow.star,
    zone,
  };
}

function parseDescriptor(spec: string, zone: string | undefined): ParsedSchedule {
  const at = (minute: Field, hour: Field, dom: Field, month: Field, dow: Field) =>
    fromFields({ minute, hour, dom, month, dow }, zone);
  switch (spec) {
    case "@yearly":
    case "@annually":
      return at(only(0), only(0), only(1), only(1), all(bounds.dow));
    case "@monthly":
      return at(only(0), only(0), only(1), all(bounds.month), all(bounds.dow));
    case "@weekly":
      return at(only(0), only(0), all(bounds.dom), all(bounds.month), only(0));
    case "@daily":
    case "@midnight":
      return at(only(0), only(0), all(bounds.dom), all(bounds.month), all(bounds.dow));
    case "@hourly":
      return at(only(0), all(bounds.hour), all(bounds.dom), all(bounds.month), all(bounds.dow));
  }
  const every = "@every ";
  if (spec.startsWith(every)) {
    let ns: number;
    try {
      ns = parseDurationNs(spec.slice(every.length));
    } catch (e) {
      throw new Error(`failed to parse duration ${spec}: ${e instanceof Error ? e.message : String(e)}`);
    }
    // robfig: under a second becomes a second; otherwise whole seconds, rounded down.
    const seconds = ns < 1e9 ? 1 : Math.floor(ns / 1e9);
    return { kind: "every", delayMs: seconds * 1000, zone };
  }
  throw new Error(`unrecognized descriptor: ${spec}`);
}

/**
 * Parses one schedule line as robfig/cron's standard parser does. Throws an `Error` whose message
 * is robfig's (Argo prefixes it with `cron schedule <line> is malformed: `).
 */
export function parseSchedule(line: string): ParsedSchedule {
  let spec = line;
  if (spec.length === 0) throw new Error("empty spec string");
  let zone: string | undefined;
  if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
    const space = spec.indexOf(" ");
    const name = spec.slice(spec.indexOf("=") + 1, space < 0 ? undefined : space);
    if (!isKnownZone(name)) throw new Error(`provided bad location ${name}: unknown time zone ${name}`);
    zone = name === "Local" ? undefined : name || "UTC";
    spec = space < 0 ? "" : spec.slice(space).trim();
  }
  if (spec.startsWith("@")) return parseDescriptor(spec, zone);
  const fields = spec.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) {
    throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  }
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  return fromFields(
    {
      minute: parseField(minute, bounds.minute),
      hour: parseField(hour, bounds.hour),
      dom: parseField(dom, bounds.dom),
      month: parseField(month, bounds.month),
      dow: parseField(dow, bounds.dow),
    },
    zone,
  );
}
