/**
 * Argo's `{{…}}` substitution over strings and whole template objects.
 *
 * Simple tags `{{ name }}` are looked up in a flat scope (`inputs.parameters.x` → value). Tags whose
 * first segment is one of Argo's prefixes must resolve; any other tag (Jinja, Helm…) is left as
 * written. Expression tags `{{= … }}` are handed to the expression evaluator given in the options.
 */
import { invalid } from "../util/errors.js";

/** Prefixes whose tags must resolve (Argo validates exactly these). */
export const strictPrefixes = new Set(["item", "steps", "tasks", "inputs", "outputs", "workflow"]);

export type Scope = ReadonlyMap<string, string>;

/**
 * The value of an output that a skipped or omitted node declared but never produced (Argo's
 * "absent optional"): `nil` inside expressions; a simple tag that reads it is left as written
 * (or, when strict, is an error).
 */
export const absentValue = "\u0000argosy:absent";

export interface SubstituteOptions {
  /**
   * Evaluates the body of a `{{= … }}` tag; without it such tags are left as written. It receives
   * the substitution's options so it can apply the same strictness and deferral as simple tags.
   */
  evaluateExpression?: (source: string, scope: Scope, options?: SubstituteOptions) => string;
  /** When false, unresolved tags with strict prefixes are left as written instead of failing. */
  strict?: boolean;
  /** Tags of these prefixes are left as written even when strict (e.g. `outputs.` before a pod runs). */
  deferPrefixes?: ReadonlySet<string>;
}

const tagPattern = /\{\{(=?)([\s\S]*?)\}\}/g;

/** Substitutes every tag in `text`. Throws an `Invalid` error naming the first tag that must resolve but does not. */
export function substituteString(text: string, scope: Scope, options: SubstituteOptions = {}): string {
  if (!text.includes("{{")) return text;
  return text.replace(tagPattern, (whole, isExpr: string, body: string) => {
    if (isExpr === "=") {
      return options.evaluateExpression ? options.evaluateExpression(body.trim(), scope, options) : whole;
    }
    const key = body.trim();
    const value = scope.get(key);
    if (value === absentValue) {
      if (options.strict !== false) {
        throw invalid(
          `unable to substitute {{${key}}}: output is an absent optional (skipped/omitted node with no default)`,
        );
      }
      return whole;
    }
    if (value !== undefined) return value;
    const prefix = key.split(".", 1)[0] ?? "";
    if (options.deferPrefixes?.has(prefix)) return whole;
    if (options.strict !== false && strictPrefixes.has(prefix)) {
      throw invalid(`failed to resolve {{${key}}}`);
    }
    return whole;
  });
}

/** Substitutes tags in every string of a JSON-like value, returning a new value; non-strings are kept. */
export function substituteDeep<T>(value: T, scope: Scope, options: SubstituteOptions = {}): T {
  return walk(value, scope, options) as T;
}

function walk(value: unknown, scope: Scope, options: SubstituteOptions): unknown {
  if (typeof value === "string") return substituteString(value, scope, options);
  if (Array.isArray(value)) return value.map((v) => walk(v, scope, options));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = walk(v, scope, options);
    return out;
  }
  return value;
}

/** True when the string holds at least one `{{…}}` tag. */
export const hasTags = (text: string): boolean => /\{\{[\s\S]*?\}\}/.test(text);
