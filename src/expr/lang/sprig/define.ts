/**
 * How sprig functions are exposed: each is a `GoFunc` with a Go signature. Arguments are checked the
 * way expr's reflective call does (count, then type; nil becomes the parameter's zero value), and
 * `spf13/cast` conversions are reproduced for sprig's number handling.
 */
import { fail } from "../../errors.js";
import { GoDuration } from "../duration.js";
import { formatV } from "../go-format.js";
import { GoTime, zeroTime } from "../time.js";
import {
  type CallContext,
  GoFunc,
  goTypeName,
  isInt,
  isMap,
  isNil,
  isNumber,
  makeInt,
  newMap,
  num,
} from "../values.js";

/** Go parameter types sprig uses. */
export type Param = "string" | "int" | "bool" | "any" | "map" | "time";

const goName: Record<Param, string> = {
  string: "string",
  int: "int",
  bool: "bool",
  any: "interface {}",
  map: "map[string]interface {}",
  time: "time.Time",
};

function coerce(v: unknown, p: Param): unknown {
  if (isNil(v)) {
    const zero: Record<Param, unknown> = {
      string: "",
      int: 0,
      bool: false,
      any: null,
      map: newMap(),
      time: zeroTime,
    };
    return zero[p];
  }
  const ok =
    p === "any" ||
    (p === "string" && typeof v === "string") ||
    (p === "int" && isInt(v)) ||
    (p === "bool" && typeof v === "boolean") ||
    (p === "map" && isMap(v)) ||
    (p === "time" && v instanceof GoTime);
  if (!ok) throw fail(`reflect: Call using ${goTypeName(v)} as type ${goName[p]}`);
  return v;
}

export type SprigImpl = (args: unknown[], ctx: CallContext) => unknown;

const fromGo: Record<string, Param> = {
  string: "string",
  int: "int",
  bool: "bool",
  "interface {}": "any",
  "map[string]interface {}": "map",
  "time.Time": "time",
};

/** Reads the parameter kinds out of a Go signature such as `func(string, ...interface {}) string`. */
function parseSignature(signature: string): { params: Param[]; variadic: Param | undefined } {
  const list = /^func\((.*)\)/.exec(signature)?.[1] ?? "";
  const names = list === "" ? [] : list.split(", ");
  const last = names[names.length - 1];
  const variadic = last?.startsWith("...") ? fromGo[last.slice(3)] : undefined;
  const params = (variadic ? names.slice(0, -1) : names).map((n) => fromGo[n] ?? "any");
  return { params, variadic };
}

/** Declares a sprig function from its Go signature; arguments are checked against it on each call. */
export function def(name: string, signature: string, impl: SprigImpl): GoFunc {
  const { params, variadic } = parseSignature(signature);
  return new GoFunc(name, signature, (args, ctx) => {
    if (variadic ? args.length < params.length : args.length !== params.length) {
      const expected = variadic ? `at least ${params.length}` : `${params.length}`;
      throw fail(`invalid number of arguments: expected ${expected}, got ${args.length}`);
    }
    return impl(
      args.map((a, i) => coerce(a, params[i] ?? variadic ?? "any")),
      ctx,
    );
  });
}

/** sprig's `strval`: strings as-is, Stringers via String(), everything else `%v`. */
export const strval = (v: unknown): string => (typeof v === "string" ? v : formatV(v));

/** `cast.ToInt64` (also `cast.ToInt`): numbers truncate, strings parse (base prefixes, `1.0`), else 0. */
export function castInt(v: unknown): number {
  if (isNumber(v)) return makeInt(Math.trunc(num(v)));
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof GoDuration) return v.ns;
  if (typeof v === "string") {
    const s = v.replace(/\.0*$/, "").replaceAll("_", "");
    const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+|[1-9]\d*|0)$/.exec(s);
    if (!m?.[2]) return 0;
    const body = m[2];
    const lower = body.toLowerCase();
    const big =
      lower.startsWith("0x") || lower.startsWith("0b") || lower.startsWith("0o")
        ? BigInt(lower)
        : body.length > 1 && body.startsWith("0")
          ? BigInt(`0o${body.slice(1)}`)
          : BigInt(body);
    const signed = m[1] === "-" ? -big : big;
    if (signed > 9223372036854775807n || signed < -9223372036854775808n) return 0;
    return Number(signed);
  }
  return 0;
}

/** `cast.ToFloat64`: numbers, numeric strings, bools; anything else 0. */
export function castFloat(v: unknown): number {
  if (isNumber(v)) return num(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string") {
    const n = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim()) ? Number(v) : 0;
    return n;
  }
  return 0;
}

/** Go's 64-bit integer division and remainder (errors on zero like a Go runtime panic). */
export function intDiv(a: number, b: number, op: "/" | "%"): number {
  if (b === 0) throw fail("runtime error: integer divide by zero");
  return op === "/" ? makeInt(Math.trunc(a / b)) : a % b;
}

/** sprig's `empty`: nil, zero numbers, false, and empty strings/arrays/maps are empty. */
export function empty(v: unknown): boolean {
  if (isNil(v)) return true;
  if (typeof v === "string" || Array.isArray(v)) return v.length === 0;
  if (isMap(v)) return Object.keys(v).length === 0;
  if (typeof v === "boolean") return !v;
  if (isNumber(v)) return num(v) === 0;
  if (v instanceof GoDuration) return v.ns === 0;
  return false;
}

/** The elements of a Go slice argument, or an error with sprig's wording. */
export function sliceOf(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  throw fail(`Cannot ${what} on type ${isNil(v) ? "invalid" : isMap(v) ? "map" : goTypeName(v)}`);
}
