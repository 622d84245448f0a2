/**
 * expr-lang (github.com/expr-lang/expr v1.17, as embedded by Argo Workflows): parse once with
 * `compileExpr`, run with `runProgram`, or both with `evalExpr` (compiled programs are cached).
 */
import { ExprError, toExprError } from "../errors.js";
import type { Program } from "./ast.js";
import { evaluate, type RunOptions } from "./interpreter.js";
import { marshal } from "./json.js";
import { parse } from "./parser.js";
import { goTypeName } from "./values.js";

export { argoEnv, argoFunctions, expandFlatKeys } from "./argo-env.js";
export type { Program } from "./ast.js";
export { formatDuration, GoDuration, parseDuration, parseDurationNs } from "./duration.js";
export { formatV as formatGoValue } from "./go-format.js";
export type { RunOptions } from "./interpreter.js";
export { marshal as marshalJSON } from "./json.js";
export { sprigFunctions } from "./sprig/index.js";
export { formatterFor, GoLocation, GoTime } from "./time.js";
export { GoFunc } from "./values.js";

/** Parses `source`; throws `ExprError` (kind "syntax", with column) on invalid input. */
export function compileExpr(source: string): Program {
  try {
    return parse(source);
  } catch (e) {
    throw toExprError(e);
  }
}

/**
 * Evaluates a compiled program. `env` maps top-level names to values (plain JSON-like data; nested
 * objects are maps). Results are plain values: numbers, strings, booleans, null, arrays, objects,
 * or `GoTime`/`GoDuration` instances. Throws only `ExprError`.
 */
export function runProgram(
  program: Program,
  env: Record<string, unknown>,
  options: RunOptions = {},
): unknown {
  return evaluate(program, env, options);
}

const cacheLimit = 256;
const cache = new Map<string, Program>();

/** `compileExpr` + `runProgram`, reusing compiled programs from a small LRU cache. */
export function evalExpr(source: string, env: Record<string, unknown>, options: RunOptions = {}): unknown {
  let program = cache.get(source);
  if (program) {
    cache.delete(source);
  } else {
    program = compileExpr(source);
    if (cache.size >= cacheLimit) cache.delete(cache.keys().next().value as string);
  }
  cache.set(source, program);
  return runProgram(program, env, options);
}

/** Argo's `EvalBool`: the expression must produce a boolean. */
export function evalBool(source: string, env: Record<string, unknown>, options: RunOptions = {}): boolean {
  const result = evalExpr(source, env, options);
  if (typeof result !== "boolean") {
    throw new ExprError(
      `unable to cast expression result '${formatValue(result)}' to bool (type ${goTypeName(result)})`,
    );
  }
  return result;
}

/**
 * Renders a result the way Argo inserts a `{{= … }}` value into a template: strings as they are,
 * everything else as Go's `json.Marshal` output (`3`, `1.5`, `true`, `[2,3]`, `{"a":1}`, durations
 * as nanoseconds, times as RFC 3339 text). nil renders as `null`; the template evaluator rejects it
 * before rendering, as Argo does.
 */
export function formatValue(v: unknown): string {
  if (typeof v === "string") return v;
  const json = marshal(v);
  return json.length > 1 && json.startsWith('"') && json.endsWith('"') ? json.slice(1, -1) : json;
}
