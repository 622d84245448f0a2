/**
 * Go's `time.Duration`: an integer count of nanoseconds, parsed and printed the way Go does
 * ("1h2m3.5s", "300ms", "1.5µs"). Nanoseconds are kept in a JS number, exact up to 2^53 ns (~104 days).
 */
import { fail } from "../errors.js";

/** A Go `time.Duration` value inside the expression interpreter. */
export class GoDuration {
  constructor(readonly ns: number) {}

  /** Go's `Duration.String()`, e.g. `1h0m0s`. */
  toString(): string {
    return formatDuration(this.ns);
  }
}

const second = 1e9;
const units: ReadonlyMap<string, number> = new Map([
  ["ns", 1],
  ["us", 1e3],
  ["µs", 1e3],
  ["μs", 1e3],
  ["ms", 1e6],
  ["s", second],
  ["m", 60 * second],
  ["h", 3600 * second],
]);

/**
 * Parses a Go duration string ("1h2m3.5s", "-300ms", "0") into nanoseconds.
 * Throws `ExprError` with Go's wording (`time: invalid duration "x"`, `time: missing unit…`).
 */
export function parseDurationNs(text: string): number {
  const quoted = JSON.stringify(text);
  let s = text;
  let negative = false;
  if (s.startsWith("-") || s.startsWith("+")) {
    negative = s[0] === "-";
    s = s.slice(1);
  }
  if (s === "0") return 0;
  if (s === "") throw fail(`time: invalid duration ${quoted}`);
  let total = 0;
  while (s !== "") {
    const number = /^(\d*)(?:\.(\d*))?/.exec(s);
    const whole = number?.[1] ?? "";
    const frac = number?.[2];
    if (whole === "" && (frac === undefined || frac === "")) throw fail(`time: invalid duration ${quoted}`);
    s = s.slice(number?.[0].length ?? 0);
    const unitMatch = /^[^\d.]+/.exec(s);
    if (!unitMatch) throw fail(`time: missing unit in duration ${quoted}`);
    const unit = unitMatch[0];
    const scale = units.get(unit);
    if (scale === undefined) throw fail(`time: unknown unit ${JSON.stringify(unit)} in duration ${quoted}`);
    s = s.slice(unit.length);
    total += Number(whole || "0") * scale + (frac ? Math.floor(Number(`0.${frac}`) * scale) : 0);
    if (total > 9.223372036854776e18) throw fail(`time: invalid duration ${quoted}`);
  }
  return negative ? -total : total;
}

/** Formats nanoseconds like Go's `Duration.String()`. */
export function formatDuration(ns: number): string {
  if (ns === 0) return "0s";
  const sign = ns < 0 ? "-" : "";
  let u = BigInt(Math.round(Math.abs(ns)));
  if (u < 1_000_000_000n) {
    if (u < 1000n) return `${sign}${u}ns`;
    if (u < 1_000_000n) return `${sign}${fraction(u, 3)}µs`;
    return `${sign}${fraction(u, 6)}ms`;
  }
  let out = `${fraction(u % 60_000_000_000n, 9)}s`;
  u /= 60_000_000_000n;
  if (u > 0n) {
    out = `${u % 60n}m${out}`;
    u /= 60n;
    if (u > 0n) out = `${u}h${out}`;
  }
  return sign + out;
}

/** `v / 10^digits` printed with the fractional part's trailing zeros removed. */
function fraction(v: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const frac = (v % scale).toString().padStart(digits, "0").replace(/0+$/, "");
  return frac === "" ? `${v / scale}` : `${v / scale}.${frac}`;
}

/** `Hours()`, `Minutes()`, `Seconds()`: the duration as a float count of the unit. */
export function durationIn(ns: number, unit: "h" | "m" | "s"): number {
  const scale = units.get(unit) ?? second;
  const whole = Math.trunc(ns / scale);
  return whole + (ns - whole * scale) / scale;
}

/** Go's `Duration.Round(m)`: rounds half away from zero to a multiple of `m` (m <= 0 leaves it). */
export function roundDuration(ns: number, m: number): number {
  if (m <= 0) return ns;
  const r = ns % m;
  if (ns < 0) return -roundDuration(-ns, m);
  return r + r < m ? ns - r : ns + m - r;
}

/** Go's `Duration.Truncate(m)`. */
export function truncateDuration(ns: number, m: number): number {
  return m <= 0 ? ns : ns - (ns % m);
}

/** Parses a Go duration string into milliseconds (fractional below 1 ms), e.g. "1m30s" → 90000. */
export function parseDuration(text: string): number {
  return parseDurationNs(text) / 1e6;
}
