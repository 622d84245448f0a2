/**
 * Methods callable on Go values, as expr exposes them through reflection: `duration("1h").Seconds()`,
 * `now().Unix()`, `now().Format("2006-01-02")`, `date(x).In(timezone("UTC"))`…
 */
import { fail } from "../errors.js";
import { durationIn, GoDuration, roundDuration, truncateDuration } from "./duration.js";
import { formatV } from "./go-format.js";
import { GoLocation, GoTime, local, timeFromCivil, utc, zeroTime } from "./time.js";
import { formatTime } from "./time-layout.js";
import { goTypeName, isInt, makeFloat, makeInt } from "./values.js";

type Method<T> = (self: T, args: unknown[]) => unknown;

function arity(args: unknown[], n: number): void {
  if (args.length !== n) throw fail(`invalid number of arguments: expected ${n}, got ${args.length}`);
}

/** An argument type a method accepts: its check and its Go name. */
interface Want<T> {
  guard: (v: unknown) => v is T;
  type: string;
}

const duration: Want<GoDuration> = {
  guard: (v): v is GoDuration => v instanceof GoDuration,
  type: "time.Duration",
};
const time: Want<GoTime> = { guard: (v): v is GoTime => v instanceof GoTime, type: "time.Time" };
const location: Want<GoLocation> = {
  guard: (v): v is GoLocation => v instanceof GoLocation,
  type: "*time.Location",
};
const string: Want<string> = { guard: (v): v is string => typeof v === "string", type: "string" };
const int: Want<number> = { guard: (v): v is number => isInt(v), type: "int" };

function arg<T>(v: unknown, want: Want<T>, method: string): T {
  if (!want.guard(v))
    throw fail(`cannot use ${goTypeName(v)} as argument (type ${want.type}) to call ${method}`);
  return v;
}

const durationMethods: Record<string, Method<GoDuration>> = {
  Hours: (d) => makeFloat(durationIn(d.ns, "h")),
  Minutes: (d) => makeFloat(durationIn(d.ns, "m")),
  Seconds: (d) => makeFloat(durationIn(d.ns, "s")),
  Milliseconds: (d) => makeInt(Math.trunc(d.ns / 1e6)),
  Microseconds: (d) => makeInt(Math.trunc(d.ns / 1e3)),
  Nanoseconds: (d) => d.ns,
  String: (d) => d.toString(),
  Abs: (d) => new GoDuration(Math.abs(d.ns)),
  Round: (d, a) => new GoDuration(roundDuration(d.ns, arg(a[0], duration, "Round").ns)),
  Truncate: (d, a) => new GoDuration(truncateDuration(d.ns, arg(a[0], duration, "Truncate").ns)),
};

const timeMethods: Record<string, Method<GoTime>> = {
  Year: (t) => t.civil().year,
  Month: (t) => t.civil().month,
  Day: (t) => t.civil().day,
  Hour: (t) => t.civil().hour,
  Minute: (t) => t.civil().minute,
  Second: (t) => t.civil().second,
  Nanosecond: (t) => t.nsec,
  Weekday: (t) => t.civil().weekday,
  YearDay: (t) => t.civil().yearDay,
  Unix: (t) => t.sec,
  UnixMilli: (t) => makeInt(t.sec * 1000 + Math.floor(t.nsec / 1e6)),
  UnixMicro: (t) => makeInt(t.sec * 1e6 + Math.floor(t.nsec / 1e3)),
  UnixNano: (t) => makeInt(t.unixNano()),
  IsZero: (t) => t.compare(zeroTime) === 0,
  String: (t) => formatV(t),
  Location: (t) => t.loc,
  UTC: (t) => t.in(utc),
  Local: (t) => t.in(local),
  In: (t, a) => t.in(arg(a[0], location, "In")),
  Format: (t, a) => formatTime(t, arg(a[0], string, "Format")),
  Add: (t, a) => t.add(arg(a[0], duration, "Add").ns),
  Sub: (t, a) => new GoDuration(t.sub(arg(a[0], time, "Sub"))),
  Before: (t, a) => t.compare(arg(a[0], time, "Before")) < 0,
  After: (t, a) => t.compare(arg(a[0], time, "After")) > 0,
  Equal: (t, a) => t.compare(arg(a[0], time, "Equal")) === 0,
  AddDate: (t, a) => {
    arity(a, 3);
    const [y, m, d] = [0, 1, 2].map((i) => arg(a[i], int, "AddDate"));
    const c = t.civil();
    return timeFromCivil(
      { ...c, year: c.year + (y ?? 0), month: c.month + (m ?? 0), day: c.day + (d ?? 0), nanosecond: t.nsec },
      t.loc,
    );
  },
  Truncate: (t, a) => {
    const d = arg(a[0], duration, "Truncate").ns;
    if (d <= 0) return t;
    return t.add(-(((t.unixNano() % d) + d) % d));
  },
};

const oneArg = new Set(["Round", "Truncate", "In", "Format", "Add", "Sub", "Before", "After", "Equal"]);

/** Calls method `name` on a Go value; unknown methods are errors like expr's. */
export function callMethod(self: GoTime | GoDuration | GoLocation, name: string, args: unknown[]): unknown {
  if (self instanceof GoLocation) {
    if (name !== "String") throw fail(`type *time.Location has no method ${name}`);
    arity(args, 0);
    return self.name;
  }
  const table: Record<string, Method<never>> = self instanceof GoTime ? timeMethods : durationMethods;
  const method = Object.hasOwn(table, name) ? table[name] : undefined;
  if (!method) throw fail(`type ${goTypeName(self)} has no method ${name}`);
  if (name !== "AddDate") arity(args, oneArg.has(name) ? 1 : 0);
  return (method as Method<GoTime | GoDuration>)(self, args);
}
