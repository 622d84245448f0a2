/** Argument checks shared by the builtin families, with expr's error wording. */
import { fail } from "../errors.js";
import { GoDuration } from "./duration.js";
import { GoLocation, GoTime } from "./time.js";
import { type CallContext, GoFunc, goTypeName, isInt, isMap, isNil, isNumber } from "./values.js";

export type BuiltinFn = (args: unknown[], ctx: CallContext) => unknown;

/** Checks the argument count: `invalid number of arguments (expected 1, got 2)`. */
export function arity(args: unknown[], min: number, max = min): void {
  if (args.length >= min && args.length <= max) return;
  const expected =
    min === max ? `${min}` : max === Number.POSITIVE_INFINITY ? `at least ${min}` : `${min} or ${max}`;
  throw fail(`invalid number of arguments (expected ${expected}, got ${args.length})`);
}

const cannotUse = (v: unknown, type: string, fn: string): Error =>
  fail(`cannot use ${goTypeName(v)} as argument (type ${type}) to call ${fn}`);

export function str(args: unknown[], i: number, fn: string): string {
  const v = args[i];
  if (typeof v !== "string") throw cannotUse(v, "string", fn);
  return v;
}

export function int(args: unknown[], i: number, fn: string): number {
  const v = args[i];
  if (!isInt(v)) throw cannotUse(v, "int", fn);
  return v;
}

export function list(args: unknown[], i: number, fn: string): unknown[] {
  const v = args[i];
  if (!Array.isArray(v)) throw cannotUse(v, "[]interface {}", fn);
  return v;
}

/** Go's `reflect.Kind` name of a value, used in messages like `cannot get keys from slice`. */
export function kindName(v: unknown): string {
  if (isNil(v)) return "invalid";
  if (Array.isArray(v)) return "slice";
  if (isMap(v)) return "map";
  if (v instanceof GoTime) return "struct";
  if (v instanceof GoDuration) return "int64";
  if (v instanceof GoLocation) return "ptr";
  if (v instanceof GoFunc) return "func";
  if (isNumber(v)) return isInt(v) ? "int" : "float64";
  return typeof v === "boolean" ? "bool" : "string";
}

/** A value's code points, for rune-based string functions. */
export const runes = (s: string): string[] => [...s];
