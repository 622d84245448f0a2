/** expr's string builtins, with Go `strings` semantics (indexes are UTF-8 byte offsets). */
import { fail } from "../errors.js";
import { arity, type BuiltinFn, int, list, runes, str } from "./builtin-args.js";
import { goTypeName } from "./values.js";

/** Go's `unicode.IsSpace`. */
export const isGoSpace = (c: string): boolean =>
  /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/.test(c);

/** Go's `strings.TrimSpace`. */
export function trimSpace(s: string): string {
  const r = runes(s);
  let a = 0;
  let b = r.length;
  while (a < b && isGoSpace(r[a] ?? "")) a++;
  while (b > a && isGoSpace(r[b - 1] ?? "")) b--;
  return r.slice(a, b).join("");
}

/** Go's `strings.Trim(s, cutset)`. */
export function trimCutset(s: string, cutset: string): string {
  const cut = new Set(runes(cutset));
  const r = runes(s);
  let a = 0;
  let b = r.length;
  while (a < b && cut.has(r[a] ?? "")) a++;
  while (b > a && cut.has(r[b - 1] ?? "")) b--;
  return r.slice(a, b).join("");
}

/** Go's simple (one-to-one) case mapping: characters whose JS mapping expands are kept. */
export function mapCase(s: string, upper: boolean): string {
  let out = "";
  for (const c of s) {
    const m = upper ? c.toUpperCase() : c.toLowerCase();
    out += [...m].length === 1 ? m : c;
  }
  return out;
}

/** Go's `strings.SplitN` / `SplitAfterN` (n < 0: all; n == 0: none). */
export function splitN(s: string, sep: string, how: { n: number; after?: boolean }): string[] {
  const { n, after = false } = how;
  if (n === 0) return [];
  if (sep === "") {
    const r = runes(s);
    if (n < 0 || n >= r.length) return r;
    return [...r.slice(0, n - 1), r.slice(n - 1).join("")];
  }
  const out: string[] = [];
  let rest = s;
  while (n < 0 || out.length < n - 1) {
    const i = rest.indexOf(sep);
    if (i < 0) break;
    out.push(rest.slice(0, after ? i + sep.length : i));
    rest = rest.slice(i + sep.length);
  }
  out.push(rest);
  return out;
}

/** Go's `strings.Replace(s, old, new, n)`; n < 0 replaces all. */
export function replaceN(s: string, change: { old: string; repl: string; n: number }): string {
  const { old, repl, n } = change;
  if (n < 0 && old !== "") return s.split(old).join(repl);
  if (old === "") {
    const r = runes(s);
    const limit = n < 0 ? r.length + 1 : Math.min(n, r.length + 1);
    let out = "";
    for (let i = 0; i < r.length; i++) out += (i < limit ? repl : "") + r[i];
    return out + (limit > r.length ? repl : "");
  }
  let out = "";
  let rest = s;
  for (let k = 0; k < n; k++) {
    const i = rest.indexOf(old);
    if (i < 0) break;
    out += rest.slice(0, i) + repl;
    rest = rest.slice(i + old.length);
  }
  return out + rest;
}

/** A UTF-16 index converted to the UTF-8 byte offset Go would report. */
export const byteIndex = (s: string, i: number): number =>
  i < 0 ? -1 : Buffer.byteLength(s.slice(0, i), "utf8");

export const stringBuiltins: Record<string, BuiltinFn> = {
  trim: (a) => {
    arity(a, 1, 2);
    return a.length === 1 ? trimSpace(str(a, 0, "trim")) : trimCutset(str(a, 0, "trim"), str(a, 1, "trim"));
  },
  trimPrefix: (a) => {
    arity(a, 1, 2);
    const s = str(a, 0, "trimPrefix");
    const p = a.length === 2 ? str(a, 1, "trimPrefix") : " ";
    return s.startsWith(p) ? s.slice(p.length) : s;
  },
  trimSuffix: (a) => {
    arity(a, 1, 2);
    const s = str(a, 0, "trimSuffix");
    const p = a.length === 2 ? str(a, 1, "trimSuffix") : " ";
    return p !== "" && s.endsWith(p) ? s.slice(0, s.length - p.length) : s;
  },
  upper: (a) => {
    arity(a, 1);
    return mapCase(str(a, 0, "upper"), true);
  },
  lower: (a) => {
    arity(a, 1);
    return mapCase(str(a, 0, "lower"), false);
  },
  split: (a, ctx) => {
    arity(a, 2, 3);
    const n = a.length === 3 ? int(a, 2, "split") : -1;
    const out = splitN(str(a, 0, "split"), str(a, 1, "split"), { n });
    ctx.budget.alloc(out.length);
    return out;
  },
  splitAfter: (a, ctx) => {
    arity(a, 2, 3);
    const n = a.length === 3 ? int(a, 2, "splitAfter") : -1;
    const out = splitN(str(a, 0, "splitAfter"), str(a, 1, "splitAfter"), { n, after: true });
    ctx.budget.alloc(out.length);
    return out;
  },
  replace: (a, ctx) => {
    arity(a, 3, 4);
    const n = a.length === 4 ? int(a, 3, "replace") : -1;
    return ctx.budget.str(
      replaceN(str(a, 0, "replace"), { old: str(a, 1, "replace"), repl: str(a, 2, "replace"), n }),
    );
  },
  repeat: (a, ctx) => {
    arity(a, 2);
    const s = str(a, 0, "repeat");
    const n = int(a, 1, "repeat");
    if (n < 0) throw fail(`invalid argument for repeat (expected positive integer, got ${n})`);
    if (n > 1e6 || s.length * n > 16 * 1024 * 1024) throw fail("memory budget exceeded");
    return ctx.budget.str(s.repeat(n));
  },
  join: (a, ctx) => {
    arity(a, 1, 2);
    const items = list(a, 0, "join");
    const glue = a.length === 2 ? str(a, 1, "join") : "";
    ctx.budget.step(items.length);
    const parts = items.map((x) => {
      if (typeof x !== "string") throw fail(`invalid argument for join (type ${goTypeName(x)})`);
      return x;
    });
    return ctx.budget.str(parts.join(glue));
  },
  indexOf: (a) => {
    arity(a, 2);
    const s = str(a, 0, "indexOf");
    return byteIndex(s, s.indexOf(str(a, 1, "indexOf")));
  },
  lastIndexOf: (a) => {
    arity(a, 2);
    const s = str(a, 0, "lastIndexOf");
    return byteIndex(s, s.lastIndexOf(str(a, 1, "lastIndexOf")));
  },
  hasPrefix: (a) => {
    arity(a, 2);
    return str(a, 0, "hasPrefix").startsWith(str(a, 1, "hasPrefix"));
  },
  hasSuffix: (a) => {
    arity(a, 2);
    return str(a, 0, "hasSuffix").endsWith(str(a, 1, "hasSuffix"));
  },
};
