/**
 * govaluate's stage planner and evaluator. Precedence, lowest first: `,` < `? : ??` < `||` < `&&` <
 * comparators < `& | ^` < `<< >>` < `+ -` < `* / %` < `**` < prefixes `- ! ~`. Operators of one level
 * associate to the left (govaluate reorders its right-leaning plan to get there). Values are
 * float64 numbers, strings, booleans, nil and arrays (from `,`).
 */
import { fail } from "../errors.js";
import { Budget } from "../lang/limits.js";
import { GoRegexp } from "../regex/index.js";
import { type GToken, tokenText } from "./lexer.js";

type Stage =
  | { t: "literal"; value: unknown }
  | { t: "variable"; name: string }
  | { t: "noop"; inner: Stage | undefined }
  | { t: "prefix"; op: string; right: Stage | undefined }
  | { t: "binary"; op: string; left: Stage | undefined; right: Stage | undefined; level: Level };

type Level =
  | "separator"
  | "ternary"
  | "or"
  | "and"
  | "comparator"
  | "bitwise"
  | "shift"
  | "additive"
  | "multiplicative"
  | "exponential";

const levels: { level: Level; kind: GToken["kind"]; ops: string[] }[] = [
  { level: "separator", kind: "SEPARATOR", ops: [","] },
  { level: "ternary", kind: "TERNARY", ops: ["?", ":", "??"] },
  { level: "or", kind: "LOGICALOP", ops: ["||"] },
  { level: "and", kind: "LOGICALOP", ops: ["&&"] },
  { level: "comparator", kind: "COMPARATOR", ops: ["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"] },
  { level: "bitwise", kind: "MODIFIER", ops: ["^", "&", "|"] },
  { level: "shift", kind: "MODIFIER", ops: [">>", "<<"] },
  { level: "additive", kind: "MODIFIER", ops: ["+", "-"] },
  { level: "multiplicative", kind: "MODIFIER", ops: ["*", "/", "%"] },
  { level: "exponential", kind: "MODIFIER", ops: ["**"] },
];

/** Plans a validated token list into a stage tree; `undefined` for an empty expression. */
export function plan(tokens: GToken[]): Stage | undefined {
  let i = 0;
  const peek = (): GToken | undefined => tokens[i];
  const parseLevel = (n: number, depth: number): Stage | undefined => {
    if (depth > 400) throw fail("expression nesting too deep");
    const spec = levels[n];
    if (!spec) return parseValue(depth);
    let left = parseLevel(n + 1, depth + 1);
    for (let t = peek(); t && t.kind === spec.kind && spec.ops.includes(t.value as string); t = peek()) {
      i++;
      const right = parseLevel(n + 1, depth + 1);
      left = { t: "binary", op: t.value as string, left, right, level: spec.level };
    }
    return left;
  };
  const parseValue = (depth: number): Stage | undefined => {
    const t = peek();
    if (!t) return undefined;
    i++;
    switch (t.kind) {
      case "CLAUSE": {
        const inner = parseLevel(0, depth + 1);
        i++;
        return { t: "noop", inner };
      }
      case "CLAUSE_CLOSE":
        i--;
        return undefined;
      case "PREFIX":
        return { t: "prefix", op: t.value as string, right: parseValue(depth + 1) };
      case "VARIABLE":
        return { t: "variable", name: t.value as string };
      case "ACCESSOR":
        return { t: "variable", name: (t.value as string[])[0] ?? "" };
      case "PATTERN":
      case "NUMERIC":
      case "STRING":
      case "BOOLEAN":
      case "TIME":
        return { t: "literal", value: t.value };
      default:
        throw fail(`Unable to plan token kind: '${t.kind}', value: '${tokenText(t.value)}'`);
    }
  };
  return parseLevel(0, 0);
}

const errorFormats: Record<Level | "prefix", (v: unknown, op: string) => string> = {
  separator: (v, op) => `Value '${tokenText(v)}' cannot be used with '${op}'`,
  ternary: (v, op) =>
    `Value '${tokenText(v)}' cannot be used with the ternary operator '${op}', it is not a bool`,
  or: (v, op) => `Value '${tokenText(v)}' cannot be used with the logical operator '${op}', it is not a bool`,
  and: (v, op) =>
    `Value '${tokenText(v)}' cannot be used with the logical operator '${op}', it is not a bool`,
  comparator: (v, op) =>
    `Value '${tokenText(v)}' cannot be used with the comparator '${op}', it is not a number`,
  bitwise: (v, op) => `Value '${tokenText(v)}' cannot be used with the modifier '${op}', it is not a number`,
  shift: (v, op) => `Value '${tokenText(v)}' cannot be used with the modifier '${op}', it is not a number`,
  additive: (v, op) => `Value '${tokenText(v)}' cannot be used with the modifier '${op}', it is not a number`,
  multiplicative: (v, op) =>
    `Value '${tokenText(v)}' cannot be used with the modifier '${op}', it is not a number`,
  exponential: (v, op) =>
    `Value '${tokenText(v)}' cannot be used with the modifier '${op}', it is not a number`,
  prefix: (v, op) => `Value '${tokenText(v)}' cannot be used with the prefix '${op}'`,
};

