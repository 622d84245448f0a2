/** sprig's math (int64 via spf13/cast, and the float `…f` forms), defaults, JSON, encoding and type helpers. */
import { fail } from "../../errors.js";
import { decodeBase64, encodeBase64 } from "../builtins-convert.js";
import { marshal, unmarshal } from "../json.js";
import { equal, exprTypeName, type GoFunc, goTypeName, isNil, makeFloat, makeInt } from "../values.js";
import { castFloat, castInt, def, empty, intDiv } from "./define.js";

const f = makeFloat;

/** sprig's `round(v, places, roundOn = .5)`. */
function roundPlaces(v: number, places: number, roundOn: number): number {
  const pow = 10 ** places;
  const digit = pow * v;
  const frac = digit - Math.trunc(digit);
  return (frac >= roundOn ? Math.ceil(digit) : Math.floor(digit)) / pow;
}

/** Decimal-ish float arithmetic for `addf` & co: rounding to 15 significant digits hides binary noise. */
const tidy = (x: number): number => (Number.isFinite(x) ? Number(x.toPrecision(15)) : x);

function base32(s: string, decode: boolean): string {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  if (!decode) {
    const bytes = Buffer.from(s, "utf8");
    let bits = "";
    for (const b of bytes) bits += b.toString(2).padStart(8, "0");
    let out = "";
    for (let i = 0; i < bits.length; i += 5)
      out += alphabet[Number.parseInt(bits.slice(i, i + 5).padEnd(5, "0"), 2)];
    return out.padEnd(Math.ceil(out.length / 8) * 8, "=");
  }
  const clean = s.replace(/=+$/, "");
  let bits = "";
  for (const [i, c] of [...clean].entries()) {
    const v = alphabet.indexOf(c);
    if (v < 0 || s.length % 8 !== 0) return `illegal base32 data at input byte ${v < 0 ? i : s.length}`;
    bits += v.toString(2).padStart(5, "0");
  }
  const bytes: number[] = [];
  for (let i = 0; i + 8 <= bits.length; i += 8) bytes.push(Number.parseInt(bits.slice(i, i + 8), 2));
  return Buffer.from(bytes).toString("utf8");
}

