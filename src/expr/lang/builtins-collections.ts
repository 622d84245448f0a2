/** expr's array and map builtins. Map iteration order is sorted by key, so results are stable. */
import { fail } from "../errors.js";
import { arity, type BuiltinFn, kindName } from "./builtin-args.js";
import { limits } from "./limits.js";
import { mapKey } from "./operators.js";
import {
  compare,
  equal,
  goTypeName,
  isInt,
  isMap,
  isNil,
  isNumber,
  mapGet,
  newMap,
  sortedKeys,
  toInt,
} from "./values.js";

/** Element `i` of an array (negative counts from the end), or undefined when out of range. */
function at(v: unknown, index: unknown): unknown {
  if (!(Array.isArray(v) || typeof v === "string") || !isNumber(index)) return undefined;
  const items = typeof v === "string" ? Buffer.from(v, "utf8") : v;
  let i = toInt(index);
  if (i < 0) i += items.length;
  return i >= 0 && i < items.length ? items[i] : undefined;
}

function mapArg(a: unknown[], what: string): Record<string, unknown> {
  arity(a, 1);
  if (!isMap(a[0])) throw fail(`cannot ${what} ${kindName(a[0])}`);
  return a[0];
}

function arrayArg(a: unknown[], what: string): unknown[] {
  arity(a, 1);
  if (!Array.isArray(a[0])) throw fail(`cannot ${what} ${kindName(a[0])}`);
  return a[0];
}

function flatten(v: unknown[], depth: number, out: unknown[]): unknown[] {
  if (depth > limits.maxDataDepth) throw fail("recursion depth exceeded");
  for (const x of v) {
    if (Array.isArray(x)) flatten(x, depth + 1, out);
    else out.push(x);
  }
  return out;
}

export const collectionBuiltins: Record<string, BuiltinFn> = {
  first: (a) => {
    arity(a, 1);
    return at(a[0], 0) ?? null;
  },
  last: (a) => {
    arity(a, 1);
    return at(a[0], -1) ?? null;
  },
  get: (a) => {
    if (a.length < 2) throw fail(`invalid number of arguments (expected 2, got ${a.length})`);
    const [from, key] = a;
    if (isNil(from)) return null;
    if (isMap(from)) return mapGet(from, mapKey(key));
    return at(from, key) ?? null;
  },
  take: (a, ctx) => {
    arity(a, 2);
    const [v, n] = a;
    if (!Array.isArray(v)) throw fail(`cannot take from ${kindName(v)}`);
    if (!isInt(n)) throw fail(`cannot take ${kindName(n)} elements`);
    if (n < 0) throw fail(`slice bounds out of range [:${n}]`);
    ctx.budget.alloc(Math.min(n, v.length));
    return v.slice(0, n);
  },
  keys: (a, ctx) => {
    const m = mapArg(a, "get keys from");
    const keys = sortedKeys(m);
    ctx.budget.alloc(keys.length);
    return keys;
  },
  values: (a, ctx) => {
    const m = mapArg(a, "get values from");
    const keys = sortedKeys(m);
    ctx.budget.alloc(keys.length);
    return keys.map((k) => m[k] ?? null);
  },
  toPairs: (a, ctx) => {
    const m = mapArg(a, "transform");
    const keys = sortedKeys(m);
    ctx.budget.alloc(keys.length * 3);
    return keys.map((k) => [k, m[k] ?? null]);
  },
  fromPairs: (a, ctx) => {
    arity(a, 1);
    const v = a[0];
    if (!Array.isArray(v)) throw fail(`cannot transform ${goTypeName(v)} from pairs`);
    ctx.budget.alloc(v.length);
    return newMap(
      v.map((pair) => {
        if (!Array.isArray(pair)) throw fail(`invalid pair ${goTypeName(pair)}`);
        if (pair.length !== 2) throw fail(`invalid pair length ${pair.length}`);
        return [mapKey(pair[0]), pair[1]] as const;
      }),
    );
  },
  reverse: (a, ctx) => {
    const v = arrayArg(a, "reverse");
    ctx.budget.alloc(v.length);
    return [...v].reverse();
  },
  uniq: (a, ctx) => {
    const v = arrayArg(a, "uniq");
    const out: unknown[] = [];
    for (const x of v) {
      ctx.budget.step(out.length + 1);
      if (!out.some((y) => equal(x, y))) out.push(x);
    }
    ctx.budget.alloc(out.length);
    return out;
  },
  concat: (a, ctx) => {
    if (a.length === 0) throw fail("invalid number of arguments (expected at least 1, got 0)");
    const out: unknown[] = [];
    for (const v of a) {
      if (!Array.isArray(v)) throw fail(`cannot concat ${kindName(v)}`);
      ctx.budget.alloc(v.length);
      out.push(...v);
    }
    return out;
  },
  flatten: (a, ctx) => {
    const v = arrayArg(a, "flatten");
    const out = flatten(v, 0, []);
    ctx.budget.alloc(out.length);
    return out;
  },
  sort: (a, ctx) => {
    arity(a, 1, 2);
    const v = a[0];
    if (!Array.isArray(v)) throw fail(`cannot sort ${kindName(v)}`);
    let desc = false;
    if (a.length === 2) {
      const order = a[1];
      if (typeof order !== "string")
        throw fail(`sort order argument must be a string (got ${goTypeName(order)})`);
      if (order !== "asc" && order !== "desc") throw fail(`invalid order ${order}, expected asc or desc`);
      desc = order === "desc";
    }
    ctx.budget.alloc(v.length);
    ctx.budget.step(Math.ceil(v.length * Math.log2(v.length + 1)));
    return [...v].sort((x, y) => (desc ? compare(y, x) : compare(x, y)));
  },
};
