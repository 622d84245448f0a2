/**
 * What Argo reads out of a `gjson.Result`: `.String()`, `.Float()`, `.Bool()` and the type name
 * (`Null`, `False`, `Number`, `String`, `True`, `JSON`), over the values `getPath` returns. These
 * decide how a data filter compares and what text a trigger parameter gets.
 */
import { formatFloatF } from "../../expr/index.js";

export type ResultType = "Null" | "False" | "Number" | "String" | "True" | "JSON";

/** gjson's type name of a value (`undefined`, a missing result, counts as Null). */
export function resultType(v: unknown): ResultType {
  if (v === undefined || v === null) return "Null";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "number") return "Number";
  if (typeof v === "string") return "String";
  return "JSON";
}

export { formatFloatF };

/** `Result.String()`: strings as they are, numbers in plain decimal, JSON blocks as JSON text, null "". */
export function resultString(v: unknown): string {
  if (v === undefined || v === null) return "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "number") return formatFloatF(v);
  return JSON.stringify(v) ?? "";
}

/** Go's `strconv.ParseFloat(s, 64)` for decimal text, `inf` and `nan` (no surrounding spaces). */
export function parseGoFloat(s: string): number | undefined {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) return Number(s);
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith("-") ? -Infinity : Infinity;
  if (/^[+-]?nan$/i.test(s)) return Number.NaN;
  return undefined;
}

/** `Result.Float()`: numbers, numeric strings, true = 1, everything else 0. */
export function resultFloat(v: unknown): number {
  if (typeof v === "number") return v;
  if (v === true) return 1;
  if (typeof v === "string") return parseGoFloat(v) ?? 0;
  return 0;
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(s: string): boolean | undefined {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  return undefined;
}

/** `Result.Bool()`: true, a string ParseBool accepts as true, or a non-zero number. */
export function resultBool(v: unknown): boolean {
  if (v === true) return true;
  if (typeof v === "string") return parseGoBool(v) ?? false;
  if (typeof v === "number") return v !== 0;
  return false;
}
