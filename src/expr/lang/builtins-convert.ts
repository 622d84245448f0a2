/** expr's conversion builtins: len, type, int, float, string, JSON and base64. */
import { fail } from "../errors.js";
import { arity, type BuiltinFn, str } from "./builtin-args.js";
import { formatV } from "./go-format.js";
import { marshal, unmarshal } from "./json.js";
import { exprTypeName, goTypeName, isInt, isMap, isNumber, makeFloat, makeInt, num } from "./values.js";

/** Go's `strconv.Atoi`; undefined when `s` is not a base-10 int64. */
export function atoi(s: string): number | undefined {
  if (!/^[+-]?\d+$/.test(s)) return undefined;
  const big = BigInt(s);
  if (big > 9223372036854775807n || big < -9223372036854775808n) return undefined;
  return makeInt(Number(big));
}

/** Go's `strconv.ParseFloat(s, 64)` for decimal, `inf` and `nan` forms; undefined when invalid. */
export function parseFloatGo(s: string): number | undefined {
  if (/^[+-]?(inf|infinity)$/i.test(s))
    return s.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (/^nan$/i.test(s)) return Number.NaN;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return undefined;
  return Number(s);
}

/** expr's `int(x)`: numbers truncate, strings must be decimal integers. */
export function toIntValue(v: unknown): number {
  if (isInt(v)) return v;
  if (isNumber(v)) return makeInt(Math.trunc(num(v)));
  if (typeof v === "string") {
    const n = atoi(v);
    if (n === undefined) throw fail(`invalid operation: int(${v})`);
    return n;
  }
  throw fail(`invalid operation: int(${goTypeName(v)})`);
}

/** expr's `float(x)`. */
export function toFloatValue(v: unknown): unknown {
  if (isNumber(v)) return makeFloat(num(v));
  if (typeof v === "string") {
    const f = parseFloatGo(v);
    if (f === undefined) throw fail(`invalid operation: float(${v})`);
    return makeFloat(f);
  }
  throw fail(`invalid operation: float(${goTypeName(v)})`);
}

/** Go's strict `base64.StdEncoding.DecodeString` (padding required; CR and LF ignored). */
export function decodeBase64(input: string): string {
  const s = input.replace(/[\r\n]/g, "");
  const bad = /[^A-Za-z0-9+/=]|=[^=]|={3,}/.exec(s);
  if (bad) throw fail(`illegal base64 data at input byte ${bad.index + (bad[0].startsWith("=") ? 1 : 0)}`);
  if (s.length % 4 !== 0) throw fail(`illegal base64 data at input byte ${s.length - (s.length % 4)}`);
  return Buffer.from(s, "base64").toString("utf8");
}

export const encodeBase64 = (s: string): string => Buffer.from(s, "utf8").toString("base64");

export const convertBuiltins: Record<string, BuiltinFn> = {
  len: (a) => {
    arity(a, 1);
    const v = a[0];
    if (Array.isArray(v)) return v.length;
    if (typeof v === "string") return [...v].length;
    if (isMap(v)) return Object.keys(v).length;
    throw fail(`invalid argument for len (type ${goTypeName(v)})`);
  },
  type: (a) => {
    arity(a, 1);
    return exprTypeName(a[0]);
  },
  int: (a) => {
    arity(a, 1);
    return toIntValue(a[0]);
  },
  float: (a) => {
    arity(a, 1);
    return toFloatValue(a[0]);
  },
  string: (a, ctx) => {
    arity(a, 1);
    return ctx.budget.str(formatV(a[0]));
  },
  toJSON: (a, ctx) => {
    arity(a, 1);
    return ctx.budget.str(marshal(a[0], { indent: "  " }));
  },
  fromJSON: (a, ctx) => {
    arity(a, 1);
    const text = str(a, 0, "fromJSON");
    ctx.budget.step(text.length >>> 4);
    return unmarshal(text);
  },
  toBase64: (a, ctx) => {
    arity(a, 1);
    return ctx.budget.str(encodeBase64(str(a, 0, "toBase64")));
  },
  fromBase64: (a) => {
    arity(a, 1);
    return decodeBase64(str(a, 0, "fromBase64"));
  },
};
