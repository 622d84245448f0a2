/** sprig's string functions (argument order as in sprig: the subject string comes last). */

import { fail } from "../../errors.js";
import { isGoSpace, mapCase, replaceN, splitN, trimCutset, trimSpace } from "../builtins-strings.js";
import { formatV, quoteGo } from "../go-format.js";
import type { GoFunc } from "../values.js";
import { isNil, newMap } from "../values.js";
import { abbreviate, initials, swapCase, title, toCamel, toDelimited, wrap } from "./case.js";
import { def, strval } from "./define.js";

const s = (v: unknown): string => v as string;
const n = (v: unknown): number => v as number;

/** Go's `s[a:b]` on a string; out-of-range bounds panic as in Go. */
function sliceString(str: string, a: number, b: number): string {
  if (a < 0 || b > str.length || a > b)
    throw fail(`runtime error: slice bounds out of range [${a}:${b}] with length ${str.length}`);
  return str.slice(a, b);
}

/** sprig's `toStrings`/`strslice`: a list's non-nil elements as strings. */
export function strslice(v: unknown): string[] {
  if (Array.isArray(v)) return v.filter((x) => !isNil(x)).map(strval);
  return isNil(v) ? [] : [strval(v)];
}

export const sprigStrings: GoFunc[] = [
  def("trim", "func(string) string", (a) => trimSpace(s(a[0]))),
  def("trimAll", "func(string, string) string", (a) => trimCutset(s(a[1]), s(a[0]))),
  def("trimall", "func(string, string) string", (a) => trimCutset(s(a[1]), s(a[0]))),
  def("trimPrefix", "func(string, string) string", (a) =>
    s(a[1]).startsWith(s(a[0])) ? s(a[1]).slice(s(a[0]).length) : s(a[1]),
  ),
  def("trimSuffix", "func(string, string) string", (a) =>
    s(a[0]) !== "" && s(a[1]).endsWith(s(a[0])) ? s(a[1]).slice(0, s(a[1]).length - s(a[0]).length) : s(a[1]),
  ),
  def("upper", "func(string) string", (a) => mapCase(s(a[0]), true)),
  def("lower", "func(string) string", (a) => mapCase(s(a[0]), false)),
  def("title", "func(string) string", (a) => title(s(a[0]))),
  def("untitle", "func(string) string", (a) => {
    const [first = "", ...rest] = [...s(a[0])];
    return first.toLowerCase() + rest.join("");
  }),
  def("repeat", "func(int, string) string", (a, ctx) => {
    if (n(a[0]) < 0) throw fail("strings: negative Repeat count");
    if (n(a[0]) * s(a[1]).length > 16 * 1024 * 1024) throw fail("memory budget exceeded");
    return ctx.budget.str(s(a[1]).repeat(n(a[0])));
  }),
  def("substr", "func(int, int, string) string", (a) => {
    const [start, end, str] = [n(a[0]), n(a[1]), s(a[2])];
    if (start < 0) return sliceString(str, 0, end);
    if (end < 0 || end > str.length) return sliceString(str, start, str.length);
    return sliceString(str, start, end);
  }),
  def("nospace", "func(string) string", (a) => [...s(a[0])].filter((c) => !isGoSpace(c)).join("")),
  def("trunc", "func(int, string) string", (a) => {
    const [c, str] = [n(a[0]), s(a[1])];
    if (c < 0 && str.length + c > 0) return str.slice(str.length + c);
    if (c >= 0 && str.length > c) return str.slice(0, c);
    return str;
  }),
  def("abbrev", "func(int, string) string", (a) => abbreviate(s(a[1]), n(a[0]))),
  def("initials", "func(string) string", (a) => initials(s(a[0]))),
  def("swapcase", "func(string) string", (a) => swapCase(s(a[0]))),
  def("snakecase", "func(string) string", (a) => toDelimited(s(a[0]), "_")),
  def("kebabcase", "func(string) string", (a) => toDelimited(s(a[0]), "-")),
  def("camelcase", "func(string) string", (a) => toCamel(s(a[0]))),
  def("wrap", "func(int, string) string", (a) => wrap(s(a[1]), n(a[0]))),
  def("wrapWith", "func(int, string, string) string", (a) =>
    wrap(s(a[2]), n(a[0]), { newline: s(a[1]), wrapLong: true }),
  ),
  def("contains", "func(string, string) bool", (a) => s(a[1]).includes(s(a[0]))),
  def("hasPrefix", "func(string, string) bool", (a) => s(a[1]).startsWith(s(a[0]))),
  def("hasSuffix", "func(string, string) bool", (a) => s(a[1]).endsWith(s(a[0]))),
  def("quote", "func(...interface {}) string", (a) =>
    a
      .filter((x) => !isNil(x))
      .map((x) => quoteGo(strval(x)))
      .join(" "),
  ),
  def("squote", "func(...interface {}) string", (a) =>
    a
      .filter((x) => !isNil(x))
      .map((x) => `'${formatV(x)}'`)
      .join(" "),
  ),
  def("cat", "func(...interface {}) string", (a) =>
    a
      .filter((x) => !isNil(x))
      .map((x) => formatV(x))
      .join(" "),
  ),
  def("indent", "func(int, string) string", (a) => {
    const pad = " ".repeat(Math.max(0, n(a[0])));
    return pad + s(a[1]).replaceAll("\n", `\n${pad}`);
  }),
  def("nindent", "func(int, string) string", (a) => {
    const pad = " ".repeat(Math.max(0, n(a[0])));
    return `\n${pad}${s(a[1]).replaceAll("\n", `\n${pad}`)}`;
  }),
  def("replace", "func(string, string, string) string", (a, ctx) =>
    ctx.budget.str(replaceN(s(a[2]), { old: s(a[0]), repl: s(a[1]), n: -1 })),
  ),
  def("plural", "func(string, string, int) string", (a) => (n(a[2]) === 1 ? s(a[0]) : s(a[1]))),
  def("toString", "func(interface {}) string", (a) => strval(a[0])),
  def("toStrings", "func(interface {}) []string", (a) => strslice(a[0])),
  def("split", "func(string, string) map[string]string", (a) =>
    newMap(splitN(s(a[1]), s(a[0]), { n: -1 }).map((part, i) => [`_${i}`, part] as const)),
  ),
  def("splitn", "func(string, int, string) map[string]string", (a) =>
    newMap(splitN(s(a[2]), s(a[0]), { n: n(a[1]) }).map((part, i) => [`_${i}`, part] as const)),
  ),
  def("splitList", "func(string, string) []string", (a) => splitN(s(a[1]), s(a[0]), { n: -1 })),
  def("join", "func(string, interface {}) string", (a, ctx) => ctx.budget.str(strslice(a[1]).join(s(a[0])))),
  def("sortAlpha", "func(interface {}) []string", (a) =>
    Array.isArray(a[0]) ? strslice(a[0]).sort() : [strval(a[0])],
  ),
];
