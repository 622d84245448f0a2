/** expr's date builtins: now, duration, date, timezone. */
import { fail } from "../errors.js";
import { arity, type BuiltinFn, str } from "./builtin-args.js";
import { GoDuration, parseDurationNs } from "./duration.js";
import { GoLocation, loadLocation, utc } from "./time.js";
import { layouts, parseTime } from "./time-layout.js";

const defaultLayouts = [
  "2006-01-02",
  "15:04:05",
  "2006-01-02 15:04:05",
  layouts.RFC3339,
  layouts.RFC822,
  layouts.RFC850,
  layouts.RFC1123,
];

export const timeBuiltins: Record<string, BuiltinFn> = {
  now: (a, ctx) => {
    if (a.length === 0) return ctx.now();
    if (a.length === 1 && a[0] instanceof GoLocation) return ctx.now().in(a[0]);
    throw fail(`invalid number of arguments (expected 0, got ${a.length})`);
  },
  duration: (a) => {
    arity(a, 1);
    return new GoDuration(parseDurationNs(str(a, 0, "duration")));
  },
  date: (input) => {
    let a = input;
    let loc: GoLocation | undefined;
    if (a[0] instanceof GoLocation) {
      loc = a[0];
      a = a.slice(1);
    }
    if (a.length < 1) throw fail(`invalid number of arguments (expected at least 1, got ${a.length})`);
    if (a.length > 3) throw fail(`invalid number of arguments (expected at most 3, got ${a.length})`);
    const text = str(a, 0, "date");
    if (a.length === 2) return parseTime(str(a, 1, "date"), text, loc ?? utc);
    if (a.length === 3) {
      const zone = str(a, 2, "date");
      let tz: GoLocation;
      try {
        tz = loadLocation(zone);
      } catch {
        throw fail(`unknown time zone ${zone}`);
      }
      return parseTime(str(a, 1, "date"), text, tz);
    }
    for (const layout of defaultLayouts) {
      try {
        return parseTime(layout, text, loc ?? utc);
      } catch {
        // try the next layout
      }
    }
    throw fail(`invalid date ${text}`);
  },
  timezone: (a) => {
    arity(a, 1);
    return loadLocation(str(a, 0, "timezone"));
  },
};
