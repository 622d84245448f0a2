/** sprig's regex, date, path, hash and random functions. "Local" time is UTC (see time.ts). */
import { createHash, randomInt, randomUUID } from "node:crypto";
import { posix } from "node:path";
import { fail } from "../../errors.js";
import { GoRegexp } from "../../regex/index.js";
import { formatDuration, GoDuration, parseDurationNs } from "../duration.js";
import { GoTime, loadLocation, timeFromMillis, utc, zeroTime } from "../time.js";
import { formatTime, parseTime } from "../time-layout.js";
import { type CallContext, type GoFunc, isInt } from "../values.js";
import { def } from "./define.js";

const s = (v: unknown): string => v as string;
const tick = (ctx: CallContext) => (n: number) => ctx.budget.step(n);
const re = (pattern: unknown): GoRegexp => GoRegexp.compile(s(pattern));

/** A sprig date argument: a time, or unix seconds; anything else means now. */
function dateArg(v: unknown, ctx: CallContext): GoTime {
  if (v instanceof GoTime) return v;
  if (isInt(v)) return timeFromMillis(v * 1000, utc);
  return ctx.now();
}

function inZone(date: unknown, format: { layout: string; zone: string }, ctx: CallContext): string {
  const { layout, zone } = format;
  let loc = utc;
  try {
    loc = zone === "Local" ? utc : loadLocation(zone);
  } catch {
    loc = utc;
  }
  return formatTime(dateArg(date, ctx).in(loc), layout);
}

/** sprig's `durationRound`: the largest whole unit (y, mo, d, h, m, s) of a duration. */
function durationRound(v: unknown, ctx: CallContext): string {
  let ns = 0;
  if (typeof v === "string") {
    try {
      ns = parseDurationNs(v);
    } catch {
      ns = 0;
    }
  } else if (isInt(v)) ns = v;
  else if (v instanceof GoDuration) ns = v.ns;
  else if (v instanceof GoTime) ns = ctx.now().sub(v);
  const u = Math.abs(ns);
  const units: [number, string][] = [
    [365 * 24 * 3600e9, "y"],
    [30 * 24 * 3600e9, "mo"],
    [24 * 3600e9, "d"],
    [3600e9, "h"],
    [60e9, "m"],
    [1e9, "s"],
  ];
  for (const [size, name] of units) if (u > size) return `${Math.floor(u / size)}${name}`;
  return "0s";
}

function pathBase(p: string): string {
  if (p === "") return ".";
  const trimmed = p.replace(/\/+$/, "");
  return trimmed === "" ? "/" : posix.basename(trimmed);
}

function pathClean(p: string): string {
  if (p === "") return ".";
  const n = posix.normalize(p);
  return n.length > 1 ? n.replace(/\/$/, "") : n;
}

const hash = (algo: string) => (a: unknown[]) => createHash(algo).update(s(a[0]), "utf8").digest("hex");

function randomString(chars: string, n: number): string {
  if (n > 1e6) throw fail("memory budget exceeded");
  let out = "";
  for (let i = 0; i < n; i++) out += chars[randomInt(chars.length)];
  return out;
}
const letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

