/**
 * Splits gjson/sjson paths into components. Both libraries separate keys with `.` and let `\`
 * escape the next character; gjson adds `|` (a pipe: the rest applies to the result as a whole),
 * `#` (array length or "for each element"), `#(…)` queries and `*`/`?` wildcards. Parsing once
 * here keeps the readers (`paths.ts`) and the writer free of string scanning.
 */
import { invalid } from "../../util/errors.js";

/** One gjson path component. */
export interface GetComponent {
  /** The key with escapes removed. */
  key: string;
  /** True when the key holds an unescaped `*` or `?`. */
  wildcard: boolean;
  /** For wildcard keys: the pattern, `*`/`?` as themselves and literals as `\`-prefixed chars. */
  pattern: string[];
  /** `#(…)` query text (without `#(` and `)`), when this component is a query. */
  query?: string;
  /** `#(…)#`: every match instead of the first. */
  queryAll?: boolean;
  /** The separator that came before this component (`.` for the first). */
  sep: "." | "|";
}

/** Splits a gjson path; never throws (a malformed query simply matches nothing). */
export function parseGetPath(path: string): GetComponent[] {
  const out: GetComponent[] = [];
  let sep: "." | "|" = ".";
  let i = 0;
  while (i <= path.length) {
    if (path.startsWith("#(", i)) {
      const end = closingParen(path, i + 1);
      const query = path.slice(i + 2, end);
      let j = end + 1;
      const all = path[j] === "#";
      if (all) j++;
      out.push({ key: "", wildcard: false, pattern: [], query, queryAll: all, sep });
      i = j;
    } else {
      let key = "";
      let wildcard = false;
      const pattern: string[] = [];
      while (i < path.length && path[i] !== "." && path[i] !== "|") {
        const c = path[i] as string;
        if (c === "\\" && i + 1 < path.length) {
          key += path[i + 1];
          pattern.push(`\\${path[i + 1]}`);
          i += 2;
          continue;
        }
        if (c === "*" || c === "?") wildcard = true;
        pattern.push(c === "*" || c === "?" ? c : `\\${c}`);
        key += c;
        i++;
      }
      out.push({ key, wildcard, pattern, sep });
    }
    if (i >= path.length) break;
    sep = path[i] === "|" ? "|" : ".";
    i++;
  }
  return out;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted strings and nested parentheses. */
function closingParen(path: string, open: number): number {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    const c = path[i];
    if (c === '"') {
      for (i++; i < path.length && path[i] !== '"'; i++) if (path[i] === "\\") i++;
    } else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return i;
  }
  return path.length;
}

/** Matches a key against a wildcard pattern (iteratively, so long keys cannot exhaust the stack). */
export function wildcardMatch(pattern: readonly string[], key: string): boolean {
  const chars = key.split("");
  let p = 0;
  let k = 0;
  let star = -1;
  let mark = 0;
  while (k < chars.length) {
    const token = pattern[p];
    if (token === "?" || (token !== undefined && token !== "*" && token.slice(1) === chars[k])) {
      p++;
      k++;
    } else if (token === "*") {
      star = p++;
      mark = k;
    } else if (star >= 0) {
      p = star + 1;
      k = ++mark;
    } else return false;
  }
  while (pattern[p] === "*") p++;
  return p === pattern.length;
}

/** A `%` pattern (gjson "like"): `*` and `?` are wildcards, `\\` escapes. */
export function likePattern(text: string): string[] {
  const out: string[] = [];
  const chars = text.split("");
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === "\\" && i + 1 < chars.length) out.push(`\\${chars[++i]}`);
    else out.push(c === "*" || c === "?" ? c : `\\${c}`);
  }
  return out;
}

/** One sjson path component. */
export interface SetComponent {
  key: string;
  /** `:123` forces an object key even when numeric. */
  forceKey: boolean;
}

/** Splits an sjson path; throws `Invalid` for an empty path or unescaped wildcards. */
export function parseSetPath(path: string): SetComponent[] {
  if (path === "") throw invalid("path cannot be empty");
  const out: SetComponent[] = [];
  let key = "";
  let forceKey = false;
  let start = true;
  for (let i = 0; i < path.length; i++) {
    const c = path[i] as string;
    if (c === "\\" && i + 1 < path.length) {
      key += path[++i];
      start = false;
    } else if (c === ".") {
      out.push({ key, forceKey });
      key = "";
      forceKey = false;
      start = true;
    } else if (c === ":" && start) {
      forceKey = true;
      start = false;
    } else if (c === "*" || c === "?") {
      throw invalid(`path "${path}": wildcard characters are not allowed when setting a value`);
    } else {
      key += c;
      start = false;
    }
  }
  out.push({ key, forceKey });
  return out;
}
