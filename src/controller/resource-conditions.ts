/**
 * Resource `successCondition`/`failureCondition` and `jsonPath` outputs, evaluated on the object:
 * comma-separated requirements, all of which must hold, each `path op value` with Kubernetes'
 * label-selector operators (`==`, `=`, `!=`, `>`, `<`, `>=`, `<=`, `in (a, b)`, `notin (a, b)`);
 * numbers compare as numbers.
 */
import { invalid } from "../util/errors.js";

/** The value at a dotted path (`status.phase`, `items.0.name`); undefined when absent. */
export function valueAt(obj: unknown, path: string): unknown {
  let cursor: unknown = obj;
  for (const part of path.split(".").filter(Boolean)) {
    if (cursor === null || typeof cursor !== "object") return undefined;
    cursor = (cursor as Record<string, unknown>)[part];
  }
  return cursor;
}

/** kubectl-style `{.metadata.name}` (or a bare `.metadata.name` / `$.metadata.name`) on the object, as text. */
export function jsonPathValue(obj: unknown, expr: string): string | undefined {
  const path = expr
    .trim()
    .replace(/^\{/, "")
    .replace(/\}$/, "")
    .replace(/^\$/, "")
    .replace(/\[(\d+)\]/g, ".$1");
  const v = valueAt(obj, path);
  if (v === undefined || v === null) return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

const requirement = /^\s*([A-Za-z0-9_.\-[\]]+)\s*(==|=|!=|>=|<=|>|<|\bnotin\b|\bin\b)\s*(.*?)\s*$/;

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")") depth--;
    else if (text[i] === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.filter((p) => p.trim());
}

function compare(actual: unknown, op: string, expected: string): boolean {
  const text =
    actual === undefined || actual === null
      ? ""
      : typeof actual === "string"
        ? actual
        : JSON.stringify(actual);
  if (op === "in" || op === "notin") {
    const list = expected
      .replace(/^\(|\)$/g, "")
      .split(",")
      .map((s) => s.trim());
    return op === "in" ? list.includes(text) : !list.includes(text);
  }
  if (op === "==" || op === "=") return text === expected;
  if (op === "!=") return text !== expected;
  const a = Number(text);
  const b = Number(expected);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
  return op === ">" ? a > b : op === "<" ? a < b : op === ">=" ? a >= b : a <= b;
}

/** True when every requirement of `condition` holds on `obj`; throws `Invalid` for bad syntax. */
export function conditionHolds(obj: unknown, condition: string): boolean {
  return splitTopLevel(condition).every((req) => {
    const m = requirement.exec(req);
    if (!m) throw invalid(`invalid condition '${req.trim()}'`);
    const [, path = "", op = "", value = ""] = m;
    return compare(valueAt(obj, path.replace(/\[(\d+)\]/g, ".$1")), op, value);
  });
}
