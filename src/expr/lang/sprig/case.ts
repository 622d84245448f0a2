/**
 * Case conversions sprig borrows from huandu/xstrings and Masterminds/goutils: snake/kebab case
 * (word splitting that keeps "HTTPServer" → "http_server" and "Bld4Floor3rd" → "bld4_floor_3rd"),
 * camel case, swap case, title case and initials.
 */
import { isGoSpace } from "../builtins-strings.js";

type Word = "invalid" | "number" | "upper" | "alphabet" | "connector" | "punct" | "other";

const isConnector = (c: string): boolean => c === "-" || c === "_" || isGoSpace(c);
const isUpper = (c: string): boolean => /\p{Lu}/u.test(c);
const isLetter = (c: string): boolean => /\p{L}/u.test(c) && !/[\u4e00-\u9fcc\u3400-\u4d85]/u.test(c);
const isNumber = (c: string): boolean => /\p{N}/u.test(c);
const isPunct = (c: string): boolean => /\p{P}/u.test(c);

/** Splits off the next word of `s` (as code points), xstrings' `nextWord`. */
function nextWord(s: string[]): [Word, string[], string[]] {
  if (s.length === 0) return ["invalid", [], []];
  const r = s[0] as string;
  let n = 1;
  const run = (pred: (c: string) => boolean): void => {
    while (n < s.length && pred(s[n] as string)) n++;
  };
  let kind: Word;
  if (isConnector(r)) {
    kind = "connector";
    run(isConnector);
  } else if (isPunct(r)) {
    kind = "punct";
    run(isPunct);
  } else if (isUpper(r)) {
    kind = "upper";
    if (n < s.length && isUpper(s[n] as string)) {
      run(isUpper);
      // "HTTPStatus": the "S" belongs to the next word.
      if (n < s.length && isLetter(s[n] as string)) n--;
    } else run((c) => isLetter(c) && !isUpper(c));
  } else if (isLetter(r)) {
    kind = "alphabet";
    run((c) => isLetter(c) && !isUpper(c));
  } else if (isNumber(r)) {
    kind = "number";
    run(isNumber);
  } else {
    kind = "other";
    run((c) => !(isConnector(c) || isLetter(c) || isNumber(c) || isPunct(c)));
  }
  return [kind, s.slice(0, n), s.slice(n)];
}

function lower(kind: Word, word: string[], connector: string): string {
  if (kind !== "upper" && kind !== "connector") return word.join("");
  return word.map((c) => (isConnector(c) ? connector : c.toLowerCase())).join("");
}

/** xstrings' `camelCaseToLowerCase` (ToSnakeCase / ToKebabCase). */
export function toDelimited(text: string, connector: string): string {
  if (text === "") return "";
  let out = "";
  let [wt, word, rest] = nextWord([...text]);
  while (rest.length > 0) {
    if (wt !== "connector") out += lower(wt, word, connector);
    const prev = wt;
    const last = word;
    [wt, word, rest] = nextWord(rest);
    if (prev === "number") {
      while (wt === "alphabet" || wt === "number") {
        out += lower(wt, word, connector);
        [wt, word, rest] = nextWord(rest);
      }
      if (wt !== "invalid" && wt !== "punct" && wt !== "connector") out += connector;
    } else if (prev === "connector") out += lower(prev, last, connector);
    else if (prev !== "punct") {
      if (wt !== "number") {
        if (wt !== "connector" && wt !== "punct") out += connector;
        continue;
      }
      if (rest.length === 0) continue;
      const num = word;
      [wt, word, rest] = nextWord(rest);
      if (wt !== "alphabet") {
        out += lower("number", num, connector);
        if (wt !== "connector" && wt !== "punct") out += connector;
        continue;
      }
      out += connector + lower("number", num, connector);
      while (wt === "alphabet" || wt === "number") {
        out += lower(wt, word, connector);
        [wt, word, rest] = nextWord(rest);
      }
      if (wt !== "invalid" && wt !== "connector" && wt !== "punct") out += connector;
    }
  }
  return out + lower(wt, word, connector);
}

/** Upper camel case: connectors removed, the letter after each (and the first) upper-cased. */
export function toCamel(text: string): string {
  const r = [...text];
  let out = "";
  let i = 0;
  while (i < r.length && isConnector(r[i] as string)) out += r[i++];
  if (i < r.length) out += (r[i++] as string).toUpperCase();
  for (; i < r.length; i++) {
    const c = r[i] as string;
    const prev = r[i - 1] as string;
    if (isConnector(c)) {
      if (isConnector(prev)) out += prev;
      continue;
    }
    out += isConnector(prev) ? c.toUpperCase() : c;
  }
  return out;
}

/** goutils' `SwapCase`. */
export const swapCase = (s: string): string =>
  [...s].map((c) => (isUpper(c) ? c.toLowerCase() : /\p{Ll}/u.test(c) ? c.toUpperCase() : c)).join("");

/** Go's `strings.Title`: the first letter of each word upper-cased. */
export function title(s: string): string {
  let prev = " ";
  let out = "";
  for (const c of s) {
    const separator = /[\p{L}\p{N}_]/u.test(prev)
      ? false
      : /[\x21-\x7e]/.test(prev) || isGoSpace(prev) || !/[\p{L}\p{N}]/u.test(prev);
    out += separator ? c.toUpperCase() : c;
    prev = c;
  }
  return out;
}

/** goutils' `Initials`: the first character of each whitespace-separated word. */
export const initials = (s: string): string =>
  s
    .split(/[\t\n\v\f\r \u0085\u00a0]+/)
    .filter((w) => w !== "")
    .map((w) => [...w][0])
    .join("");

/** goutils' `Abbreviate(s, width)`: cut to `width` characters ending in "...". */
export function abbreviate(s: string, width: number): string {
  if (width < 4) return s;
  const r = [...s];
  return r.length <= width ? s : `${r.slice(0, width - 3).join("")}...`;
}

/** goutils' `WrapCustom`: breaks lines at spaces; `wrapLong` also cuts words longer than `width`. */
export function wrap(
  s: string,
  width: number,
  options: { newline?: string; wrapLong?: boolean } = {},
): string {
  const { newline = "\n", wrapLong = false } = options;
  const limit = Math.max(1, width);
  const lines: string[] = [];
  let rest = s;
  while (rest.length > limit) {
    if (rest[0] === " ") {
      rest = rest.slice(1);
      continue;
    }
    let space = rest.lastIndexOf(" ", limit);
    if (space <= 0) {
      if (wrapLong) space = limit;
      else {
        space = rest.indexOf(" ", limit);
        if (space < 0) break;
      }
      lines.push(rest.slice(0, space));
      rest = rest.slice(space).replace(/^ /, "");
      continue;
    }
    lines.push(rest.slice(0, space));
    rest = rest.slice(space + 1);
  }
  lines.push(rest);
  return lines.join(newline);
}
