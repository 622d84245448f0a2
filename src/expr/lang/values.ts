/**
 * The runtime value model of expr-lang, mirroring Go's dynamic types:
 * - nil → `null` (`undefined` read from a host object is treated as nil too);
 * - int → a JS number that is an integer; float64 → a non-integer JS number, or a `FloatBox` when the
 *   float happens to be integral (so `4 / 2` stays a float and `type(4/2)` is "float");
 * - string, bool → themselves; array → JS array; map → plain object (own keys only are ever read);
 * - time.Time, time.Duration, *time.Location → `GoTime`, `GoDuration`, `GoLocation`; functions → `GoFunc`.
 */
import { fail } from "../errors.js";
import { GoDuration } from "./duration.js";
import type { Budget } from "./limits.js";
import { GoLocation, GoTime, timeFromMillis, utc } from "./time.js";

/** A float64 whose value is integral (non-integral floats are plain numbers). */
export class FloatBox {
  constructor(readonly value: number) {}
}

/** What a callable value receives besides its arguments. */
export interface CallContext {
  budget: Budget;
  /** The evaluation's clock. */
  now(): GoTime;
}

/** A Go function value (an Argo env function such as `toJson`, or a sprig function). */
export class GoFunc {
  constructor(
    readonly name: string,
    /** Go signature, used for `%T` and error messages, e.g. `func(string) string`. */
    readonly signature: string,
    readonly impl: (args: unknown[], ctx: CallContext) => unknown,
  ) {}
}

export type MapValue = Record<string, unknown>;

export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;
export const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);
export const isFloat = (v: unknown): boolean =>
  v instanceof FloatBox || (typeof v === "number" && !Number.isInteger(v));
export const isNumber = (v: unknown): boolean => typeof v === "number" || v instanceof FloatBox;
export const isArray = (v: unknown): v is unknown[] => Array.isArray(v);

/** True for plain objects (the interpreter's maps); class instances are not maps. */
export function isMap(v: unknown): v is MapValue {
  if (typeof v !== "object" || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** The numeric value of an int or float. */
export const num = (v: unknown): number => (v instanceof FloatBox ? v.value : (v as number));

/** Wraps a JS number as a float64 value. */
export const makeFloat = (x: number): number | FloatBox => (Number.isInteger(x) ? new FloatBox(x) : x);

/** Wraps a JS number as a Go int, wrapping around at 64 bits as Go does. */
export function makeInt(x: number): number {
  if (Number.isSafeInteger(x)) return x === 0 ? 0 : x;
  if (!Number.isFinite(x)) return 0;
  return Number(BigInt.asIntN(64, BigInt(Math.trunc(x))));
}

/** Exact 64-bit integer arithmetic for results a double cannot hold. */
export function intOp(a: number, b: number, op: "+" | "-" | "*"): number {
  const r = op === "+" ? a + b : op === "-" ? a - b : a * b;
  if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  const x = BigInt(a);
  const y = BigInt(b);
  return Number(BigInt.asIntN(64, op === "+" ? x + y : op === "-" ? x - y : x * y));
}

/** Go's `runtime.ToInt`: ints and floats (truncated); anything else is an error. */
export function toInt(v: unknown): number {
  if (isNumber(v)) return makeInt(Math.trunc(num(v)));
  throw fail(`invalid operation: int(${goTypeName(v)})`);
}

/** A map with the given entries; keys are defined as own data properties (safe for `__proto__`). */
export function newMap(entries: Iterable<readonly [string, unknown]> = []): MapValue {
  return Object.fromEntries(entries) as MapValue;
}

/** Reads an own key of a map; missing keys are nil. */
export const mapGet = (m: MapValue, key: string): unknown =>
  Object.hasOwn(m, key) ? (m[key] ?? null) : null;

/** Writes a key without ever touching the prototype chain. */
export function mapSet(m: MapValue, key: string, value: unknown): void {
  Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Map keys in Go's `encoding/json` order (sorted by bytes; UTF-16 order is the same for BMP text). */
export const sortedKeys = (m: MapValue): string[] => Object.keys(m).sort();

/** Go's `%T` of a value. */
export function goTypeName(v: unknown): string {
  if (isNil(v)) return "<nil>";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (isInt(v)) return "int";
  if (isFloat(v)) return "float64";
  if (Array.isArray(v)) return "[]interface {}";
  if (v instanceof GoTime) return "time.Time";
  if (v instanceof GoDuration) return "time.Duration";
  if (v instanceof GoLocation) return "*time.Location";
  if (v instanceof GoFunc) return v.signature;
  if (isMap(v)) return "map[string]interface {}";
  return typeof v;
}

/** The name expr's `type()` builtin gives a value. */
export function exprTypeName(v: unknown): string {
  if (isNil(v)) return "nil";
  if (typeof v === "boolean") return "bool";
  if (typeof v === "string") return "string";
  if (isInt(v)) return "int";
  if (isFloat(v)) return "float";
  if (Array.isArray(v)) return "array";
  if (v instanceof GoTime) return "time.Time";
  if (v instanceof GoDuration) return "time.Duration";
  if (v instanceof GoFunc) return "func";
  if (isMap(v)) return "map";
  return "unknown";
}

/** expr's `==`: numbers compare by value across int/float; containers compare element-wise. */
export function equal(a: unknown, b: unknown, depth = 0): boolean {
  if (depth > 10_000) throw fail("recursion depth exceeded");
  if (isNil(a) || isNil(b)) return isNil(a) && isNil(b);
  if (isNumber(a) && isNumber(b)) return num(a) === num(b);
  if (typeof a === "string" || typeof a === "boolean") return a === b;
  if (a instanceof GoTime) return b instanceof GoTime && a.compare(b) === 0;
  if (a instanceof GoDuration) return b instanceof GoDuration && a.ns === b.ns;
  if (a instanceof GoLocation) return b instanceof GoLocation && a.name === b.name;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => equal(x, b[i], depth + 1));
  }
  if (isMap(a) && isMap(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((k) => Object.hasOwn(b, k) && equal(a[k], b[k], depth + 1));
  }
  return a === b;
}

/** expr's ordering for `<` and friends, sort and min/max: numbers, strings, times, durations. */
export function compare(a: unknown, b: unknown, op = "<"): number {
  if (isNumber(a) && isNumber(b)) return Math.sign(num(a) - num(b)) || 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof GoTime && b instanceof GoTime) return a.compare(b);
  if (a instanceof GoDuration && b instanceof GoDuration) return Math.sign(a.ns - b.ns);
  throw mismatch(op, a, b);
}

/** `invalid operation: + (mismatched types string and int)`, expr's wording for a type error. */
export const mismatch = (op: string, a: unknown, b: unknown): Error =>
  fail(`invalid operation: ${op} (mismatched types ${goTypeName(a)} and ${goTypeName(b)})`);

/** Strips the interpreter's float boxes so callers get plain JSON-like values. */
export function toPublic(v: unknown, depth = 0): unknown {
  if (depth > 10_000) throw fail("recursion depth exceeded");
  if (v === undefined) return null;
  if (v instanceof FloatBox) return v.value;
  if (Array.isArray(v)) return v.map((x) => toPublic(x, depth + 1));
  if (isMap(v)) return newMap(Object.entries(v).map(([k, x]) => [k, toPublic(x, depth + 1)] as const));
  return v;
}

/** Converts a host value (from an env or a JSON document) into a runtime value. */
export function fromHost(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return timeFromMillis(v.getTime(), utc);
  return v;
}
