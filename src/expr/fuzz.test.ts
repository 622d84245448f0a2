/**
 * Property test: random strings and token soups fed to both parsers and interpreters must either
 * produce a value or throw an `ExprError` — never another exception, never a hang (the step budget
 * and the linear-time regex engine guarantee termination).
 */
import { describe, expect, it } from "vitest";
import { ExprError } from "./errors.js";
import { evalGovaluate, evalWhen } from "./govaluate/index.js";
import { compileExpr, runProgram } from "./lang/index.js";

/** mulberry32: a tiny seeded PRNG, so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const exprTokens = [
  "1",
  "0",
  "-1",
  "2.5",
  "1e3",
  "0x1F",
  "99999",
  "'a'",
  '"b"',
  "`raw`",
  "'(a+)+$'",
  "nil",
  "true",
  "false",
  "a",
  "a.b",
  "s",
  "n",
  "#",
  "#index",
  "#acc",
  ".b",
  "$env",
  "sprig",
  "sprig.add",
  "sprig.trim",
  "toJson",
  "asInt",
  "jsonpath",
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "^",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "and",
  "or",
  "not",
  "!",
  "&&",
  "||",
  "?",
  ":",
  "??",
  "?.",
  ".",
  "..",
  "in",
  "not in",
  "contains",
  "startsWith",
  "endsWith",
  "matches",
  "|",
  ",",
  ";",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  "let x =",
  "x",
  "if",
  "else",
  "len(",
  "filter(",
  "map(",
  "reduce(",
  "sort(",
  "upper(",
  "repeat(",
  "fromJSON(",
  "toJSON(",
  "date(",
  "duration(",
  "now()",
  "split(",
  "join(",
  "sum(",
  "groupBy(",
  "1..10",
];
const govaluateTokens = [
  "1",
  "2.5",
  "0x10",
  "'a'",
  '"b"',
  "heads",
  "tails",
  "true",
  "false",
  "x.Y",
  "[v]",
  "(",
  ")",
  ",",
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
  "&&",
  "||",
  "!",
  "~",
  "=~",
  "!~",
  "in",
  "?",
  ":",
  "??",
  "&",
  "|",
  "^",
  "<<",
  ">>",
  "'2024-01-01'",
  "'(a+)+$'",
  "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'",
];
const alphabet = "abc xyz 0123456789 +-*/%^!=<>&|?:.,;#$@()[]{}'\"`\\_\n\t→é";

const leaves = [
  "1",
  "2.5",
  "-3",
  "0",
  "'a'",
  "'abc'",
  "nil",
  "true",
  "[1, 'x', nil]",
  "{k: 1}",
  "a",
  "a.b",
  "s",
  "n",
  "1..4",
  "now()",
  "duration('1h')",
];
const binaries = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "**",
  "==",
  "!=",
  "<",
  ">=",
  "and",
  "or",
  "??",
  "in",
  "contains",
  "matches",
  "..",
  "|| !",
];
const calls = [
  "len",
  "string",
  "int",
  "float",
  "type",
  "upper",
  "toJSON",
  "first",
  "reverse",
  "sort",
  "uniq",
  "flatten",
  "abs",
  "keys",
  "fromJSON",
  "toJson",
  "asInt",
];
const predicates = ["filter", "map", "all", "any", "count", "sum", "groupBy", "sortBy"];

/** A random expression that parses most of the time, to drive the interpreter's runtime paths. */
function tree(next: () => number, depth: number): string {
  const pick = (xs: readonly string[]): string => xs[Math.floor(next() * xs.length)] as string;
  const r = depth > 3 ? 0 : next();
  if (r < 0.3) return pick(leaves);
  if (r < 0.55) return `(${tree(next, depth + 1)} ${pick(binaries)} ${tree(next, depth + 1)})`;
  if (r < 0.7) return `${pick(calls)}(${tree(next, depth + 1)})`;
  if (r < 0.8) return `${pick(predicates)}(${tree(next, depth + 1)}, {${tree(next, depth + 1)}})`;
  if (r < 0.88) return `(${tree(next, depth + 1)} ? ${tree(next, depth + 1)} : ${tree(next, depth + 1)})`;
  if (r < 0.94) return `${tree(next, depth + 1)}[${pick(["0", "-1", "1:", "'k'"])}]`;
  return `sprig.${pick(["add", "trim", "default", "toJson", "list", "dict", "upper", "regexMatch"])}(${tree(next, depth + 1)}, ${tree(next, depth + 1)})`;
}

function soup(next: () => number, tokens: readonly string[]): string {
  const n = 1 + Math.floor(next() * 14);
  return Array.from({ length: n }, () => tokens[Math.floor(next() * tokens.length)]).join(" ");
}

function chars(next: () => number): string {
  const n = Math.floor(next() * 40);
  return Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
}

const env = { a: { b: [1, "x"] }, s: "aaaaaaaaaaaaaaaaaaaaaaaaa!", n: 3 };

/**
 * Runs `f`; returns what it threw when that is a property violation: anything but an ExprError, or an
 * ExprError that only wraps an unexpected host exception (the interpreters' last-resort safety net).
 */
function violation(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    const wrapsHostError = e instanceof ExprError && e.cause !== undefined && !(e.cause instanceof ExprError);
    return e instanceof ExprError && !wrapsHostError ? undefined : e;
  }
}

function succeeds(f: () => unknown): boolean {
  try {
    f();
    return true;
  } catch {
    return false;
  }
}

describe("parsers and interpreters only ever throw ExprError", () => {
  it("holds for 2,000 random inputs to both languages", () => {
    const next = rng(20240315);
    const problems: string[] = [];
    let valid = 0;
    for (let i = 0; i < 2000; i++) {
      const pick = i % 4;
      const input =
        pick === 0
          ? chars(next)
          : pick === 1
            ? soup(next, exprTokens)
            : pick === 2
              ? soup(next, govaluateTokens)
              : tree(next, 0);
      const outcomes = [
        violation(() => runProgram(compileExpr(input), env, { now: () => 0, maxSteps: 200_000 })),
        violation(() => evalGovaluate(input)),
        violation(() => evalWhen(input)),
      ];
      for (const bad of outcomes)
        if (bad !== undefined) problems.push(`${JSON.stringify(input)}: ${String(bad)}`);
      if (succeeds(() => runProgram(compileExpr(input), env, { now: () => 0, maxSteps: 200_000 }))) valid++;
    }
    expect(problems).toEqual([]);
    // The generator must also reach the interpreters, not only the parsers' error paths.
    expect(valid).toBeGreaterThan(100);
  });

  it("holds for deeply nested and oversized inputs", () => {
    const inputs = [
      "(".repeat(5000),
      "[".repeat(5000),
      `${"-".repeat(5000)}1`,
      `${"!".repeat(300)}true`,
      "x".repeat(70_000),
    ];
    for (const input of inputs) {
      expect(violation(() => compileExpr(input))).toBeUndefined();
      expect(violation(() => evalWhen(input))).toBeUndefined();
    }
  });
});
