/**
 * Expr filters (`filters.exprs`), as Argo's `filterExpr`: each `fields` entry reads a value from
 * the event data by gjson path into a parameter, and `expr` is a govaluate expression over those
 * parameters (Argo Events uses Knetic/govaluate here, not expr-lang). It passes only when the
 * result is the boolean true. An entry without fields is skipped, as in Argo.
 *
 * govaluate runs on src/expr's implementation: tokens are checked against govaluate's grammar,
 * then each variable naming a parameter is bound to its value before planning (`evalGovaluateWith`).
 */
import { evalGovaluateWith } from "../../../expr/index.js";
import type { ExprFilter } from "../../types.js";
import { getPath } from "../paths.js";
import { combine, type FilterResult, failed, isOr, messageOf, passed } from "./result.js";

const skipped = Symbol("skipped");

function checkOne(f: ExprFilter, data: unknown): FilterResult | typeof skipped {
  const label = `expr filter "${f.expr}"`;
  const params: Record<string, unknown> = {};
  for (const field of f.fields ?? []) {
    const value = getPath(data, field.path);
    if (value === undefined) return failed(`${label}: path "${field.path}" does not exist`);
    Object.defineProperty(params, field.name, { value, enumerable: true });
  }
  if (Object.keys(params).length === 0) return skipped;
  let result: unknown;
  try {
    result = evalGovaluateWith(f.expr, params);
  } catch (e) {
    return failed(`${label}: ${messageOf(e)}`);
  }
  return result === true ? passed : failed(`${label}: evaluated to ${JSON.stringify(result) ?? "nil"}`);
}

/** Applies `filters.exprs` with `exprLogicalOperator`. No data (undefined) passes, as in Argo. */
export function filterExprs(
  filters: readonly ExprFilter[] | undefined,
  operator: string | undefined,
  data: unknown,
): FilterResult {
  if (!filters || filters.length === 0 || data === undefined) return passed;
  // A skipped entry neither fails an `and` nor satisfies an `or` (Argo's `continue`).
  const whenSkipped = isOr(operator) ? failed("") : passed;
  return combine(
    "expr",
    operator,
    filters.map((f) => () => {
      const r = checkOne(f, data);
      return r === skipped ? whenSkipped : r;
    }),
  );
}
