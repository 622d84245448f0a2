/**
 * govaluate as Argo uses it for `when`: the expression is tokenized, every bare identifier becomes
 * a string (Argo passes no parameters, so `heads == heads` compares two strings), and the result
 * must be a boolean. Error texts follow Argo's `shouldExecute` and govaluate's own messages.
 */
import { ExprError, fail, toExprError } from "../errors.js";
import { limits } from "../lang/limits.js";
import { GoRegexp } from "../regex/index.js";
import { plan, run } from "./evaluate.js";
import { checkSyntax, type GToken, lex, tokenText } from "./lexer.js";

/** Phase 1: tokenize and check the grammar as written. */
function compile(source: string): GToken[] {
  if (source.length > limits.maxSourceLength)
    throw fail(`expression is longer than ${limits.maxSourceLength} characters`);
  const tokens = lex(source);
  checkSyntax(tokens);
  return tokens;
}

/** Phase 2 (Argo's rewrite): identifiers become strings; constant regexes are compiled up front. */
function asStrings(tokens: GToken[]): GToken[] {
  const out = tokens.map((t): GToken => (t.kind === "VARIABLE" ? { kind: "STRING", value: t.value } : t));
  checkSyntax(out);
  out.forEach((t, k) => {
    const next = out[k + 1];
    if (t.kind === "COMPARATOR" && (t.value === "=~" || t.value === "!~") && next?.kind === "STRING") {
      GoRegexp.compile(next.value as string);
    }
  });
  return out;
}

class WhenError extends Error {}

function wrap(prefix: string, e: unknown): never {
  const message = e instanceof Error ? e.message : String(e);
  throw new WhenError(`${prefix}: ${message}`);
}

/**
 * Evaluates a govaluate expression the way Argo's `when` does (identifiers are strings).
 * Returns a number, string, boolean, null or array; throws `ExprError` with govaluate's message.
 */
/**
 * govaluate with parameters, as Argo Events' `exprs` filters use it: each variable naming a
 * parameter is bound to its value; other variables stay variables (and fail as govaluate's do).
 */
export function evalGovaluateWith(source: string, params: Readonly<Record<string, unknown>>): unknown {
  const bound = compile(source).map(
    (t): GToken =>
      t.kind === "VARIABLE" && typeof t.value === "string" && Object.hasOwn(params, t.value)
        ? { kind: "STRING", value: params[t.value] ?? null }
        : t,
  );
  return run(plan(bound));
}

export function evalGovaluate(source: string): unknown {
  try {
    return run(plan(asStrings(compile(source))));
  } catch (e) {
    throw toExprError(e);
  }
}

/**
 * Argo's `shouldExecute(when)`: empty is true; otherwise the expression must evaluate to a boolean.
 * Throws `ExprError` with Argo's messages (`Invalid 'when' expression '…': …`).
 */
export function evalWhen(source: string): boolean {
  if (source === "") return true;
  try {
    let tokens: GToken[];
    try {
      tokens = compile(source);
    } catch (e) {
      const hint =
        e instanceof Error && e.message.includes("Invalid token")
          ? ' (hint: try wrapping the affected expression in quotes ("))'
          : "";
      wrap(
        `Invalid 'when' expression '${source}'`,
        new Error(`${e instanceof Error ? e.message : String(e)}${hint}`),
      );
    }
    let stage: ReturnType<typeof plan>;
    try {
      stage = plan(asStrings(tokens));
    } catch (e) {
      wrap(`Failed to parse 'when' expression '${source}'`, e);
    }
    let result: unknown;
    try {
      result = run(stage);
    } catch (e) {
      wrap(`Failed to evaluate 'when' expresion '${source}'`, e);
    }
    if (typeof result !== "boolean")
      throw new WhenError(`Expected boolean evaluation for '${source}'. Got ${tokenText(result)}`);
    return result;
  } catch (e) {
    if (e instanceof WhenError) throw new ExprError(e.message);
    throw toExprError(e);
  }
}
