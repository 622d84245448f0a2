/**
 * Go reference-time layouts ("2006-01-02T15:04:05Z07:00"): formatting and parsing. The layout is
 * split into chunks the way Go's `nextStdChunk` does; everything that is not a known chunk is text.
 */
import { fail } from "../errors.js";
import { fixedZone, type GoLocation, type GoTime, timeFromCivil, utc } from "./time.js";

type Std =
  | "January"
  | "Jan"
  | "Monday"
  | "Mon"
  | "MST"
  | "01"
  | "1"
  | "02"
  | "2"
  | "_2"
  | "002"
  | "__2"
  | "2006"
  | "06"
  | "15"
  | "03"
  | "3"
  | "04"
  | "4"
  | "05"
  | "5"
  | "PM"
  | "pm"
  | "frac"
  | "tz";

interface Chunk {
  text: string;
  std?: Std;
  /** For "frac": digit count and whether trailing zeros are trimmed (".999"). */
  digits?: number;
  trim?: boolean;
}

const tzLayouts = [
  "Z07:00:00",
  "-07:00:00",
  "Z070000",
  "-070000",
  "Z07:00",
  "-07:00",
  "Z0700",
  "-0700",
  "Z07",
  "-07",
];
const fixed: readonly Std[] = [
  "January",
  "Jan",
  "Monday",
  "Mon",
  "MST",
  "2006",
  "002",
  "__2",
  "_2",
  "PM",
  "pm",
];

function chunkAt(layout: string, i: number): Chunk | undefined {
  const rest = layout.slice(i);
  for (const tz of tzLayouts) if (rest.startsWith(tz)) return { text: tz, std: "tz" };
  for (const f of fixed) {
    if (!rest.startsWith(f)) continue;
    if (f === "Jan" && rest.startsWith("January")) continue;
    if (f === "Mon" && rest.startsWith("Monday")) continue;
    return { text: f, std: f };
  }
  const two = rest.slice(0, 2);
  if (["01", "02", "03", "04", "05", "06", "15"].includes(two)) return { text: two, std: two as Std };
  const c = rest[0] ?? "";
  if ("12345".includes(c) && c !== "") return { text: c, std: c as Std };
  if ((c === "." || c === ",") && (rest[1] === "0" || rest[1] === "9")) {
    const digit = rest[1];
    let j = 1;
    while (rest[j] === digit) j++;
    if (!/[0-9]/.test(rest[j] ?? ""))
      return { text: rest.slice(0, j), std: "frac", digits: j - 1, trim: digit === "9" };
  }
  return undefined;
}

function chunks(layout: string): Chunk[] {
  const out: Chunk[] = [];
  let text = "";
  for (let i = 0; i < layout.length; ) {
    const c = chunkAt(layout, i);
    if (c) {
      if (text) out.push({ text });
      text = "";
      out.push(c);
      i += c.text.length;
    } else {
      text += layout[i];
      i++;
    }
  }
  if (text) out.push({ text });
  return out;
}

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const days = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];
const pad = (n: number, w: number, c = "0"): string => String(n).padStart(w, c);

