/**
 * Data filters (`filters.data`), as Argo's `filterData`: the value at `path` (gjson) is compared
 * with each of `value` by `type`: `string` values are Go regular expressions searched in the text
 * (unanchored, like Go's `Match`: `open` matches `reopened`; anchor with `^…$`), `number` values
 * compared as float64 by `comparator`, `bool` values parsed like Go's `ParseBool`. One matching
 * value satisfies the filter. A `template` first renders the value (as a string, `.Input`) and
 * the result is compared as a string of that type. Regexps run on src/expr's linear-time engine.
 */
import { GoRegexp } from "../../../expr/index.js";
import type { DataFilter } from "../../types.js";
import { parseGoBool, parseGoFloat, resultBool, resultFloat, resultString } from "../gjson-result.js";
import { renderGoTemplate } from "../gotemplate/index.js";
import { getPath } from "../paths.js";
import { combine, type FilterResult, failed, messageOf, passed } from "./result.js";

const list = (values: readonly string[]) => `[${values.join(", ")}]`;

function compareNumbers(comparator: string, a: number, b: number): boolean {
  switch (comparator) {
    case ">=":
      return a >= b;
    case ">":
      return a > b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case "!=":
      return a !== b;
    case "=":
    case "":
      return a === b;
    default:
      return false;
  }
}

function checkOne(f: DataFilter, data: unknown): FilterResult {
  const label = `data filter "${f.path}"`;
  let value = getPath(data, f.path);
  if (value === undefined) return failed(`${label}: path does not exist`);
  const values = f.value ?? [];
  if (values.length === 0) return failed(`${label}: no values specified`);
  if (f.template) {
    let out: string;
    try {
      out = renderGoTemplate(f.template, { Input: resultString(value) });
    } catch (e) {
      return failed(`${label}: ${messageOf(e)}`);
    }
    if (out === "" || out === "<no value>") {
      return failed(`${label}: template '${f.template}' evaluated to empty string or no value`);
    }
    value = out;
  }
  const comparator = f.comparator ?? "";
  switch (f.type) {
    case "bool": {
      const actual = resultBool(value);
      for (const text of values) {
        const want = parseGoBool(text);
        if (want === undefined) return failed(`${label}: invalid bool value "${text}"`);
        if (want === actual) return passed;
      }
      return failed(`${label}: value ${actual} is not one of ${list(values)}`);
    }
    case "number": {
      const actual = resultFloat(value);
      for (const text of values) {
        const want = parseGoFloat(text);
        if (want === undefined) return failed(`${label}: invalid number value "${text}"`);
        if (compareNumbers(comparator, actual, want)) return passed;
      }
      const op = comparator === "" ? "=" : comparator;
      const target = values.length === 1 ? values[0] : `any of ${list(values)}`;
      return failed(`${label}: value ${resultString(actual)} is not ${op} ${target}`);
    }
    case "string": {
      const actual = resultString(value);
      for (const text of values) {
        let re: GoRegexp;
        try {
          re = GoRegexp.compile(text);
        } catch (e) {
          return failed(`${label}: invalid regexp "${text}": ${messageOf(e)}`);
        }
        const match = re.test(actual);
        if ((comparator === "=" || comparator === "") && match) return passed;
        if (comparator === "!=" && !match) return passed;
      }
      if (comparator === "!=")
        return failed(`${label}: value "${actual}" matches every one of ${list(values)}`);
      if (comparator !== "=" && comparator !== "") {
        return failed(`${label}: comparator "${comparator}" does not apply to strings`);
      }
      return failed(`${label}: value "${actual}" is not one of ${list(values)}`);
    }
    default:
      return failed(`${label}: unsupported JSON type "${f.type}"`);
  }
}

/** Applies `filters.data` with `dataLogicalOperator`. No data (undefined) passes, as in Argo. */
export function filterData(
  filters: readonly DataFilter[] | undefined,
  operator: string | undefined,
  data: unknown,
): FilterResult {
  if (!filters || filters.length === 0 || data === undefined) return passed;
  return combine(
    "data",
    operator,
    filters.map((f) => () => checkOne(f, data)),
  );
}
