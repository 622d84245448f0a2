/**
 * The builtins that take a predicate (`filter(xs, {# > 1})`): they receive unevaluated argument
 * nodes and run the predicate through the interpreter once per element.
 */
import { fail } from "../errors.js";
import type { Node } from "./ast.js";
import type { Budget } from "./limits.js";
import { binaryOp, mapKey } from "./operators.js";
import { compare, goTypeName, isNil, mapGet, mapSet, newMap } from "./values.js";

/** What `#`, `#index` and `#acc` mean while a predicate runs. */
export interface Frame {
  item: unknown;
  index: number;
  acc?: unknown;
}

/** What the predicate builtins need from the interpreter. */
export interface PredicateContext {
  readonly budget: Budget;
  /** Evaluates an argument node. */
  value(node: Node): unknown;
  /** Runs a predicate with `#`, `#index` and `#acc` bound from `frame`. */
  predicate(node: Node, frame: Frame): unknown;
}

type PredicateBuiltin = (args: Node[], ctx: PredicateContext) => unknown;

function items(args: Node[], ctx: PredicateContext): unknown[] {
  const v = ctx.value(args[0] as Node);
  if (Array.isArray(v)) return v;
  throw fail(`cannot iterate over ${goTypeName(v)}`);
}

/** Runs the predicate (argument 1) for one element. */
const apply = (args: Node[], ctx: PredicateContext, frame: Frame): unknown =>
  ctx.predicate(args[1] as Node, frame);

function test(args: Node[], ctx: PredicateContext, frame: Frame): boolean {
  const r = apply(args, ctx, frame);
  if (typeof r !== "boolean") throw fail(`predicate should return boolean (got ${goTypeName(r)})`);
  return r;
}

/** Index of the first (or last) element satisfying the predicate, or -1. */
function search(args: Node[], ctx: PredicateContext, backwards: boolean): { list: unknown[]; at: number } {
  const list = items(args, ctx);
  for (let k = 0; k < list.length; k++) {
    const i = backwards ? list.length - 1 - k : k;
    if (test(args, ctx, { item: list[i], index: i })) return { list, at: i };
  }
  return { list, at: -1 };
}

function sortOrder(v: unknown): boolean {
  if (typeof v !== "string") throw fail(`sort order argument must be a string (got ${goTypeName(v)})`);
  if (v !== "asc" && v !== "desc") throw fail(`invalid order ${v}, expected asc or desc`);
  return v === "desc";
}

export const predicateBuiltins: Readonly<Record<string, PredicateBuiltin>> = {
  all: (args, ctx) => items(args, ctx).every((x, i) => test(args, ctx, { item: x, index: i })),
  any: (args, ctx) => items(args, ctx).some((x, i) => test(args, ctx, { item: x, index: i })),
  none: (args, ctx) => !items(args, ctx).some((x, i) => test(args, ctx, { item: x, index: i })),
  one: (args, ctx) => items(args, ctx).filter((x, i) => test(args, ctx, { item: x, index: i })).length === 1,
  filter: (args, ctx) => {
    const out = items(args, ctx).filter((x, i) => test(args, ctx, { item: x, index: i }));
    ctx.budget.alloc(out.length);
    return out;
  },
  map: (args, ctx) => {
    const list = items(args, ctx);
    ctx.budget.alloc(list.length);
    return list.map((x, i) => apply(args, ctx, { item: x, index: i }));
  },
  count: (args, ctx) =>
    items(args, ctx).filter((x, i) => {
      if (args[1]) return test(args, ctx, { item: x, index: i });
      if (typeof x !== "boolean") throw fail(`cannot count ${goTypeName(x)} elements without a predicate`);
      return x;
    }).length,
  sum: (args, ctx) =>
    items(args, ctx).reduce<unknown>((acc, x, i) => {
      const v = args[1] ? apply(args, ctx, { item: x, index: i }) : x;
      return binaryOp("+", [v, acc], ctx.budget);
    }, 0),
  find: (args, ctx) => {
    const { list, at } = search(args, ctx, false);
    return at < 0 ? null : list[at];
  },
  findIndex: (args, ctx) => {
    const { at } = search(args, ctx, false);
    return at < 0 ? null : at;
  },
  findLast: (args, ctx) => {
    const { list, at } = search(args, ctx, true);
    return at < 0 ? null : list[at];
  },
  findLastIndex: (args, ctx) => {
    const { at } = search(args, ctx, true);
    return at < 0 ? null : at;
  },
  groupBy: (args, ctx) => {
    const out = newMap();
    items(args, ctx).forEach((x, i) => {
      const key = mapKey(apply(args, ctx, { item: x, index: i }));
      const group = mapGet(out, key);
      if (Array.isArray(group)) group.push(x);
      else mapSet(out, key, [x]);
      ctx.budget.alloc(1);
    });
    return out;
  },
  sortBy: (args, ctx) => {
    const list = items(args, ctx);
    const desc = args[2] ? sortOrder(ctx.value(args[2])) : false;
    const keyed = list.map((x, i) => ({ x, key: apply(args, ctx, { item: x, index: i }) }));
    ctx.budget.alloc(list.length);
    ctx.budget.step(Math.ceil(list.length * Math.log2(list.length + 1)));
    keyed.sort((a, b) => (desc ? compare(b.key, a.key) : compare(a.key, b.key)));
    return keyed.map((k) => k.x);
  },
  reduce: (args, ctx) => {
    const list = items(args, ctx);
    let start = 0;
    let acc: unknown;
    if (args[2]) acc = ctx.value(args[2]);
    else {
      if (list.length === 0) throw fail("reduce of empty array with no initial value");
      acc = list[0];
      start = 1;
    }
    for (let i = start; i < list.length; i++) {
      acc = ctx.predicate(args[1] as Node, { item: list[i], index: i, acc: isNil(acc) ? null : acc });
    }
    return acc;
  },
};