const isNum = (v: unknown): v is number => typeof v === "number";
const isStr = (v: unknown): v is string => typeof v === "string";
const isBool = (v: unknown): v is boolean => typeof v === "boolean";

/** Go's `reflect.DeepEqual` over govaluate values. */
function deepEqual(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, k) => deepEqual(x, b[k]));
  if (isNum(a) && isNum(b)) return a === b;
  return a === b || (a === undefined && b === null) || (a === null && b === undefined);
}

const int64 = (x: number): bigint => BigInt.asIntN(64, BigInt(Math.trunc(Number.isFinite(x) ? x : 0)));
const uint64 = (x: number): bigint => BigInt.asUintN(64, BigInt(Math.trunc(Number.isFinite(x) ? x : 0)));

/** govaluate's `Evaluate(nil)` of a plan. */
export function run(stage: Stage | undefined, budget = new Budget()): unknown {
  if (!stage) return null;
  budget.step();
  switch (stage.t) {
    case "literal":
      return stage.value;
    case "variable":
      throw fail(`No parameter '${stage.name}' found.`);
    case "noop":
      return run(stage.inner, budget);
    case "prefix": {
      const v = run(stage.right, budget);
      const check = stage.op === "!" ? isBool(v) : isNum(v);
      if (!check) throw fail(errorFormats.prefix(v, stage.op));
      if (stage.op === "!") return !v;
      return stage.op === "-" ? -(v as number) : Number(BigInt.asIntN(64, ~int64(v as number)));
    }
    case "binary":
      return binary(stage, budget);
  }
}

function binary(stage: Extract<Stage, { t: "binary" }>, budget: Budget): unknown {
  const { op } = stage;
  const left = run(stage.left, budget);
  // Short circuits happen before any type check, as in govaluate.
  if (op === "&&" && left === false) return false;
  if (op === "||" && left === true) return true;
  if (op === "??" && left !== null && left !== undefined) return left;
  if (op === ":" && left !== null && left !== undefined) return left;
  const skipRight = op === "?" && left === false;
  const right = skipRight ? null : run(stage.right, budget);
  const bad = (v: unknown): Error => fail(errorFormats[stage.level](v, op));
  switch (op) {
    case ",":
      return Array.isArray(left) ? [...left, right] : [left, right];
    case "?":
      if (!isBool(left)) throw bad(left);
      return left ? right : null;
    case ":":
    case "??":
      return right;
    case "&&":
    case "||":
      if (!isBool(left)) throw bad(left);
      if (!isBool(right)) throw bad(right);
      return op === "&&" ? left && right : left || right;
    case "==":
      return deepEqual(left, right);
    case "!=":
      return !deepEqual(left, right);
    case ">":
    case ">=":
    case "<":
    case "<=": {
      if (!((isNum(left) && isNum(right)) || (isStr(left) && isStr(right)))) throw bad(left);
      const c = left < right ? -1 : left > right ? 1 : 0;
      return op === ">" ? c > 0 : op === ">=" ? c >= 0 : op === "<" ? c < 0 : c <= 0;
    }
    case "=~":
    case "!~": {
      if (!isStr(left)) throw bad(left);
      if (!isStr(right)) throw bad(right);
      let re: GoRegexp;
      try {
        re = GoRegexp.compile(right);
      } catch (e) {
        throw fail(
          `Unable to compile regexp pattern '${right}': ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      const matched = re.test(left, (n) => budget.step(n));
      return op === "=~" ? matched : !matched;
    }
    case "in":
      if (!Array.isArray(right)) throw bad(right);
      return right.some((x) => x === left);
    case "+":
      if (isStr(left) || isStr(right)) return `${tokenText(left)}${tokenText(right)}`;
      if (!isNum(left) || !isNum(right)) throw bad(left);
      return left + right;
    default:
      return arithmetic(op, [left, right], bad);
  }
}

function arithmetic(op: string, operands: readonly [unknown, unknown], bad: (v: unknown) => Error): number {
  const [left, right] = operands;
  if (!isNum(left)) throw bad(left);
  if (!isNum(right)) throw bad(right);
  switch (op) {
    case "-":
      return left - right;
    case "*":
      return left * right;
    case "/":
      return left / right;
    case "%":
      return left % right;
    case "**":
      return left ** right;
    case "&":
      return Number(int64(left) & int64(right));
    case "|":
      return Number(int64(left) | int64(right));
    case "^":
      return Number(int64(left) ^ int64(right));
    case "<<":
      return Number(BigInt.asUintN(64, uint64(left) << (uint64(right) > 64n ? 64n : uint64(right))));
    case ">>":
      return Number(uint64(left) >> (uint64(right) > 64n ? 64n : uint64(right)));
    default:
      throw fail(`unknown operator ${op}`);
  }
}
