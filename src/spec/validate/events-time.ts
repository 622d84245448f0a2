/**
 * Checks for the time formats Argo Events parses with Go libraries, written here because `src/spec`
 * imports no cron or time package: 5-field cron lines as robfig/cron's standard parser reads them
 * (calendar `schedule`, `conditionsReset.byTime.cron`), Go durations (`interval`, backoff), `HH:MM:SS`
 * times of day (time filters), RFC 5545 `EXDATE:` exclusion dates, and IANA time zones.
 * Each returns why the text is invalid, or undefined when it is fine.
 */

interface CronField {
  name: string;
  min: number;
  max: number;
  names?: readonly string[];
}

const months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

const cronFields: readonly CronField[] = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  // Month names count from 1, weekday names from 0, as robfig/cron's tables do.
  { name: "month", min: 1, max: 12, names: ["", ...months] },
  { name: "day of week", min: 0, max: 6, names: weekdays },
];

/**
 * Why a standard cron line (minute hour day-of-month month day-of-week, with an optional
 * `TZ=`/`CRON_TZ=` prefix) is invalid. Descriptors such as `@daily` are not accepted: Argo Events'
 * parser is built without them.
 */
export function cronProblem(spec: string): string | undefined {
  let line = spec.trim();
  const tz = /^(?:CRON_TZ|TZ)=(\S*)\s*/.exec(line);
  if (tz !== null) {
    const zone = tz[1] ?? "";
    if (timezoneProblem(zone) !== undefined) return `provided bad location ${zone}`;
    line = line.slice(tz[0].length);
  }
  if (line.startsWith("@")) return `descriptors such as ${line} are not accepted: use 5 fields`;
  const fields = line.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) return `expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`;
  for (const [i, field] of fields.entries()) {
    const def = cronFields[i];
    const problem = def === undefined ? undefined : cronFieldProblem(field, def);
    if (problem !== undefined) return `${def?.name} field "${field}": ${problem}`;
  }
  return undefined;
}

function cronFieldProblem(field: string, def: CronField): string | undefined {
  for (const part of field.split(",")) {
    const problem = cronRangeProblem(part, def);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

function cronRangeProblem(part: string, def: CronField): string | undefined {
  const [range = "", stepText, extra] = part.split("/");
  if (extra !== undefined) return "too many slashes";
  let start = def.min;
  let end = def.max;
  if (range !== "*" && range !== "?") {
    const [low = "", high, more] = range.split("-");
    if (more !== undefined) return "too many hyphens";
    const lowValue = cronNumber(low, def);
    if (typeof lowValue === "string") return lowValue;
    start = lowValue;
    end = lowValue;
    if (high !== undefined) {
      const highValue = cronNumber(high, def);
      if (typeof highValue === "string") return highValue;
      end = highValue;
    } else if (stepText !== undefined) {
      end = def.max;
    }
  }
  if (stepText !== undefined && !/^\d+$/.test(stepText)) return `failed to parse int from ${stepText}`;
  if (stepText !== undefined && Number(stepText) === 0) return "step of range should be a positive number";
  if (start < def.min) return `beginning of range (${start}) below minimum (${def.min})`;
  if (end > def.max) return `end of range (${end}) above maximum (${def.max})`;
  if (start > end) return `beginning of range (${start}) beyond end of range (${end})`;
  return undefined;
}

function cronNumber(text: string, def: CronField): number | string {
  const named = text === "" ? -1 : (def.names?.indexOf(text.toLowerCase()) ?? -1);
  if (named >= 0) return named;
  if (!/^\d+$/.test(text)) return `failed to parse int from ${text === "" ? "an empty value" : text}`;
  return Number(text);
}

const goDuration = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+$/;

/** Why a Go duration string (`90s`, `1h30m`, `0`) is invalid. */
export function goDurationProblem(text: string): string | undefined {
  if (/^[-+]?0$/.test(text) || goDuration.test(text)) return undefined;
  return `"${text}" is not a duration: use a number with a unit (ns, us, ms, s, m, h), e.g. 10s or 1h30m`;
}

/** Why a time of day in Argo's `HH:MM:SS` form is invalid. */
export function timeOfDayProblem(text: string): string | undefined {
  const m = /^(\d{1,2}):(\d{2}):(\d{2})([.,]\d+)?$/.exec(text);
  const valid = m !== null && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
  return valid ? undefined : `"${text}" is not a time of day: use HH:MM:SS, e.g. 09:30:00`;
}

/** Seconds of a valid `HH:MM:SS` time, to compare a filter's start and stop. */
export function secondsOfDay(text: string): number {
  const [h = 0, m = 0, s = 0] = text.split(/[:.,]/).map(Number);
  return h * 3600 + m * 60 + s;
}

/**
 * Why an exclusion date entry is invalid. Argo reads entries starting with `EXDATE:` as a
 * comma-separated list of `YYYYMMDDTHHMMSSZ` times and silently ignores others (`ignored` tells).
 */
export function exclusionDateProblem(entry: string): { ignored: true } | string | undefined {
  if (!entry.startsWith("EXDATE:")) return { ignored: true };
  for (const date of entry.slice("EXDATE:".length).split(",")) {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(date);
    if (m === null) return `"${date}" is not a date: use YYYYMMDDTHHMMSSZ, e.g. 20241225T000000Z`;
    const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1).map(Number);
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59)
      return `"${date}" is out of range`;
  }
  return undefined;
}

/** Why a time zone name is unknown. Empty means UTC and `Local` the machine's zone, as in Go. */
export function timezoneProblem(zone: string): string | undefined {
  if (zone === "" || zone === "Local" || zone === "UTC") return undefined;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return undefined;
  } catch {
    return `unknown time zone ${zone}`;
  }
}