/** Go's `Time.Format(layout)`. */
export function formatTime(t: GoTime, layout: string): string {
  const c = t.civil();
  let out = "";
  for (const ch of chunks(layout)) {
    switch (ch.std) {
      case undefined:
        out += ch.text;
        break;
      case "January":
        out += months[c.month - 1];
        break;
      case "Jan":
        out += months[c.month - 1]?.slice(0, 3);
        break;
      case "Monday":
        out += days[c.weekday];
        break;
      case "Mon":
        out += days[c.weekday]?.slice(0, 3);
        break;
      case "MST":
        out += c.abbrev || formatOffset(c.offset, "-0700");
        break;
      case "01":
        out += pad(c.month, 2);
        break;
      case "1":
        out += c.month;
        break;
      case "02":
        out += pad(c.day, 2);
        break;
      case "2":
        out += c.day;
        break;
      case "_2":
        out += pad(c.day, 2, " ");
        break;
      case "002":
        out += pad(c.yearDay, 3);
        break;
      case "__2":
        out += pad(c.yearDay, 3, " ");
        break;
      case "2006":
        out += c.year < 0 ? `-${pad(-c.year, 4)}` : pad(c.year, 4);
        break;
      case "06":
        out += pad(((c.year % 100) + 100) % 100, 2);
        break;
      case "15":
        out += pad(c.hour, 2);
        break;
      case "03":
        out += pad(c.hour % 12 || 12, 2);
        break;
      case "3":
        out += c.hour % 12 || 12;
        break;
      case "04":
        out += pad(c.minute, 2);
        break;
      case "4":
        out += c.minute;
        break;
      case "05":
        out += pad(c.second, 2);
        break;
      case "5":
        out += c.second;
        break;
      case "PM":
        out += c.hour >= 12 ? "PM" : "AM";
        break;
      case "pm":
        out += c.hour >= 12 ? "pm" : "am";
        break;
      case "frac":
        out += formatFraction(c.nanosecond, ch);
        break;
      case "tz":
        out += c.offset === 0 && ch.text.startsWith("Z") ? "Z" : formatOffset(c.offset, ch.text);
        break;
    }
  }
  return out;
}

function formatFraction(nanos: number, ch: Chunk): string {
  const digits = pad(nanos, 9).slice(0, ch.digits ?? 9);
  if (!ch.trim) return ch.text[0] + digits;
  const trimmed = digits.replace(/0+$/, "");
  return trimmed === "" ? "" : ch.text[0] + trimmed;
}

function formatOffset(offset: number, layout: string): string {
  const sign = offset < 0 ? "-" : "+";
  const abs = Math.abs(offset);
  const hh = pad(Math.floor(abs / 3600), 2);
  const mm = pad(Math.floor((abs % 3600) / 60), 2);
  const ss = pad(abs % 60, 2);
  const body = layout.replace(/^[Z-]/, "");
  if (body === "07") return sign + hh;
  if (body === "0700") return sign + hh + mm;
  if (body === "07:00") return `${sign}${hh}:${mm}`;
  if (body === "070000") return sign + hh + mm + ss;
  return `${sign}${hh}:${mm}:${ss}`;
}

