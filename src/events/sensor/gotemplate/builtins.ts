/**
 * text/template's predefined functions: `and or not len index slice print printf println eq ne lt
 * le gt ge urlquery`, with Go's comparison rules (ints and float64s do not compare with each
 * other; maps and slices are not comparable) and error texts.
 */
import { CallError, fn, type TemplateFunc } from "./func.js";
import { sprint, sprintf, sprintln } from "./printf.js";
import { GoInt, isMap, isNil, type JsonMap, truth, typeName } from "./values.js";

type Kind = "bool" | "int" | "float" | "string" | "other" | "nil";

function kindOf(v: unknown): Kind {
  if (isNil(v)) return "nil";
  if (typeof v === "boolean") return "bool";
  if (v instanceof GoInt) return "int";
  if (typeof v === "number") return "float";
  if (typeof v === "string") return "string";
  return "other";
}

const basic = (v: unknown): string | number | boolean =>
  v instanceof GoInt ? v.value : (v as string | number | boolean);

function eq(args: unknown[]): boolean {
  const [a, ...rest] = args;
  if (rest.length === 0) throw new CallError("missing argument for comparison");
  const ka = kindOf(a);
  for (const b of rest) {
    const kb = kindOf(b);
    if (ka === "other" || kb === "other") {
      if (ka === "nil" || kb === "nil") continue;
      throw new CallError(`non-comparable types ${typeName(a)} and ${typeName(b)}`);
    }
    if (ka !== kb) {
      if (ka !== "nil" && kb !== "nil") throw new CallError("incompatible types for comparison");
      continue;
    }
    if (ka === "nil" || basic(a) === basic(b)) return true;
  }
  return false;
}

function lt(a: unknown, b: unknown): boolean {
  const ka = kindOf(a);
  const kb = kindOf(b);
  if (ka === "bool" || ka === "other" || ka === "nil" || kb === "bool" || kb === "other" || kb === "nil")
    throw new CallError("invalid type for comparison");
  if (ka !== kb) throw new CallError("incompatible types for comparison");
  return basic(a) < basic(b);
}

function toIndex(v: unknown, len: number, cap = len): number {
  if (!(v instanceof GoInt)) throw new CallError(`cannot index slice/array with type ${typeName(v)}`);
  if (v.value < 0 || v.value > cap) throw new CallError(`index out of range: ${v.value}`);
  return v.value;
}

function index(args: unknown[]): unknown {
  let item = args[0];
  for (const key of args.slice(1)) {
    if (isNil(item)) throw new CallError("index of untyped nil");
    if (Array.isArray(item)) {
      const k = toIndex(key, item.length);
      if (k >= item.length) throw new CallError(`index out of range: ${k}`);
      item = item[k];
    } else if (typeof item === "string") {
      const bytes = Buffer.from(item, "utf8");
      const k = toIndex(key, bytes.length);
      if (k >= bytes.length) throw new CallError(`index out of range: ${k}`);
      item = new GoInt(bytes[k] as number);
    } else if (isMap(item)) {
      if (typeof key !== "string") throw new CallError(`value has type ${typeName(key)}; should be string`);
      item = Object.hasOwn(item, key) ? (item as JsonMap)[key] : null;
    } else throw new CallError(`can't index item of type ${typeName(item)}`);
  }
  return item;
}

function slice(args: unknown[]): unknown {
  const [item, ...idx] = args;
  if (isNil(item)) throw new CallError("slice of untyped nil");
  if (idx.length > 3) throw new CallError(`too many slice indexes: ${idx.length}`);
  if (typeof item === "string") {
    if (idx.length === 3) throw new CallError("cannot 3-index slice a string");
    const bytes = Buffer.from(item, "utf8");
    const from = idx[0] === undefined ? 0 : toIndex(idx[0], bytes.length);
    const to = idx[1] === undefined ? bytes.length : toIndex(idx[1], bytes.length);
    if (from > to) throw new CallError(`invalid slice index: ${from} > ${to}`);
    return bytes.subarray(from, to).toString("utf8");
  }
  if (!Array.isArray(item)) throw new CallError(`can't slice item of type ${typeName(item)}`);
  const from = idx[0] === undefined ? 0 : toIndex(idx[0], item.length);
  const to = idx[1] === undefined ? item.length : toIndex(idx[1], item.length);
  if (from > to) throw new CallError(`invalid slice index: ${from} > ${to}`);
  return item.slice(from, to);
}

function len(v: unknown): GoInt {
  if (isNil(v)) throw new CallError("len of nil pointer");
  if (typeof v === "string") return new GoInt(Buffer.byteLength(v, "utf8"));
  if (Array.isArray(v)) return new GoInt(v.length);
  if (isMap(v)) return new GoInt(Object.keys(v).length);
  throw new CallError(`len of type ${typeName(v)}`);
}

/** Go's `url.QueryEscape`. */
function queryEscape(s: string): string {
  return encodeURIComponent(s)
    .replace(/[!'()*~]/g, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`)
    .replaceAll("%20", "+")
    .replaceAll("%7E", "~");
}

const thunks = (args: unknown[]) => args as (() => unknown)[];

export const builtins: Record<string, TemplateFunc> = {
  and: {
    params: ["any"],
    variadic: "any",
    lazy: true,
    impl: (args) => {
      let v: unknown;
      for (const get of thunks(args)) {
        v = get();
        if (!truth(v)) return v;
      }
      return v;
    },
  },
  or: {
    params: ["any"],
    variadic: "any",
    lazy: true,
    impl: (args) => {
      let v: unknown;
      for (const get of thunks(args)) {
        v = get();
        if (truth(v)) return v;
      }
      return v;
    },
  },
  not: fn(["any"], ([v]) => !truth(v)),
  len: fn(["any"], ([v]) => len(v)),
  index: fn(["any"], index, "any"),
  slice: fn(["any"], slice, "any"),
  print: fn([], (args) => sprint(args), "any"),
  println: fn([], (args) => sprintln(args), "any"),
  printf: fn(["string"], ([format, ...args]) => sprintf(format as string, args), "any"),
  eq: fn(["any"], eq, "any"),
  ne: fn(["any", "any"], ([a, b]) => !eq([a, b])),
  lt: fn(["any", "any"], ([a, b]) => lt(a, b)),
  le: fn(["any", "any"], ([a, b]) => lt(a, b) || eq([a, b])),
  gt: fn(["any", "any"], ([a, b]) => !lt(a, b) && !eq([a, b])),
  ge: fn(["any", "any"], ([a, b]) => !lt(a, b)),
  urlquery: fn(
    [],
    (args) => queryEscape(args.length === 1 && typeof args[0] === "string" ? args[0] : sprint(args)),
    "any",
  ),
};
