/**
 * Times as a calendar event shows them. Argo puts Go's `time.Time.String()` in `eventTime`:
 * `2006-01-02 15:04:05.999999999 -0700 MST`, plus ` m=+<seconds>` (the monotonic clock reading)
 * when the time came from the clock rather than from the schedule. Offsets come from `Intl`; the
 * zone abbreviation comes from the system tzdata file, as Go reads it (`Intl` writes `GMT+1`
 * where Go writes `CET`), falling back to `Intl`'s short name.
 */

import { readFileSync } from "node:fs";
import { formatterFor } from "../../expr/index.js";

/** Wall-clock fields of an instant in a zone, and the zone's offset (seconds east of UTC). */
export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  offset: number;
}

/** The wall clock of `ms` in `zone` (an IANA name or "UTC"). */
export function civilAt(ms: number, zone: string): Civil {
  const parts = formatterFor(zone).formatToParts(new Date(ms));
  const get = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get("year");
  if (parts.find((p) => p.type === "era")?.value === "BC") year = 1 - year;
  const c = { year, month: get("month"), day: get("day"), hour: get("hour"), minute: get("minute") };
  const second = get("second");
  const wallMs = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, second);
  const offset = Math.round((wallMs - Math.floor(ms / 1000) * 1000) / 1000);
  return { ...c, second, offset };
}

// ---------------------------------------------------------------------------------------------
// Zone abbreviations from TZif files

interface ZoneNames {
  /** Transition times (unix seconds) and the abbreviation/offset in effect from each. */
  transitions: { at: number; offset: number; abbrev: string }[];
  /** Names from the POSIX TZ footer (the rule after the last transition). */
  footer: { offset: number; abbrev: string }[];
}

const zoneNames = new Map<string, ZoneNames | null>();
const zoneDirs = ["/usr/share/zoneinfo", "/usr/share/lib/zoneinfo", "/usr/lib/locale/TZ", "/etc/zoneinfo"];

/** Parses `std offset [dst [offset]]` of a POSIX TZ string (rules after the comma are not needed). */
function parseFooter(tz: string): { offset: number; abbrev: string }[] {
  const m =
    /^(<[^>]+>|[A-Za-z]+)([+-]?\d+(?::\d+){0,2})(?:(<[^>]+>|[A-Za-z]+)([+-]?\d+(?::\d+){0,2})?)?/.exec(tz);
  if (!m) return [];
  const name = (s: string): string => s.replace(/^<|>$/g, "");
  const west = (s: string): number => {
    const sign = s.startsWith("-") ? -1 : 1;
    const [h = 0, mi = 0, se = 0] = s.replace(/^[+-]/, "").split(":").map(Number);
    return sign * (h * 3600 + mi * 60 + se);
  };
  const std = { abbrev: name(m[1] ?? ""), offset: -west(m[2] ?? "0") };
  if (!m[3]) return [std];
  return [std, { abbrev: name(m[3]), offset: m[4] ? -west(m[4]) : std.offset + 3600 }];
}

function parseTzif(buf: Buffer): ZoneNames | null {
  if (buf.toString("latin1", 0, 4) !== "TZif") return null;
  const counts = (at: number) => ({
    isut: buf.readUInt32BE(at + 20),
    isstd: buf.readUInt32BE(at + 24),
    leap: buf.readUInt32BE(at + 28),
    time: buf.readUInt32BE(at + 32),
    type: buf.readUInt32BE(at + 36),
    char: buf.readUInt32BE(at + 40),
  });
  let head = 0;
  let c = counts(head);
  let wide = false;
  if (buf[4] !== 0) {
    // Version 2+: skip the 32-bit block and read the 64-bit one.
    head = 44 + c.time * 5 + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut;
    c = counts(head);
    wide = true;
  }
  const timeSize = wide ? 8 : 4;
  let at = head + 44;
  const times: number[] = [];
  for (let i = 0; i < c.time; i++, at += timeSize) {
    times.push(wide ? Number(buf.readBigInt64BE(at)) : buf.readInt32BE(at));
  }
  const indices = [...buf.subarray(at, at + c.time)];
  at += c.time;
  const types: { offset: number; desig: number }[] = [];
  for (let i = 0; i < c.type; i++, at += 6)
    types.push({ offset: buf.readInt32BE(at), desig: buf[at + 5] ?? 0 });
  const chars = buf.subarray(at, at + c.char);
  at += c.char + c.leap * (timeSize + 4) + c.isstd + c.isut;
  const abbrevAt = (i: number): string => {
    const end = chars.indexOf(0, i);
    return chars.toString("latin1", i, end < 0 ? undefined : end);
  };
  const transitions = times.map((t, i) => {
    const type = types[indices[i] ?? 0] ?? { offset: 0, desig: 0 };
    return { at: t, offset: type.offset, abbrev: abbrevAt(type.desig) };
  });
  const footerText = wide ? (buf.toString("latin1", at).split("\n")[1] ?? "") : "";
  const first = types[0];
  // A zone with no transitions (UTC-like, or fixed) is its first type forever.
  if (transitions.length === 0 && first) {
    transitions.push({ at: Number.NEGATIVE_INFINITY, offset: first.offset, abbrev: abbrevAt(first.desig) });
  }
  return { transitions, footer: parseFooter(footerText) };
}

