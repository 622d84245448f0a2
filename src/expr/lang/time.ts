/**
 * Go's `time.Time` and `*time.Location` for the interpreter: an instant (unix seconds + nanoseconds)
 * plus the location it is shown in. IANA zones go through `Intl`; "Local" is UTC, because the
 * controller's clock and zone must not depend on the host running Argosy.
 */
import { fail } from "../errors.js";

/** A Go `*time.Location`: UTC, Local (= UTC here), an IANA zone, or a fixed offset. */
export class GoLocation {
  constructor(
    readonly name: string,
    /** Seconds east of UTC for fixed zones; undefined for IANA zones. */
    readonly fixedOffset: number | undefined,
  ) {}

  toString(): string {
    return this.name;
  }
}

export const utc = new GoLocation("UTC", 0);
export const local = new GoLocation("Local", 0);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached `Intl.DateTimeFormat` giving every civil field (era included) of an IANA zone. */
export function formatterFor(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
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
      era: "short",
      timeZoneName: "short",
    });
    if (formatters.size > 256) formatters.clear();
    formatters.set(zone, f);
  }
  return f;
}

/** Go's `time.LoadLocation`: "UTC", "" and "Local" are built in; anything else must be an IANA zone. */
export function loadLocation(name: string): GoLocation {
  if (name === "" || name === "UTC") return utc;
  if (name === "Local") return local;
  try {
    formatterFor(name);
  } catch {
    throw fail(`unknown time zone ${name}`);
  }
  return new GoLocation(name, undefined);
}

/** A fixed-offset zone (Go's `time.FixedZone`). */
export const fixedZone = (name: string, offsetSeconds: number): GoLocation =>
  new GoLocation(name, offsetSeconds);

/** Offset in seconds east of UTC, and the zone abbreviation, of `loc` at the given unix second. */
export function zoneAt(loc: GoLocation, unixSec: number): { offset: number; abbrev: string } {
  if (loc.fixedOffset !== undefined) {
    return { offset: loc.fixedOffset, abbrev: loc === local ? "UTC" : loc.name };
  }
  const parts = formatterFor(loc.name).formatToParts(new Date(unixSec * 1000));
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? "0";
  let year = Number(get("year"));
  if (get("era") === "BC") year = 1 - year;
  const wall = civilToUnix(year, Number(get("month")), Number(get("day"))) + Number(get("hour")) * 3600;
  const offset = wall + Number(get("minute")) * 60 + Number(get("second")) - Math.floor(unixSec);
  const abbrev = get("timeZoneName");
  return { offset, abbrev: abbrev === "0" ? "" : abbrev };
}

/** A Go `time.Time`. */
export class GoTime {
  constructor(
    /** Whole unix seconds. */
    readonly sec: number,
    /** Nanoseconds within the second, 0..999999999. */
    readonly nsec: number,
    readonly loc: GoLocation,
  ) {}

  /** Nanoseconds since the epoch, as a float (exact to about 0.1 µs today). */
  unixNano(): number {
    return this.sec * 1e9 + this.nsec;
  }

  in(loc: GoLocation): GoTime {
    return new GoTime(this.sec, this.nsec, loc);
  }

  /** Adds a duration in nanoseconds. */
  add(ns: number): GoTime {
    const total = this.nsec + (ns % 1e9);
    const carry = Math.floor(total / 1e9);
    return new GoTime(this.sec + Math.trunc(ns / 1e9) + carry, total - carry * 1e9, this.loc);
  }

  /** `t - u` in nanoseconds. */
  sub(u: GoTime): number {
    return (this.sec - u.sec) * 1e9 + (this.nsec - u.nsec);
  }

  compare(u: GoTime): number {
    return this.sec !== u.sec ? Math.sign(this.sec - u.sec) : Math.sign(this.nsec - u.nsec);
  }

  /** The wall-clock fields in this time's location. */
  civil(): Civil {
    const { offset, abbrev } = zoneAt(this.loc, this.sec);
    const local = this.sec + offset;
    const days = Math.floor(local / 86400);
    const secOfDay = local - days * 86400;
    const { year, month, day } = unixDaysToCivil(days);
    const yearStart = Math.floor(civilToUnix(year, 1, 1) / 86400);
    return {
      year,
      month,
      day,
      hour: Math.floor(secOfDay / 3600),
      minute: Math.floor((secOfDay % 3600) / 60),
      second: secOfDay % 60,
      nanosecond: this.nsec,
      weekday: (((days + 4) % 7) + 7) % 7,
      yearDay: days - yearStart + 1,
      offset,
      abbrev,
    };
  }
}

export interface Civil {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanosecond: number;
  /** 0 = Sunday. */
  weekday: number;
  yearDay: number;
  /** Seconds east of UTC. */
  offset: number;
  abbrev: string;
}

/** Unix seconds of midnight UTC on a proleptic Gregorian date (any year). */
export function civilToUnix(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return (era * 146097 + doe - 719468) * 86400;
}

function unixDaysToCivil(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/**
 * The instant whose wall clock in `loc` reads the given fields (Go's `time.Date`). Out-of-range
 * fields normalise (month 13 → January next year) as in Go.
 */
export function timeFromCivil(
  fields: Omit<Civil, "weekday" | "yearDay" | "offset" | "abbrev">,
  loc: GoLocation,
): GoTime {
  const monthIndex = fields.month - 1;
  const year = fields.year + Math.floor(monthIndex / 12);
  const month = (((monthIndex % 12) + 12) % 12) + 1;
  const wall =
    civilToUnix(year, month, 1) +
    (fields.day - 1) * 86400 +
    fields.hour * 3600 +
    fields.minute * 60 +
    fields.second +
    Math.floor(fields.nanosecond / 1e9);
  const nsec = ((fields.nanosecond % 1e9) + 1e9) % 1e9;
  let sec = wall - zoneAt(loc, wall).offset;
  const second = wall - zoneAt(loc, sec).offset;
  if (second !== sec) sec = second;
  return new GoTime(sec, nsec, loc);
}

/** A `GoTime` for a JS epoch-millisecond clock reading. */
export function timeFromMillis(ms: number, loc: GoLocation = local): GoTime {
  const sec = Math.floor(ms / 1000);
  return new GoTime(sec, Math.round((ms - sec * 1000) * 1e6), loc);
}

/** Go's zero `time.Time` (January 1, year 1, 00:00:00 UTC). */
export const zeroTime = new GoTime(civilToUnix(1, 1, 1), 0, utc);
