/**
 * The Sprig v3 functions Argo Events users reach for in `dataTemplate`, `contextTemplate` and data
 * filter `template`s (Argo registers `sprig.FuncMap()`): strings, defaults, conversion, JSON,
 * base64, lists and dicts, a little arithmetic and regex. Semantics follow sprig: argument order
 * suited to pipelines (`trimPrefix "v" .x`), conversion errors become zero values, `b64dec` of bad
 * input returns the error text.
 */
import { createHash } from "node:crypto";
import { GoRegexp } from "../../../expr/index.js";
import { CallError, fn, type TemplateFunc } from "./func.js";
import { formatV, GoInt, goJson, isMap, isNil, type JsonMap, quoteGo, truth } from "./values.js";

/** sprig's `strval`: strings as they are, anything else `%v`. */
const strval = (v: unknown): string => (typeof v === "string" ? v : formatV(v));

/** `spf13/cast.ToInt64`: conversion failures are 0. */
function toInt(v: unknown): number {
  if (v instanceof GoInt) return v.value;
  if (typeof v === "number") return Math.trunc(v);
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v !== "string") return 0;
  const s = v.replace(/\.0*$/, "");
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]*|[1-9][0-9]*)$/.exec(s);
  if (!m) return 0;
  const body = m[2] as string;
  const sign = m[1] === "-" ? -1 : 1;
  if (/^0[xX]/.test(body)) return sign * Number.parseInt(body.slice(2), 16);
  if (/^0[bB]/.test(body)) return sign * Number.parseInt(body.slice(2), 2);
  if (/^0/.test(body)) return sign * (Number.parseInt(body.replace(/^0[oO]?/, ""), 8) || 0);
  return sign * Number(body);
}

function toFloat(v: unknown): number {
  if (v instanceof GoInt) return v.value;
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (typeof v === "string" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v)) return Number(v);
  return 0;
}

/** sprig's `empty`. */
const empty = (v: unknown): boolean => !truth(v);

function strslice(v: unknown): string[] {
  if (isNil(v)) return [];
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  return [strval(v)];
}

/** Go's `strings.Title`: upper-cases letters that follow a separator. */
function title(s: string): string {
  let prev = " ";
  let out = "";
  for (const ch of s) {
    const sep = !/[\p{L}\p{N}_]/u.test(prev);
    out += sep ? ch.toUpperCase() : ch;
    prev = ch;
  }
  return out;
}

/** Go's `strings.Trim(s, cutset)`. */
function trimSet(s: string, cutset: string): string {
  const set = new Set(cutset);
  const chars = [...s];
  let a = 0;
  let b = chars.length;
  while (a < b && set.has(chars[a] as string)) a++;
  while (b > a && set.has(chars[b - 1] as string)) b--;
  return chars.slice(a, b).join("");
}

const ints = (xs: unknown[]) => xs.map(toInt);
const str = (args: unknown[], k: number) => args[k] as string;
const int = (args: unknown[], k: number) => args[k] as number;

function regex(pattern: string): GoRegexp {
  try {
    return GoRegexp.compile(pattern);
  } catch (e) {
    throw new CallError(e instanceof Error ? e.message : String(e));
  }
}

function divide(op: "div" | "mod", a: number, b: number): GoInt {
  if (b === 0) throw new CallError("runtime error: integer divide by zero");
  return new GoInt(op === "div" ? Math.trunc(a / b) : a % b);
}