function loadZoneNames(zone: string): ZoneNames | null {
  if (zoneNames.has(zone)) return zoneNames.get(zone) ?? null;
  let names: ZoneNames | null = null;
  if (/^[A-Za-z0-9_+-]+(\/[A-Za-z0-9_+-]+)*$/.test(zone)) {
    for (const dir of zoneDirs) {
      try {
        names = parseTzif(readFileSync(`${dir}/${zone}`));
        break;
      } catch {
        // Not in this directory (or unreadable): Go tries the next one too.
      }
    }
  }
  zoneNames.set(zone, names);
  return names;
}

const twoDigits = (n: number): string => String(n).padStart(2, "0");

/** Go's numeric stand-in for a zone with no name: `+05`, `-0330`. */
function numericName(offset: number): string {
  const sign = offset < 0 ? "-" : "+";
  const minutes = Math.floor(Math.abs(offset) / 60);
  const mm = minutes % 60;
  return `${sign}${twoDigits(Math.floor(minutes / 60))}${mm === 0 ? "" : twoDigits(mm)}`;
}

/** The abbreviation Go prints for `zone` at `ms`, whose offset is `offset`. */
export function zoneAbbreviation(zone: string, ms: number, offset: number): string {
  if (zone === "UTC") return "UTC";
  const names = loadZoneNames(zone);
  if (names) {
    const sec = Math.floor(ms / 1000);
    const last = names.transitions[names.transitions.length - 1];
    if (last && sec >= last.at) {
      const rule = names.footer.find((f) => f.offset === offset);
      if (rule) return rule.abbrev;
    }
    for (let i = names.transitions.length - 1; i >= 0; i--) {
      const t = names.transitions[i];
      if (t && t.at <= sec && t.offset === offset) return t.abbrev;
    }
    const any = [...names.transitions].reverse().find((t) => t.offset === offset);
    if (any) return any.abbrev;
  }
  const short = formatterFor(zone)
    .formatToParts(new Date(ms))
    .find((p) => p.type === "timeZoneName")?.value;
  return short && /^[A-Za-z]{3,5}$/.test(short) && !/^GMT$/.test(short) ? short : numericName(offset);
}

// ---------------------------------------------------------------------------------------------
// Go's Time.String()

/**
 * Go's `t.String()` for instant `ms` in `zone`; with `monotonicNs`, the ` m=±s.nnnnnnnnn` suffix a
 * clock reading carries.
 */
export function goTimeString(ms: number, zone: string, monotonicNs?: number): string {
  const c = civilAt(ms, zone);
  const year = c.year < 0 ? `-${String(-c.year).padStart(4, "0")}` : String(c.year).padStart(4, "0");
  const nanos = Math.round((ms - Math.floor(ms / 1000) * 1000) * 1e6);
  const fraction = nanos === 0 ? "" : `.${String(nanos).padStart(9, "0").replace(/0+$/, "")}`;
  const sign = c.offset < 0 ? "-" : "+";
  const offMin = Math.floor(Math.abs(c.offset) / 60);
  const offset = `${sign}${twoDigits(Math.floor(offMin / 60))}${twoDigits(offMin % 60)}`;
  let out =
    `${year}-${twoDigits(c.month)}-${twoDigits(c.day)} ` +
    `${twoDigits(c.hour)}:${twoDigits(c.minute)}:${twoDigits(c.second)}${fraction} ` +
    `${offset} ${zoneAbbreviation(zone, ms, c.offset)}`;
  if (monotonicNs !== undefined) {
    const m = Math.round(Math.abs(monotonicNs));
    out += ` m=${monotonicNs < 0 ? "-" : "+"}${Math.floor(m / 1e9)}.${String(m % 1e9).padStart(9, "0")}`;
  }
  return out;
}

/**
 * Reads a time Go's `String()` wrote (Argo splits off ` m=` and parses the rest with layout
 * `2006-01-02 15:04:05.999999999 -0700 MST`). Returns epoch ms, or undefined when it does not parse.
 */
export function parseGoTimeString(text: string): number | undefined {
  const [head = ""] = text.split(" m=");
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ([+-])(\d{2})(\d{2}) \S+$/.exec(
    head,
  );
  if (!m) return undefined;
  const n = (i: number): number => Number(m[i] ?? 0);
  const wall = Date.UTC(n(1), n(2) - 1, n(3), n(4), n(5), n(6));
  const fraction = Number(`0.${m[7] ?? "0"}`) * 1000;
  const offset = (m[8] === "-" ? -1 : 1) * (n(9) * 3600 + n(10) * 60) * 1000;
  return wall + Math.floor(fraction) - offset;
}
