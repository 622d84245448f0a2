/**
 * expr-lang's unary and binary operators over runtime values, with expr's typing rules: `/` and
 * `**` always yield floats, `%` wants ints, `+` adds numbers, joins strings (and, as an Argosy
 * extension, arrays), and time/duration arithmetic works as in Go.
 */
import { fail } from "../errors.js";
import { GoRegexp } from "../regex/index.js";
import { GoDuration } from "./duration.js";
import { formatV } from "./go-format.js";
import type { Budget } from "./limits.js";
import { GoTime } from "./time.js";
import {
  compare,
  equal,
  goTypeName,
  intOp,
  isInt,
  isMap,
  isNil,
  isNumber,
  makeFloat,
  makeInt,
  mismatch,
  num,
  toInt,
} from "./values.js";

/** Unary `not`/`!`, `-`, `+`. */
export function unaryOp(op: string, v: unknown): unknown {
  if (op === "not" || op === "!") {
    if (typeof v !== "boolean") throw fail(`invalid operation: ${op} (mismatched type ${goTypeName(v)})`);
    return !v;
  }
  if (isInt(v)) return op === "-" ? makeInt(-v) : v;
  if (isNumber(v)) return op === "-" ? makeFloat(-num(v)) : v;
  if (v instanceof GoDuration) return op === "-" ? new GoDuration(-v.ns) : v;
  throw fail(`invalid operation: ${op} (mismatched type ${goTypeName(v)})`);
}

/** A non-short-circuit binary operator applied to `[left, right]`. */
export function binaryOp(op: string, operands: readonly [unknown, unknown], budget: Budget): unknown {
  const [a, b] = operands;
  switch (op) {
    case "==":
      return equal(a, b);
    case "!=":
      return !equal(a, b);
    case "<":
      return compare(a, b, op) < 0;
    case ">":
      return compare(a, b, op) > 0;
    case "<=":
      return compare(a, b, op) <= 0;
    case ">=":
      return compare(a, b, op) >= 0;
    case "+":
      return add(a, b, budget);
    case "-":
      return subtract(a, b);
    case "*":
      return multiply(a, b);
    case "/":
      return divide(a, b);
    case "%":
      return modulo(a, b);
    case "**":
    case "^":
      if (!isNumber(a) || !isNumber(b)) throw mismatch(op, a, b);
      return makeFloat(num(a) ** num(b));
    case "..":
      return range(a, b, budget);
    case "in":
      return member(a, b, budget);
    case "contains":
    case "startsWith":
    case "endsWith":
      return stringTest(op, a, b);
    case "matches":
      if (isNil(a) || isNil(b)) return false;
      if (typeof a !== "string" || typeof b !== "string") throw mismatch(op, a, b);
      return GoRegexp.compile(b).test(a, (n) => budget.step(n));
    default:
      throw fail(`unknown operator (${op})`);
  }
}

function add(a: unknown, b: unknown, budget: Budget): unknown {
  if (isInt(a) && isInt(b)) return intOp(a, b, "+");
  if (isNumber(a) && isNumber(b)) return makeFloat(num(a) + num(b));
  if (typeof a === "string" && typeof b === "string") return budget.str(a + b);
  if (a instanceof GoTime && b instanceof GoDuration) return a.add(b.ns);
  if (a instanceof GoDuration && b instanceof GoTime) return b.add(a.ns);
  if (a instanceof GoDuration && b instanceof GoDuration) return new GoDuration(a.ns + b.ns);
  if (Array.isArray(a) && Array.isArray(b)) {
    budget.alloc(a.length + b.length);
    return [...a, ...b];
  }
  throw mismatch("+", a, b);
}

function subtract(a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) return intOp(a, b, "-");
  if (isNumber(a) && isNumber(b)) return makeFloat(num(a) - num(b));
  if (a instanceof GoTime && b instanceof GoTime) return new GoDuration(a.sub(b));
  if (a instanceof GoTime && b instanceof GoDuration) return a.add(-b.ns);
  if (a instanceof GoDuration && b instanceof GoDuration) return new GoDuration(a.ns - b.ns);
  throw mismatch("-", a, b);
}

function multiply(a: unknown, b: unknown): unknown {
  if (isInt(a) && isInt(b)) return intOp(a, b, "*");
  if (isNumber(a) && isNumber(b)) return makeFloat(num(a) * num(b));
  if (a instanceof GoDuration && isInt(b)) return new GoDuration(a.ns * b);
  if (isInt(a) && b instanceof GoDuration) return new GoDuration(a * b.ns);
  if (a instanceof GoDuration && isNumber(b)) return makeFloat(a.ns * num(b));
  if (isNumber(a) && b instanceof GoDuration) return makeFloat(num(a) * b.ns);
  if (a instanceof GoDuration && b instanceof GoDuration) return new GoDuration(a.ns * b.ns);
  throw mismatch("*", a, b);
}

function divide(a: unknown, b: unknown): unknown {
  const x = a instanceof GoDuration ? a.ns : a;
  const y = b instanceof GoDuration ? b.ns : b;
  if (isNumber(x) && isNumber(y)) return makeFloat(num(x) / num(y));
  throw mismatch("/", a, b);
}

function modulo(a: unknown, b: unknown): number {
  if (!isInt(a) || !isInt(b)) throw mismatch("%", a, b);
  if (b === 0) throw fail("integer divide by zero");
  const r = a % b;
  return r === 0 ? 0 : r;
}

function range(a: unknown, b: unknown, budget: Budget): number[] {
  if (!isNumber(a) || !isNumber(b)) throw mismatch("..", a, b);
  const from = toInt(a);
  const to = toInt(b);
  const size = to - from + 1;
  if (size <= 0) return [];
  budget.alloc(size);
  return Array.from({ length: size }, (_, i) => from + i);
}

function member(a: unknown, b: unknown, budget: Budget): boolean {
  if (isNil(b)) return false;
  if (Array.isArray(b)) {
    budget.step(b.length);
    return b.some((x) => equal(x, a));
  }
  if (isMap(b)) return Object.hasOwn(b, mapKey(a));
  throw fail(`operator "in" not defined on ${goTypeName(b)}`);
}

function stringTest(op: string, a: unknown, b: unknown): boolean {
  if (isNil(a) || isNil(b)) return false;
  if (typeof a !== "string" || typeof b !== "string") throw mismatch(op, a, b);
  if (op === "contains") return a.includes(b);
  return op === "startsWith" ? a.startsWith(b) : a.endsWith(b);
}

/** How a value indexes a map: maps are keyed by strings here, so other keys use their `%v` text. */
export const mapKey = (k: unknown): string => (typeof k === "string" ? k : formatV(k));
