/**
 * gjson array queries, `#(last=="Murphy")`, `#(age>45)`, `#(first%"D*")`, `#(nets.#(=="fb"))`:
 * a left path (empty = the element itself), an operator and a literal. Comparison follows gjson:
 * by the element value's JSON type, strings compared as strings, numbers as numbers, `%` a
 * wildcard "like". A query with no operator tests existence.
 */
import { likePattern, wildcardMatch } from "./path-syntax.js";

interface Query {
  left: string;
  op: string;
  right: string;
}

const operators = ["==", "!=", "<=", ">=", "!%", "=", "<", ">", "%"];

function parseQuery(text: string): Query {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      continue;
    }
    if (c === "\\") {
      i++;
      continue;
    }
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (depth === 0) {
      const op = operators.find((o) => text.startsWith(o, i));
      if (op) {
        return {
          left: text.slice(0, i).trim(),
          op: op === "==" ? "=" : op,
          right: literal(text.slice(i + op.length)),
        };
      }
    }
  }
  return { left: text.trim(), op: "", right: "" };
}

/** The right side's text: a JSON string is unquoted, anything else kept as written. */
function literal(raw: string): string {
  const s = raw.trim();
  if (s.startsWith('"')) {
    try {
      const v: unknown = JSON.parse(s);
      if (typeof v === "string") return v;
    } catch {
      return s.slice(1, s.endsWith('"') ? -1 : undefined);
    }
  }
  return s;
}

const like = (value: string, pattern: string): boolean => wildcardMatch(likePattern(pattern), value);

function compare<T extends string | number>(op: string, a: T, b: T): boolean {
  switch (op) {
    case "=":
      return a === b;
    case "!=":
      return a !== b;
    case "<":
      return a < b;
    case "<=":
      return a <= b;
    case ">":
      return a > b;
    case ">=":
      return a >= b;
    default:
      return false;
  }
}

/** Whether an array element matches the query text. `get` is the gjson reader (for the left path). */
export function queryMatches(
  text: string,
  item: unknown,
  get: (value: unknown, path: string) => unknown,
): boolean {
  const q = parseQuery(text);
  const value = q.left === "" ? item : get(item, q.left);
  if (value === undefined) return false;
  if (q.op === "") return true;
  if (typeof value === "string") {
    if (q.op === "%") return like(value, q.right);
    if (q.op === "!%") return !like(value, q.right);
    return compare(q.op, value, q.right);
  }
  if (typeof value === "number") {
    const n = Number(q.right);
    return compare(q.op, value, Number.isNaN(n) ? 0 : n);
  }
  if (value === true) {
    return (
      (q.op === "=" && q.right === "true") ||
      (q.op === "!=" && q.right !== "true") ||
      (q.op === ">" && q.right === "false") ||
      q.op === ">="
    );
  }
  if (value === false) {
    return (
      (q.op === "=" && q.right === "false") ||
      (q.op === "!=" && q.right !== "false") ||
      (q.op === "<" && q.right === "true") ||
      q.op === "<="
    );
  }
  return false;
}
