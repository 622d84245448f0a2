/**
 * The JSONPath subset of Argo's `jsonpath(json, path)` (evilmonkeyinc/jsonpath semantics): `$`,
 * `.key`, `['key']`, `[n]` (negative from the end), `[a,b]`, `[start:end:step]`, `*`, `..key`,
 * `.length`, and filters `[?(@.a.b > 1 && @.c == 'x')]`.
 */
import { fail } from "../errors.js";
import type { Budget } from "./limits.js";
import { compare, equal, isMap, isNil, isNumber, makeFloat, sortedKeys } from "./values.js";

type Segment =
  | { t: "key"; key: string }
  | { t: "index"; index: number }
  | { t: "union"; keys: (string | number)[] }
  | { t: "range"; start?: number; end?: number; step?: number }
  | { t: "wildcard" }
  | { t: "recursive" }
  | { t: "filter"; expr: string };

const invalid = (): Error => fail("invalid JSONPath selector");

function parsePath(path: string): Segment[] {
  if (!path.startsWith("$")) throw invalid();
  const out: Segment[] = [];
  let i = 1;
  while (i < path.length) {
    if (path.startsWith("..", i)) {
      out.push({ t: "recursive" });
      i += 2;
      if (path[i] === "[") continue;
    } else if (path[i] === ".") i++;
    else if (path[i] !== "[") throw invalid();
    if (path[i] === "[") {
      const end = closingBracket(path, i);
      out.push(bracket(path.slice(i + 1, end).trim()));
      i = end + 1;
      continue;
    }
    const m = /^(\*|[^.[\]]+)/.exec(path.slice(i));
    if (!m?.[1]) throw invalid();
    out.push(m[1] === "*" ? { t: "wildcard" } : { t: "key", key: m[1] });
    i += m[1].length;
  }
  return out;
}

function closingBracket(path: string, open: number): number {
  let quote = "";
  let depth = 0;
  for (let j = open; j < path.length; j++) {
    const c = path[j];
    if (quote) {
      if (c === "\\") j++;
      else if (c === quote) quote = "";
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "(") depth++;
    else if (c === "]" || c === ")") {
      depth--;
      if (depth === 0 && c === "]") return j;
    }
  }
  throw invalid();
}