export const sprigRegexTimeMisc: GoFunc[] = [
  def("regexMatch", "func(string, string) bool", (a, ctx) => {
    try {
      return re(a[0]).test(s(a[1]), tick(ctx));
    } catch {
      return false;
    }
  }),
  def("mustRegexMatch", "func(string, string) bool", (a, ctx) => re(a[0]).test(s(a[1]), tick(ctx))),
  def("regexFindAll", "func(string, string, int) []string", (a, ctx) =>
    re(a[0]).findAll(s(a[1]), a[2] as number, tick(ctx)),
  ),
  def("mustRegexFindAll", "func(string, string, int) []string", (a, ctx) =>
    re(a[0]).findAll(s(a[1]), a[2] as number, tick(ctx)),
  ),
  def("regexFind", "func(string, string) string", (a, ctx) => re(a[0]).find(s(a[1]), tick(ctx))),
  def("mustRegexFind", "func(string, string) string", (a, ctx) => re(a[0]).find(s(a[1]), tick(ctx))),
  def("regexReplaceAll", "func(string, string, string) string", (a, ctx) =>
    ctx.budget.str(re(a[0]).replaceAll(s(a[1]), s(a[2]), { tick: tick(ctx) })),
  ),
  def("mustRegexReplaceAll", "func(string, string, string) string", (a, ctx) =>
    ctx.budget.str(re(a[0]).replaceAll(s(a[1]), s(a[2]), { tick: tick(ctx) })),
  ),
  def("regexReplaceAllLiteral", "func(string, string, string) string", (a, ctx) =>
    ctx.budget.str(re(a[0]).replaceAll(s(a[1]), s(a[2]), { literal: true, tick: tick(ctx) })),
  ),
  def("regexSplit", "func(string, string, int) []string", (a, ctx) =>
    re(a[0]).split(s(a[1]), a[2] as number, tick(ctx)),
  ),
  def("mustRegexSplit", "func(string, string, int) []string", (a, ctx) =>
    re(a[0]).split(s(a[1]), a[2] as number, tick(ctx)),
  ),
  def("regexQuoteMeta", "func(string) string", (a) => s(a[0]).replace(/[\\.+*?()|[\]{}^$]/g, "\\$&")),
  def("now", "func() time.Time", (_a, ctx) => ctx.now()),
  def("date", "func(string, interface {}) string", (a, ctx) =>
    inZone(a[1], { layout: s(a[0]), zone: "Local" }, ctx),
  ),
  def("dateInZone", "func(string, interface {}, string) string", (a, ctx) =>
    inZone(a[1], { layout: s(a[0]), zone: s(a[2]) }, ctx),
  ),
  def("date_in_zone", "func(string, interface {}, string) string", (a, ctx) =>
    inZone(a[1], { layout: s(a[0]), zone: s(a[2]) }, ctx),
  ),
  def("htmlDate", "func(interface {}) string", (a, ctx) =>
    inZone(a[0], { layout: "2006-01-02", zone: "Local" }, ctx),
  ),
  def("htmlDateInZone", "func(interface {}, string) string", (a, ctx) =>
    inZone(a[0], { layout: "2006-01-02", zone: s(a[1]) }, ctx),
  ),
  def("toDate", "func(string, string) time.Time", (a) => {
    try {
      return parseTime(s(a[0]), s(a[1]), utc);
    } catch {
      return zeroTime;
    }
  }),
  def("mustToDate", "func(string, string) time.Time", (a) => parseTime(s(a[0]), s(a[1]), utc)),
  def("dateModify", "func(string, time.Time) time.Time", (a) => {
    try {
      return (a[1] as GoTime).add(parseDurationNs(s(a[0])));
    } catch {
      return a[1];
    }
  }),
  def("mustDateModify", "func(string, time.Time) time.Time", (a) =>
    (a[1] as GoTime).add(parseDurationNs(s(a[0]))),
  ),
  def("duration", "func(interface {}) string", (a) => {
    const v = a[0];
    const secs = typeof v === "string" ? (/^[+-]?\d+$/.test(v) ? Number(v) : 0) : isInt(v) ? v : 0;
    return formatDuration(secs * 1e9);
  }),
  def("durationRound", "func(interface {}) string", (a, ctx) => durationRound(a[0], ctx)),
  def("ago", "func(interface {}) string", (a, ctx) =>
    formatDuration(Math.round(ctx.now().sub(dateArg(a[0], ctx)) / 1e9) * 1e9),
  ),
  def("unixEpoch", "func(time.Time) string", (a) => String((a[0] as GoTime).sec)),
  def("base", "func(string) string", (a) => pathBase(s(a[0]))),
  def("dir", "func(string) string", (a) => pathClean(posix.dirname(s(a[0]) || "."))),
  def("clean", "func(string) string", (a) => pathClean(s(a[0]))),
  def("ext", "func(string) string", (a) => posix.extname(pathBase(s(a[0])))),
  def("isAbs", "func(string) bool", (a) => s(a[0]).startsWith("/")),
  def("sha1sum", "func(string) string", hash("sha1")),
  def("sha256sum", "func(string) string", hash("sha256")),
  def("sha512sum", "func(string) string", hash("sha512")),
  def("uuidv4", "func() string", () => randomUUID()),
  def("randAlphaNum", "func(int) string", (a) => randomString(`${letters}0123456789`, a[0] as number)),
  def("randAlpha", "func(int) string", (a) => randomString(letters, a[0] as number)),
  def("randNumeric", "func(int) string", (a) => randomString("0123456789", a[0] as number)),
  def("randInt", "func(int, int) int", (a) => {
    const [min, max] = [a[0] as number, a[1] as number];
    if (max <= min) throw fail("invalid argument to Intn");
    return randomInt(min, max);
  }),
  def("fail", "func(string) string", (a) => {
    throw fail(s(a[0]));
  }),
];
