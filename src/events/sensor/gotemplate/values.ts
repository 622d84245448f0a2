/**
 * The value model of the Go template evaluator. Event data arrives as `encoding/json` decodes it
 * into `interface{}`: every number is a float64 (a JS number here), objects are
 * `map[string]interface{}`, arrays `[]interface{}`, null is nil. Go ints (template literals like
 * `5`, `len`, `atoi`, sprig arithmetic) are `GoInt`, because Go prints and compares the two kinds
 * differently (`1e+06` vs `1000000`; `eq 5.0 5` is an error).
 */
import { formatFloat, marshalJSON, quoteGo } from "../../../expr/index.js";
import { isJsonMap, type JsonMap } from "../paths.js";

/** A Go `int` (or int64) value. */
export class GoInt {
  constructor(readonly value: number) {}
}

export const isNil = (v: unknown): v is null | undefined => v === null || v === undefined;
/** A map value: any non-array object except a `GoInt`. */
export const isMap = (v: unknown): v is JsonMap => isJsonMap(v) && !(v instanceof GoInt);
export type { JsonMap };

/** Go's type name as `%T` and error messages show it. */
export function typeName(v: unknown): string {
  if (isNil(v)) return "<nil>";
  if (v instanceof GoInt) return "int";
  if (typeof v === "number") return "float64";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "[]interface {}";
  return "map[string]interface {}";
}

/** text/template's `truth`: false, zero numbers, nil and empty strings, slices and maps are false. */
export function truth(v: unknown): boolean {
  if (isNil(v)) return false;
  if (typeof v === "boolean") return v;
  if (v instanceof GoInt) return v.value !== 0;
  if (typeof v === "number") return v !== 0;
  if (typeof v === "string") return v !== "";
  if (Array.isArray(v)) return v.length > 0;
  return Object.keys(v as JsonMap).length > 0;
}

/** Go's `%v` (what `{{ x }}` and `print` write), maps with sorted keys. */
export function formatV(v: unknown, depth = 0): string {
  if (depth > 100) return "...";
  if (isNil(v)) return "<nil>";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (v instanceof GoInt) return String(v.value);
  if (typeof v === "number") return formatFloat(v);
  if (Array.isArray(v)) return `[${v.map((x) => formatV(x, depth + 1)).join(" ")}]`;
  const m = v as JsonMap;
  const keys = Object.keys(m).sort();
  return `map[${keys.map((k) => `${k}:${formatV(m[k], depth + 1)}`).join(" ")}]`;
}

/** What an action prints: nil is `<no value>`, as text/template writes it. */
export function printValue(v: unknown): string {
  return isNil(v) ? "<no value>" : formatV(v);
}

/** Plain JSON-ready data (GoInt unwrapped), for `toJson` and the sensor's parameter values. */
export function toPlain(v: unknown, depth = 0): unknown {
  if (depth > 1000) return null;
  if (v instanceof GoInt) return v.value;
  if (Array.isArray(v)) return v.map((x) => toPlain(x, depth + 1));
  if (isMap(v)) {
    const out: JsonMap = {};
    for (const [k, x] of Object.entries(v)) {
      Object.defineProperty(out, k, { value: toPlain(x, depth + 1), enumerable: true, writable: true });
    }
    return out;
  }
  return v;
}

/** Go's `json.Marshal` (sorted keys, `<>&` escaped); `indent` for `MarshalIndent`. */
export function goJson(v: unknown, options: { indent?: string; escapeHTML?: boolean } = {}): string {
  return marshalJSON(toPlain(v), options);
}

export { quoteGo };