function bracket(body: string): Segment {
  if (body === "*") return { t: "wildcard" };
  if (body.startsWith("?(") && body.endsWith(")")) return { t: "filter", expr: body.slice(2, -1) };
  const range = /^(-?\d+)?:(-?\d+)?(?::(-?\d+)?)?$/.exec(body);
  if (range) {
    const n = (s: string | undefined): number | undefined => (s === undefined ? undefined : Number(s));
    return { t: "range", start: n(range[1]), end: n(range[2]), step: n(range[3]) };
  }
  const parts = body.split(/,(?=(?:[^'"]*['"][^'"]*['"])*[^'"]*$)/).map((p) => p.trim());
  const keys = parts.map((p): string | number => {
    if (/^-?\d+$/.test(p)) return Number(p);
    const q = /^(['"])(.*)\1$/.exec(p);
    if (!q) throw invalid();
    return (q[2] ?? "").replace(/\\(.)/g, "$1");
  });
  if (keys.length > 1) return { t: "union", keys };
  const k = keys[0] as string | number;
  return typeof k === "number" ? { t: "index", index: k } : { t: "key", key: k };
}

/** Queries decoded JSON with a path; throws `ExprError` like the Go library when a step fails. */
export function queryJSONPath(data: unknown, path: string, budget: Budget): unknown {
  return new Query(parsePath(path.trim()), data, budget).apply(0, data);
}

function children(v: unknown, what: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (isMap(v)) return sortedKeys(v).map((k) => v[k]);
  throw fail(
    `${what}: invalid token target. expected [array map slice] got [${isNil(v) ? "nil" : typeof v}]`,
  );
}

function sliceRange(items: unknown[], seg: Extract<Segment, { t: "range" }>): unknown[] {
  const n = items.length;
  const norm = (x: number | undefined, dflt: number): number =>
    x === undefined ? dflt : x < 0 ? Math.max(0, n + x) : Math.min(x, n);
  const start = norm(seg.start, 0);
  const end = norm(seg.end, n);
  const step = seg.step ?? 1;
  if (step === 0) throw fail("range: invalid token argument");
  const out: unknown[] = [];
  for (let k = start; k < end; k += Math.abs(step)) out.push(items[k]);
  return step < 0 ? out.reverse() : out;
}

const truthy = (v: unknown): boolean => !(isNil(v) || v === false || v === "");

/** One evaluation of a parsed path against a document. */
class Query {
  constructor(
    private readonly segs: Segment[],
    private readonly root: unknown,
    private readonly budget: Budget,
  ) {}

  /** Applies segments `i…` to `cur`. */
  apply(i: number, cur: unknown): unknown {
    this.budget.step();
    const seg = this.segs[i];
    if (!seg) return cur;
    const next = (v: unknown): unknown => this.apply(i + 1, v);
    switch (seg.t) {
      case "key":
        if (isMap(cur) && Object.hasOwn(cur, seg.key)) return next(cur[seg.key]);
        if (seg.key === "length" && (Array.isArray(cur) || typeof cur === "string" || isMap(cur))) {
          return next(Array.isArray(cur) || typeof cur === "string" ? cur.length : Object.keys(cur).length);
        }
        if (isMap(cur)) throw fail(`key: invalid token key '${seg.key}' not found`);
        throw fail(
          `key: invalid token target. expected [map] got [${Array.isArray(cur) ? "slice" : isNil(cur) ? "nil" : typeof cur}]`,
        );
      case "index": {
        if (!Array.isArray(cur)) throw fail("index: invalid token target. expected [array slice]");
        const k = seg.index < 0 ? cur.length + seg.index : seg.index;
        if (k < 0 || k >= cur.length) throw fail("index: invalid token out of range");
        return next(cur[k]);
      }
      case "union": {
        const picked = seg.keys.map((k) =>
          new Query(
            [typeof k === "number" ? { t: "index", index: k } : { t: "key", key: k }],
            this.root,
            this.budget,
          ).apply(0, cur),
        );
        return this.each(i + 1, picked);
      }
      case "range":
        return this.each(i + 1, sliceRange(children(cur, "range"), seg));
      case "wildcard":
        return this.each(i + 1, children(cur, "wildcard"));
      case "recursive":
        return this.recursive(i + 1, cur, 0);
      case "filter":
        return this.each(
          i + 1,
          children(cur, "filter").filter((x) => truthy(this.filter(seg.expr, x))),
        );
    }
  }

  /** Applies the rest of the path to each element, dropping elements where it fails (Go does too). */
  private each(i: number, items: unknown[]): unknown[] {
    const out: unknown[] = [];
    for (const item of items) {
      this.budget.step();
      if (i >= this.segs.length) {
        out.push(item);
        continue;
      }
      try {
        const r = this.apply(i, item);
        if (!isNil(r)) out.push(r);
      } catch {
        // a missing key under a wildcard just yields nothing for that element
      }
    }
    return out;
  }

  private recursive(i: number, cur: unknown, depth: number): unknown[] {
    if (depth > 1000) throw fail("recursive: too deep");
    this.budget.step();
    const out: unknown[] = [];
    if (i < this.segs.length) {
      try {
        const r = this.apply(i, cur);
        if (Array.isArray(r)) out.push(...r);
        else if (!isNil(r)) out.push(r);
      } catch {
        // this level has no match
      }
    } else out.push(cur);
    if (Array.isArray(cur) || isMap(cur)) {
      for (const child of children(cur, "recursive")) out.push(...this.recursive(i, child, depth + 1));
    }
    return out;
  }

  /** Filter expressions: `@.path`/`$.path` operands, literals, comparisons, `&&`, `||`, `!`. */
  private filter(expr: string, current: unknown): unknown {
    this.budget.step();
    const orParts = expr.split("||");
    if (orParts.length > 1) return orParts.some((p) => truthy(this.filter(p, current)));
    const andParts = expr.split("&&");
    if (andParts.length > 1) return andParts.every((p) => truthy(this.filter(p, current)));
    const m = /^(.*?)(==|!=|<=|>=|<|>)(.*)$/.exec(expr.trim());
    if (!m) {
      const t = expr.trim();
      return t.startsWith("!") ? !truthy(this.operand(t.slice(1), current)) : this.operand(t, current);
    }
    const a = this.operand(m[1] ?? "", current);
    const b = this.operand(m[3] ?? "", current);
    switch (m[2]) {
      case "==":
        return equal(a, b);
      case "!=":
        return !equal(a, b);
      default: {
        if (!((isNumber(a) && isNumber(b)) || (typeof a === "string" && typeof b === "string"))) return false;
        const c = compare(a, b);
        return m[2] === "<" ? c < 0 : m[2] === ">" ? c > 0 : m[2] === "<=" ? c <= 0 : c >= 0;
      }
    }
  }

  private operand(text: string, current: unknown): unknown {
    const t = text.trim();
    if (t.startsWith("@") || t.startsWith("$")) {
      try {
        return new Query(parsePath(`$${t.slice(1)}`), this.root, this.budget).apply(
          0,
          t.startsWith("@") ? current : this.root,
        );
      } catch {
        return null;
      }
    }
    if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return makeFloat(Number(t));
    const q = /^(['"])(.*)\1$/.exec(t);
    if (q) return q[2] ?? "";
    if (t === "true" || t === "false") return t === "true";
    if (t === "null" || t === "nil") return null;
    throw fail(`invalid expression. ${t}`);
  }
}