/** Go's `time.Parse` (no zone in the value → UTC) and `time.ParseInLocation` (→ `loc`). */
export function parseTime(layout: string, value: string, loc: GoLocation = utc): GoTime {
  const f = { year: 1, month: 1, day: 1, hour: 0, minute: 0, second: 0, nanosecond: 0 };
  let pm: boolean | undefined;
  let zone: GoLocation | undefined;
  let rest = value;
  const bad = (what: string): never => {
    throw fail(
      `parsing time ${JSON.stringify(value)} as ${JSON.stringify(layout)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(what)}`,
    );
  };
  const take = (re: RegExp, what: string): string => {
    const m = re.exec(rest);
    if (!m) return bad(what);
    rest = rest.slice(m[0].length);
    return m[0];
  };
  const num = (re: RegExp, what: string): number => Number(take(re, what).trim());
  const parts = chunks(layout);
  for (const [index, ch] of parts.entries()) {
    if (ch.std === undefined) {
      if (!rest.startsWith(ch.text)) bad(ch.text);
      rest = rest.slice(ch.text.length);
      continue;
    }
    switch (ch.std) {
      case "January":
      case "Jan": {
        const names = ch.std === "Jan" ? months.map((m) => m.slice(0, 3)) : months;
        const i = names.findIndex((m) => rest.toLowerCase().startsWith(m.toLowerCase()));
        if (i < 0) bad(ch.text);
        f.month = i + 1;
        rest = rest.slice(names[i]?.length ?? 0);
        break;
      }
      case "Monday":
      case "Mon": {
        const names = ch.std === "Mon" ? days.map((d) => d.slice(0, 3)) : days;
        const i = names.findIndex((d) => rest.toLowerCase().startsWith(d.toLowerCase()));
        if (i < 0) bad(ch.text);
        rest = rest.slice(names[i]?.length ?? 0);
        break;
      }
      case "MST": {
        const abbrev = take(/^(?:UTC|GMT(?:[+-]\d{1,2})?|[A-Z]{3,5})/, "MST");
        zone = abbrev === "UTC" || abbrev === "GMT" ? utc : fixedZone(abbrev, 0);
        break;
      }
      case "01":
        f.month = num(/^\d{2}/, ch.text);
        break;
      case "1":
        f.month = num(/^\d{1,2}/, ch.text);
        break;
      case "02":
        f.day = num(/^\d{2}/, ch.text);
        break;
      case "2":
        f.day = num(/^\d{1,2}/, ch.text);
        break;
      case "_2":
        f.day = num(/^(?: \d|\d{1,2})/, ch.text);
        break;
      case "002":
      case "__2":
        num(/^[ \d]{3}/, ch.text);
        break;
      case "2006":
        f.year = num(/^\d{4}/, ch.text);
        break;
      case "06": {
        const y = num(/^\d{2}/, ch.text);
        f.year = y >= 69 ? 1900 + y : 2000 + y;
        break;
      }
      case "15":
        f.hour = num(/^\d{1,2}/, ch.text);
        break;
      case "03":
      case "3":
        f.hour = num(ch.std === "03" ? /^\d{2}/ : /^\d{1,2}/, ch.text);
        break;
      case "04":
      case "4":
        f.minute = num(ch.std === "04" ? /^\d{2}/ : /^\d{1,2}/, ch.text);
        break;
      case "05":
      case "5":
        f.second = num(ch.std === "05" ? /^\d{2}/ : /^\d{1,2}/, ch.text);
        // Go accepts a fraction after the seconds even when the layout has none.
        if (/^[.,]\d/.test(rest) && parts[index + 1]?.std !== "frac") {
          f.nanosecond = parseFrac(take(/^[.,]\d+/, ch.text));
        }
        break;
      case "PM":
      case "pm":
        pm = take(/^(?:AM|PM|am|pm)/, ch.text).toUpperCase() === "PM";
        break;
      case "frac":
        f.nanosecond = ch.trim && !/^[.,]/.test(rest) ? 0 : parseFrac(take(/^[.,]\d+/, ch.text));
        break;
      case "tz":
        zone = parseZone(take(/^(?:Z|[+-]\d{2}(?::?\d{2}(?::?\d{2})?)?)/, ch.text));
        break;
    }
  }
  if (rest !== "") throw fail(`parsing time ${JSON.stringify(value)}: extra text: ${JSON.stringify(rest)}`);
  if (pm !== undefined && f.hour <= 12) f.hour = (f.hour % 12) + (pm ? 12 : 0);
  if (f.month < 1 || f.month > 12) throw fail(`parsing time ${JSON.stringify(value)}: month out of range`);
  if (f.day < 1 || f.day > 31 || f.hour > 23 || f.minute > 59 || f.second > 59) {
    throw fail(`parsing time ${JSON.stringify(value)}: day out of range`);
  }
  return timeFromCivil(f, zone ?? loc);
}

function parseFrac(text: string): number {
  return Math.round(Number(`0.${text.slice(1, 10).padEnd(9, "0")}`) * 1e9);
}

function parseZone(text: string): GoLocation {
  if (text === "Z") return utc;
  const sign = text.startsWith("-") ? -1 : 1;
  const digits = text.slice(1).replaceAll(":", "");
  const seconds =
    Number(digits.slice(0, 2)) * 3600 +
    Number(digits.slice(2, 4) || "0") * 60 +
    Number(digits.slice(4, 6) || "0");
  return seconds === 0 ? utc : fixedZone("", sign * seconds);
}

/** Go's predefined layouts used by the builtins. */
export const layouts = {
  RFC3339: "2006-01-02T15:04:05Z07:00",
  RFC3339Nano: "2006-01-02T15:04:05.999999999Z07:00",
  RFC822: "02 Jan 06 15:04 MST",
  RFC850: "Monday, 02-Jan-06 15:04:05 MST",
  RFC1123: "Mon, 02 Jan 2006 15:04:05 MST",
  goString: "2006-01-02 15:04:05.999999999 -0700 MST",
} as const;