export const sprig: Record<string, TemplateFunc> = {
  upper: fn(["string"], (a) => str(a, 0).toUpperCase()),
  lower: fn(["string"], (a) => str(a, 0).toLowerCase()),
  title: fn(["string"], (a) => title(str(a, 0))),
  trim: fn(["string"], (a) => str(a, 0).replace(/^[\s\u0085]+|[\s\u0085]+$/gu, "")),
  trimAll: fn(["string", "string"], (a) => trimSet(str(a, 1), str(a, 0))),
  trimPrefix: fn(["string", "string"], (a) =>
    str(a, 1).startsWith(str(a, 0)) ? str(a, 1).slice(str(a, 0).length) : str(a, 1),
  ),
  trimSuffix: fn(["string", "string"], (a) =>
    str(a, 0) !== "" && str(a, 1).endsWith(str(a, 0)) ? str(a, 1).slice(0, -str(a, 0).length) : str(a, 1),
  ),
  nospace: fn(["string"], (a) => str(a, 0).replace(/\s+/gu, "")),
  replace: fn(["string", "string", "string"], (a) => str(a, 2).replaceAll(str(a, 0), str(a, 1))),
  contains: fn(["string", "string"], (a) => str(a, 1).includes(str(a, 0))),
  hasPrefix: fn(["string", "string"], (a) => str(a, 1).startsWith(str(a, 0))),
  hasSuffix: fn(["string", "string"], (a) => str(a, 1).endsWith(str(a, 0))),
  repeat: fn(["int", "string"], (a) => {
    if (int(a, 0) < 0) throw new CallError("strings: negative Repeat count");
    if (int(a, 0) * str(a, 1).length > 1 << 22) throw new CallError("repeat result too large");
    return str(a, 1).repeat(int(a, 0));
  }),
  substr: fn(["int", "int", "string"], (a) => {
    const [start, end, s] = [int(a, 0), int(a, 1), str(a, 2)];
    if (start < 0) return s.slice(0, Math.max(0, end));
    if (end < 0 || end > s.length) return s.slice(start);
    return s.slice(start, end);
  }),
  trunc: fn(["int", "string"], (a) => {
    const [c, s] = [int(a, 0), str(a, 1)];
    if (c < 0 && s.length + c > 0) return s.slice(s.length + c);
    if (c >= 0 && s.length > c) return s.slice(0, c);
    return s;
  }),
  indent: fn(
    ["int", "string"],
    (a) =>
      " ".repeat(Math.max(0, int(a, 0))) +
      str(a, 1).replaceAll("\n", `\n${" ".repeat(Math.max(0, int(a, 0)))}`),
  ),
  nindent: fn(
    ["int", "string"],
    (a) =>
      `\n${" ".repeat(Math.max(0, int(a, 0)))}${str(a, 1).replaceAll("\n", `\n${" ".repeat(Math.max(0, int(a, 0)))}`)}`,
  ),
  quote: fn(
    [],
    (a) =>
      a
        .filter((x) => !isNil(x))
        .map((x) => quoteGo(strval(x)))
        .join(" "),
    "any",
  ),
  squote: fn(
    [],
    (a) =>
      a
        .filter((x) => !isNil(x))
        .map((x) => `'${strval(x)}'`)
        .join(" "),
    "any",
  ),
  cat: fn(
    [],
    (a) =>
      a
        .filter((x) => !isNil(x))
        .map(strval)
        .join(" "),
    "any",
  ),
  default: fn(["any"], ([d, ...given]) => (given.length === 0 || empty(given[0]) ? d : given[0]), "any"),
  empty: fn(["any"], ([v]) => empty(v)),
  coalesce: fn([], (a) => a.find((x) => !empty(x)) ?? null, "any"),
  ternary: fn(["any", "any", "bool"], ([t, f, c]) => (c ? t : f)),
  toString: fn(["any"], ([v]) => strval(v)),
  toJson: fn(["any"], ([v]) => safeJson(v, {})),
  toRawJson: fn(["any"], ([v]) => safeJson(v, { escapeHTML: false })),
  toPrettyJson: fn(["any"], ([v]) => safeJson(v, { indent: "  " })),
  atoi: fn(["string"], (a) => new GoInt(/^[+-]?\d+$/.test(str(a, 0)) ? Number(str(a, 0)) : 0)),
  int: fn(["any"], ([v]) => new GoInt(toInt(v))),
  int64: fn(["any"], ([v]) => new GoInt(toInt(v))),
  float64: fn(["any"], ([v]) => toFloat(v)),
  add: fn([], (a) => new GoInt(ints(a).reduce((x, y) => x + y, 0)), "any"),
  add1: fn(["any"], ([v]) => new GoInt(toInt(v) + 1)),
  sub: fn(["any", "any"], ([x, y]) => new GoInt(toInt(x) - toInt(y))),
  mul: fn(["any"], (a) => new GoInt(ints(a).reduce((x, y) => x * y, 1)), "any"),
  div: fn(["any", "any"], ([x, y]) => divide("div", toInt(x), toInt(y))),
  mod: fn(["any", "any"], ([x, y]) => divide("mod", toInt(x), toInt(y))),
  max: fn(["any"], (a) => new GoInt(Math.max(...ints(a))), "any"),
  min: fn(["any"], (a) => new GoInt(Math.min(...ints(a))), "any"),
  b64enc: fn(["string"], (a) => Buffer.from(str(a, 0), "utf8").toString("base64")),
  b64dec: fn(["string"], (a) => {
    const s = str(a, 0);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s) || s.length % 4 !== 0) {
      const bad = s.search(/[^A-Za-z0-9+/=]/);
      return `illegal base64 data at input byte ${bad >= 0 ? bad : s.length - (s.length % 4)}`;
    }
    return Buffer.from(s, "base64").toString("utf8");
  }),
  sha256sum: fn(["string"], (a) => createHash("sha256").update(str(a, 0)).digest("hex")),
  split: fn(["string", "string"], (a) => {
    const out: JsonMap = {};
    str(a, 1)
      .split(str(a, 0))
      .forEach((part, k) => {
        out[`_${k}`] = part;
      });
    return out;
  }),
  splitList: fn(["string", "string"], (a) => str(a, 1).split(str(a, 0))),
  join: fn(["string", "any"], (a) => strslice(a[1]).join(str(a, 0))),
  list: fn([], (a) => [...a], "any"),
  dict: fn(
    [],
    (a) => {
      const out: JsonMap = {};
      for (let k = 0; k < a.length; k += 2) {
        Object.defineProperty(out, strval(a[k]), {
          value: k + 1 < a.length ? a[k + 1] : "",
          enumerable: true,
          writable: true,
        });
      }
      return out;
    },
    "any",
  ),
  first: fn(["any"], ([v]) => (Array.isArray(v) ? (v[0] ?? null) : null)),
  last: fn(["any"], ([v]) => (Array.isArray(v) ? (v[v.length - 1] ?? null) : null)),
  has: fn(
    ["any", "any"],
    ([needle, hay]) => Array.isArray(hay) && hay.some((x) => safeJson(x, {}) === safeJson(needle, {})),
  ),
  keys: fn([], (a) => a.flatMap((m) => (isMap(m) ? Object.keys(m) : [])).sort(), "any"),
  hasKey: fn(["any", "string"], ([m, k]) => isMap(m) && Object.hasOwn(m, k as string)),
  get: fn(["any", "string"], ([m, k]) => (isMap(m) && Object.hasOwn(m, k as string) ? m[k as string] : "")),
  regexMatch: fn(["string", "string"], (a) => regex(str(a, 0)).test(str(a, 1))),
  regexFind: fn(["string", "string"], (a) => regex(str(a, 0)).find(str(a, 1))),
  regexReplaceAll: fn(["string", "string", "string"], (a) =>
    regex(str(a, 0)).replaceAll(str(a, 1), str(a, 2)),
  ),
};

function safeJson(v: unknown, options: { indent?: string; escapeHTML?: boolean }): string {
  try {
    return goJson(v, options);
  } catch {
    return "";
  }
}
