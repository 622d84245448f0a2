/**
 * `{{= … }}` tags: Argo's expression templates. The env is built from the flat substitution scope
 * (`inputs.parameters.x`, `steps.a.outputs.result`…) expanded into nested maps, plus Argo's
 * functions; values stay strings (a JSON list is text until the expression calls `fromJSON`).
 * Results render as Argo inserts them: strings as-is, anything else as JSON.
 */
import { ExprError } from "./errors.js";
import { argoEnv } from "./lang/argo-env.js";
import type { Program } from "./lang/ast.js";
import { quoteGo } from "./lang/go-format.js";
import { compileExpr, formatValue, type RunOptions, runProgram } from "./lang/index.js";
import { referencedVariables } from "./lang/references.js";
import { isMap, type MapValue } from "./lang/values.js";
import { type Scope, type SubstituteOptions, strictPrefixes } from "./substitute.js";

/** Argo's marker for values not known yet (outputs during planning); expressions over them wait. */
const placeholderPrefix = "__argo__internal__placeholder-";

export interface ExpressionEvaluatorOptions extends Pick<SubstituteOptions, "strict" | "deferPrefixes"> {
  /** Clock for `now()`, in epoch milliseconds. */
  now?: RunOptions["now"];
}

/** Whether `path` (dotted) resolves in the nested env; a present nil counts as present. */
function hasVariable(env: MapValue, path: string): boolean {
  let cur: unknown = env;
  for (const part of path.split(".")) {
    if (!isMap(cur) || !Object.hasOwn(cur, part)) return false;
    cur = cur[part];
  }
  return true;
}

const prefixOf = (path: string): string => path.split(".", 1)[0] ?? "";

function failed(message: string, inner?: ExprError): ExprError {
  return new ExprError(message, {
    kind: inner?.kind ?? "runtime",
    ...(inner?.position !== undefined ? { position: inner.position } : {}),
    ...(inner?.source !== undefined ? { source: inner.source } : {}),
    cause: inner,
  });
}

/**
 * Builds the evaluator `substituteString` calls for each `{{= … }}` tag. Options given here are
 * defaults; the `SubstituteOptions` of the substitution call (strict, deferPrefixes) take precedence.
 * A tag is left as written when it reads a variable of a deferred prefix, a variable that is missing
 * outside the strict prefixes (or with `strict: false`), or a placeholder value; a missing variable of a
 * strict prefix is an error (`failed to evaluate expression: steps.a.outputs.result is missing`).
 */
export function makeExpressionEvaluator(
  defaults: ExpressionEvaluatorOptions = {},
): (source: string, scope: Scope, options?: SubstituteOptions) => string {
  return (source, scope, options = {}) => {
    const strict = options.strict ?? defaults.strict ?? true;
    const defer = options.deferPrefixes ?? defaults.deferPrefixes;
    const unresolved = `{{=${source}}}`;
    let program: Program;
    try {
      program = compileExpr(source);
    } catch (e) {
      const inner = e as ExprError;
      throw failed(`failed to evaluate expression: ${inner.message}`, inner);
    }
    const env = argoEnv(scope);
    const missing = referencedVariables(program).filter((id) => !hasVariable(env, id));
    if (missing.some((id) => defer?.has(prefixOf(id)))) return unresolved;
    const required = missing.find((id) => strictPrefixes.has(prefixOf(id)));
    if (strict && required !== undefined)
      throw failed(`failed to evaluate expression: ${required} is missing`);
    const waiting = missing.length > 0 || [...scope.values()].some((v) => v.startsWith(placeholderPrefix));
    let result: unknown;
    try {
      result = runProgram(program, env, defaults.now ? { now: defaults.now } : {});
    } catch (e) {
      if (waiting) return unresolved;
      const inner = e as ExprError;
      throw failed(`failed to evaluate expression: ${inner.message}`, inner);
    }
    if (result === null || result === undefined) {
      if (waiting) return unresolved;
      throw failed(`failed to evaluate expression ${quoteGo(source)}`);
    }
    try {
      return formatValue(result);
    } catch (e) {
      throw failed(`failed to marshal evaluated expression: ${(e as ExprError).message}`);
    }
  };
}
