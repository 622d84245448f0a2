/** expr's numeric builtins: abs, rounding, min/max/mean/median over numbers and arrays, bit ops. */
import { fail } from "../errors.js";
import { arity, type BuiltinFn } from "./builtin-args.js";
import { compare, goTypeName, isInt, isNumber, makeFloat, num } from "./values.js";

function numberArg(v: unknown, fn: string): number {
  if (!isNumber(v)) throw fail(`invalid argument for ${fn} (type ${goTypeName(v)})`);
  return num(v);
}

/** Go's `math.Round`: half away from zero. */
export const goRound = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x));

function rounding(fn: string, op: (x: number) => number): BuiltinFn {
  return (a) => {
    arity(a, 1);
    return makeFloat(op(numberArg(a[0], fn)));
  };
}

/** Every number in the arguments, descending into arrays (expr's aggregate functions). */
function numbers(args: unknown[], fn: string): unknown[] {
  const out: unknown[] = [];
  const collect = (items: unknown[], depth: number): void => {
    if (depth > 10_000) throw fail("recursion depth exceeded");
    for (const v of items) {
      if (Array.isArray(v)) collect(v, depth + 1);
      else if (isNumber(v)) out.push(v);
      else throw fail(`invalid argument for ${fn} (type ${goTypeName(v)})`);
    }
  };
  collect(args, 0);
  return out;
}

function extreme(fn: string, sign: number): BuiltinFn {
  return (a, ctx) => {
    if (a.length === 0) throw fail(`not enough arguments to call ${fn}`);
    if (a.length === 1 && !Array.isArray(a[0]) && !isNumber(a[0])) return a[0];
    const all = numbers(a, fn);
    ctx.budget.step(all.length);
    let best: unknown = null;
    for (const v of all) if (best === null || compare(v, best) * sign > 0) best = v;
    return best;
  };
}

function toBig(v: unknown, fn: string): bigint {
  if (!isInt(v)) throw fail(`cannot use ${goTypeName(v)} as argument (type int) to call ${fn}`);
  return BigInt(v);
}

function bitFunc(fn: string, op: (x: bigint, y: bigint) => bigint, shift = false): BuiltinFn {
  return (a) => {
    arity(a, 2);
    const x = toBig(a[0], fn);
    const y = toBig(a[1], fn);
    if (shift && y < 0n) throw fail(`invalid operation: negative shift count ${y} (type int)`);
    return Number(BigInt.asIntN(64, op(x, shift && y > 64n ? 64n : y)));
  };
}

export const numberBuiltins: Record<string, BuiltinFn> = {
  abs: (a) => {
    arity(a, 1);
    const v = a[0];
    if (isInt(v)) return Math.abs(v);
    return makeFloat(Math.abs(numberArg(v, "abs")));
  },
  ceil: rounding("ceil", Math.ceil),
  floor: rounding("floor", Math.floor),
  round: rounding("round", goRound),
  max: extreme("max", 1),
  min: extreme("min", -1),
  mean: (a, ctx) => {
    const all = numbers(a, "mean");
    ctx.budget.step(all.length);
    if (all.length === 0) return makeFloat(0);
    return makeFloat(all.reduce<number>((s, v) => s + num(v), 0) / all.length);
  },
  median: (a, ctx) => {
    const all = numbers(a, "median").map(num);
    ctx.budget.step(all.length * 2);
    if (all.length === 0) return makeFloat(0);
    all.sort((x, y) => x - y);
    const mid = all.length >> 1;
    return makeFloat(all.length % 2 === 1 ? (all[mid] ?? 0) : ((all[mid - 1] ?? 0) + (all[mid] ?? 0)) / 2);
  },
  bitand: bitFunc("bitand", (x, y) => x & y),
  bitor: bitFunc("bitor", (x, y) => x | y),
  bitxor: bitFunc("bitxor", (x, y) => x ^ y),
  bitnand: bitFunc("bitnand", (x, y) => x & ~y),
  bitshl: bitFunc("bitshl", (x, y) => x << y, true),
  bitshr: bitFunc("bitshr", (x, y) => x >> y, true),
  bitushr: bitFunc("bitushr", (x, y) => BigInt.asUintN(64, x) >> y, true),
  bitnot: (a) => {
    if (a.length !== 1) throw fail(`invalid number of arguments for bitnot (expected 1, got ${a.length})`);
    return Number(BigInt.asIntN(64, ~toBig(a[0], "bitnot")));
  },
};
