/**
 * A calendar's `exclusionDates`, read as Argo reads them: RFC 5545 lines `EXDATE:<t>[,<t>…]` with
 * each `<t>` in Go layout `20060102T150405Z` (UTC). Only the date counts: a tick is skipped when
 * its year, month and day (in the schedule's zone) equal an excluded date's. Lines without the
 * `EXDATE:` prefix are ignored, as Argo ignores them. Errors carry Go's `time.Parse` wording.
 */

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

const prefix = "EXDATE:";
const layout = "20060102T150405Z";

const daysIn = (year: number, month: number): number => new Date(Date.UTC(year, month, 0)).getUTCDate();

/** Go's `time.Parse(layout, value)` error texts. */
const cannotParse = (value: string, rest: string, elem: string): Error =>
  new Error(
    `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`,
  );
const outOfRange = (value: string, what: string): Error =>
  new Error(`parsing time ${JSON.stringify(value)}: ${what} out of range`);

/** One `20060102T150405Z` value. */
function parseOne(value: string): CalendarDate {
  let rest = value;
  const fixed = (width: number, elem: string): number => {
    const digits = rest.slice(0, width);
    if (digits.length < width || !/^\d+$/.test(digits)) throw cannotParse(value, rest, elem);
    rest = rest.slice(width);
    return Number(digits);
  };
  const literal = (text: string): void => {
    if (!rest.startsWith(text)) throw cannotParse(value, rest, text);
    rest = rest.slice(text.length);
  };
  const year = fixed(4, "2006");
  const month = fixed(2, "01");
  if (month < 1 || month > 12) throw outOfRange(value, "month");
  const day = fixed(2, "02");
  literal("T");
  // Go reads the hour with one or two digits; minutes and seconds need two.
  const hourDigits = /^\d{1,2}/.exec(rest)?.[0];
  if (!hourDigits) throw cannotParse(value, rest, "15");
  rest = rest.slice(hourDigits.length);
  if (Number(hourDigits) > 23) throw outOfRange(value, "hour");
  if (fixed(2, "04") > 59) throw outOfRange(value, "minute");
  if (fixed(2, "05") > 59) throw outOfRange(value, "second");
  literal("Z");
  if (rest !== "")
    throw new Error(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (day < 1 || day > daysIn(year, month)) throw outOfRange(value, "day");
  return { year, month, day };
}

/** Argo's `ParseExclusionDates`; throws an `Error` with Go's message on a bad date. */
export function parseExclusionDates(lines: readonly string[]): CalendarDate[] {
  const out: CalendarDate[] = [];
  for (const line of lines) {
    if (!line.startsWith(prefix)) continue;
    for (const value of line.slice(prefix.length).split(",")) out.push(parseOne(value));
  }
  return out;
}

export const isExcluded = (dates: readonly CalendarDate[], d: CalendarDate): boolean =>
  dates.some((x) => x.year === d.year && x.month === d.month && x.day === d.day);