export const sprigNumbersDefaults: GoFunc[] = [
  def("add", "func(...interface {}) int64", (a) => a.reduce<number>((s, x) => makeInt(s + castInt(x)), 0)),
  def("add1", "func(interface {}) int64", (a) => makeInt(castInt(a[0]) + 1)),
  def("sub", "func(interface {}, interface {}) int64", (a) => makeInt(castInt(a[0]) - castInt(a[1]))),
  def("mul", "func(interface {}, ...interface {}) int64", (a) =>
    a.slice(1).reduce<number>((p, x) => makeInt(p * castInt(x)), castInt(a[0])),
  ),
  def("div", "func(interface {}, interface {}) int64", (a) => intDiv(castInt(a[0]), castInt(a[1]), "/")),
  def("mod", "func(interface {}, interface {}) int64", (a) => intDiv(castInt(a[0]), castInt(a[1]), "%")),
  def("max", "func(interface {}, ...interface {}) int64", (a) => Math.max(...a.map(castInt))),
  def("biggest", "func(interface {}, ...interface {}) int64", (a) => Math.max(...a.map(castInt))),
  def("min", "func(interface {}, ...interface {}) int64", (a) => Math.min(...a.map(castInt))),
  def("maxf", "func(interface {}, ...interface {}) float64", (a) => f(Math.max(...a.map(castFloat)))),
  def("minf", "func(interface {}, ...interface {}) float64", (a) => f(Math.min(...a.map(castFloat)))),
  def("addf", "func(...interface {}) float64", (a) =>
    f(tidy(a.reduce<number>((s, x) => s + castFloat(x), 0))),
  ),
  def("add1f", "func(interface {}) float64", (a) => f(tidy(castFloat(a[0]) + 1))),
  def("subf", "func(interface {}, ...interface {}) float64", (a) =>
    f(tidy(a.slice(1).reduce<number>((s, x) => s - castFloat(x), castFloat(a[0])))),
  ),
  def("mulf", "func(interface {}, ...interface {}) float64", (a) =>
    f(tidy(a.slice(1).reduce<number>((s, x) => s * castFloat(x), castFloat(a[0])))),
  ),
  def("divf", "func(interface {}, ...interface {}) float64", (a) =>
    f(
      tidy(
        a.slice(1).reduce<number>((s, x) => {
          if (castFloat(x) === 0) throw fail("decimal division by 0");
          return s / castFloat(x);
        }, castFloat(a[0])),
      ),
    ),
  ),
  def("floor", "func(interface {}) float64", (a) => f(Math.floor(castFloat(a[0])))),
  def("ceil", "func(interface {}) float64", (a) => f(Math.ceil(castFloat(a[0])))),
  def("round", "func(interface {}, int, ...interface {}) float64", (a) =>
    f(roundPlaces(castFloat(a[0]), a[1] as number, a.length > 2 ? castFloat(a[2]) : 0.5)),
  ),
  def("int", "func(interface {}) int", (a) => castInt(a[0])),
  def("int64", "func(interface {}) int64", (a) => castInt(a[0])),
  def("float64", "func(interface {}) float64", (a) => f(castFloat(a[0]))),
  def("atoi", "func(string) int", (a) => (/^[+-]?\d+$/.test(a[0] as string) ? makeInt(Number(a[0])) : 0)),
  def("toDecimal", "func(interface {}) int64", (a) => {
    const text = typeof a[0] === "string" ? a[0] : String(castInt(a[0]));
    return /^[+-]?[0-7]+$/.test(text) ? makeInt(Number.parseInt(text, 8)) : 0;
  }),
  def("default", "func(interface {}, ...interface {}) interface {}", (a) =>
    a.length < 2 || empty(a[1]) ? a[0] : a[1],
  ),
  def("empty", "func(interface {}) bool", (a) => empty(a[0])),
  def("coalesce", "func(...interface {}) interface {}", (a) => a.find((x) => !empty(x)) ?? null),
  def("all", "func(...interface {}) bool", (a) => a.every((x) => !empty(x))),
  def("any", "func(...interface {}) bool", (a) => a.some((x) => !empty(x))),
  def("ternary", "func(interface {}, interface {}, bool) interface {}", (a) => (a[2] ? a[0] : a[1])),
  def("fromJson", "func(string) interface {}", (a) => {
    try {
      return unmarshal(a[0] as string);
    } catch {
      return null;
    }
  }),
  def("mustFromJson", "func(string) interface {}", (a) => unmarshal(a[0] as string)),
  def("toJson", "func(interface {}) string", (a, ctx) => {
    try {
      return ctx.budget.str(marshal(a[0]));
    } catch {
      return "";
    }
  }),
  def("mustToJson", "func(interface {}) string", (a, ctx) => ctx.budget.str(marshal(a[0]))),
  def("toPrettyJson", "func(interface {}) string", (a, ctx) => {
    try {
      return ctx.budget.str(marshal(a[0], { indent: "  " }));
    } catch {
      return "";
    }
  }),
  def("toRawJson", "func(interface {}) string", (a, ctx) =>
    ctx.budget.str(marshal(a[0], { escapeHTML: false })),
  ),
  def("b64enc", "func(string) string", (a) => encodeBase64(a[0] as string)),
  def("b64dec", "func(string) string", (a) => {
    try {
      return decodeBase64(a[0] as string);
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }),
  def("b32enc", "func(string) string", (a) => base32(a[0] as string, false)),
  def("b32dec", "func(string) string", (a) => base32(a[0] as string, true)),
  def("typeOf", "func(interface {}) string", (a) => goTypeName(a[0])),
  def("kindOf", "func(interface {}) string", (a) => kindOf(a[0])),
  def("kindIs", "func(string, interface {}) bool", (a) => kindOf(a[1]) === a[0]),
  def("typeIs", "func(string, interface {}) bool", (a) => goTypeName(a[1]) === a[0]),
  def("deepEqual", "func(interface {}, interface {}) bool", (a) => equal(a[0], a[1])),
  def("seq", "func(...interface {}) string", (a) => seq(a.map(castInt))),
];

function kindOf(v: unknown): string {
  if (isNil(v)) return "invalid";
  const t = exprTypeName(v);
  const kinds: Record<string, string> = {
    float: "float64",
    array: "slice",
    "time.Time": "struct",
    "time.Duration": "int64",
  };
  return kinds[t] ?? t;
}

/** sprig's `seq`: like the Unix tool, 1- to 3-argument forms, space-separated. */
function seq(p: number[]): string {
  const range = (start: number, end: number, step: number): number[] => {
    const out: number[] = [];
    if (step === 0 || out.length > 1e6) return out;
    for (let i = start; step > 0 ? i <= end : i >= end; i += step) {
      out.push(i);
      if (out.length > 1e6) throw fail("memory budget exceeded");
    }
    return out;
  };
  if (p.length === 1) return range(1, p[0] as number, (p[0] as number) < 1 ? -1 : 1).join(" ");
  if (p.length === 2)
    return range(p[0] as number, p[1] as number, (p[1] as number) < (p[0] as number) ? -1 : 1).join(" ");
  if (p.length === 3) {
    const [start, step, end] = p as [number, number, number];
    if (end < start && step > 0) return "";
    return range(start, end, step).join(" ");
  }
  return "";
}
