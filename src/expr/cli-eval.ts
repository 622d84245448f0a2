/**
 * The core of `argosy expr`: evaluate one expr-lang expression, or a template string with `{{…}}`
 * and `{{= … }}` tags, against variables given on the command line.
 */
import { ExprError } from "./errors.js";
import { evalExpr, formatValue, GoDuration } from "./lang/index.js";
import { substituteString } from "./substitute.js";
import { makeExpressionEvaluator } from "./template-expr.js";

export type CliResult = { ok: true; output: string } | { ok: false; error: string };

/** Flattens nested variables into the dotted string scope simple tags read (`a.b` → "1"). */
export function flattenVars(
  vars: Record<string, unknown>,
  prefix = "",
  out = new Map<string, string>(),
): Map<string, string> {
  for (const [key, value] of Object.entries(vars)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      out.set(path, JSON.stringify(value));
      flattenVars(value as Record<string, unknown>, path, out);
    } else out.set(path, typeof value === "string" ? value : JSON.stringify(value ?? null));
  }
  return out;
}

/** How the CLI prints a result: strings raw, nil as `nil`, durations Go-style, the rest as JSON. */
function render(v: unknown): string {
  if (v === null || v === undefined) return "nil";
  if (v instanceof GoDuration) return v.toString();
  return formatValue(v);
}

function describe(e: unknown): string {
  if (e instanceof ExprError) {
    const snippet = e.snippet();
    return snippet ? `${e.describe()}\n${snippet}` : e.describe();
  }
  return e instanceof Error ? e.message : String(e);
}

/**
 * Evaluates `input`: a template when it contains `{{`, otherwise a single expression.
 * Never throws; errors come back as text with the column and a caret under the problem.
 */
export function evaluateForCli(input: string, vars: Record<string, unknown>): CliResult {
  try {
    if (input.includes("{{")) {
      const output = substituteString(input, flattenVars(vars), {
        evaluateExpression: makeExpressionEvaluator(),
      });
      return { ok: true, output };
    }
    return { ok: true, output: render(evalExpr(input, vars)) };
  } catch (e) {
    return { ok: false, error: describe(e) };
  }
}
