/**
 * Tokenizer for Go's text/template: text between actions, `{{`/`}}` with the `{{- ` / ` -}}` trim
 * markers applied to the neighbouring text, comments dropped, and the words inside an action.
 * Each token keeps its offset (for `line:column` in errors) and whether a space preceded it (Go
 * tells `.a.b`, one chained field, from `.a .b`, two arguments, that way).
 */
import { TemplateError } from "./errors.js";

export type TokenKind =
  | "text"
  | "open"
  | "close"
  | "identifier"
  | "keyword"
  | "field"
  | "variable"
  | "dot"
  | "string"
  | "char"
  | "number"
  | "bool"
  | "nil"
  | "pipe"
  | "lparen"
  | "rparen"
  | "declare"
  | "assign"
  | "comma";

export interface Token {
  kind: TokenKind;
  /** Text for text tokens, the decoded value for strings, the word otherwise. */
  value: string;
  pos: number;
  /** Offset just past the token. */
  end: number;
  spaceBefore: boolean;
}

const keywords = new Set([
  "block",
  "break",
  "continue",
  "define",
  "else",
  "end",
  "if",
  "range",
  "template",
  "with",
]);
const isSpace = (c: string | undefined): boolean => c === " " || c === "\t" || c === "\r" || c === "\n";
const isAlnum = (c: string | undefined): boolean => c !== undefined && /^[\p{L}\p{Nd}_]$/u.test(c);

/** Splits a template into tokens; throws `TemplateError` for unterminated actions, strings or comments. */
export function lex(src: string, name: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  const fail = (message: string, pos: number): never => {
    throw new TemplateError(message, { name, src, pos });
  };
  while (i < src.length) {
    const open = src.indexOf("{{", i);
    let text = src.slice(i, open < 0 ? src.length : open);
    if (open < 0) {
      if (text) out.push({ kind: "text", value: text, pos: i, end: i + text.length, spaceBefore: false });
      break;
    }
    const trimLeft = src[open + 2] === "-" && isSpace(src[open + 3]);
    if (trimLeft) text = text.replace(/[ \t\r\n]+$/, "");
    if (text) out.push({ kind: "text", value: text, pos: i, end: i + text.length, spaceBefore: false });
    let j = open + 2 + (trimLeft ? 2 : 0);
    while (isSpace(src[j]) && trimLeft) j++;
    if (src.startsWith("/*", j)) {
      const end = src.indexOf("*/", j + 2);
      if (end < 0) fail("unclosed comment", open);
      const after = closeAt(src, end + 2);
      if (!after) fail("comment ends before closing delimiter", open);
      i = skipTrim(src, after as CloseInfo);
      continue;
    }
    out.push({ kind: "open", value: "{{", pos: open, end: open + 2, spaceBefore: false });
    i = lexAction(src, j, open, out, fail);
    const close = closeAt(src, i) as CloseInfo;
    const closePos = close.end - (close.trim ? 3 : 2);
    out.push({ kind: "close", value: "}}", pos: closePos, end: close.end, spaceBefore: false });
    i = skipTrim(src, close as CloseInfo);
  }
  return out;
}

interface CloseInfo {
  end: number;
  trim: boolean;
}

/** Recognises `}}` or ` -}}` at `i` (after optional spaces). */
function closeAt(src: string, i: number): CloseInfo | undefined {
  let j = i;
  while (isSpace(src[j])) j++;
  if (src.startsWith("-}}", j) && j > i) return { end: j + 3, trim: true };
  if (src.startsWith("}}", j)) return { end: j + 2, trim: false };
  return undefined;
}

function skipTrim(src: string, close: CloseInfo): number {
  let i = close.end;
  if (close.trim) while (isSpace(src[i])) i++;
  return i;
}

type Fail = (message: string, pos: number) => never;

/** Lexes the inside of one action; returns the offset of its closing delimiter (or its spaces). */
function lexAction(src: string, start: number, open: number, out: Token[], fail: Fail): number {
  let i = start;
  let space = false;
  for (;;) {
    if (i >= src.length) fail("unclosed action", open);
    if (closeAt(src, i)) return i;
    const c = src[i] as string;
    const push = (kind: TokenKind, value: string, pos: number, end = pos + value.length) => {
      out.push({ kind, value, pos, end, spaceBefore: space });
      space = false;
    };
    if (isSpace(c)) {
      space = true;
      i++;
    } else if (c === "|") push("pipe", "|", i++);
    else if (c === "(") push("lparen", "(", i++);
    else if (c === ")") push("rparen", ")", i++);
    else if (c === ",") push("comma", ",", i++);
    else if (c === "=") push("assign", "=", i++);
    else if (c === ":" && src[i + 1] === "=") {
      push("declare", ":=", i, i + 2);
      i += 2;
    } else if (c === '"' || c === "`") {
      const end = c === "`" ? src.indexOf("`", i + 1) : quotedEnd(src, i);
      if (end < 0) fail("unterminated quoted string", i);
      const raw = src.slice(i, end + 1);
      push("string", c === "`" ? raw.slice(1, -1) : unquote(raw, i, fail), i, end + 1);
      i = end + 1;
    } else if (c === "'") {
      const end = quotedEnd(src, i);
      if (end < 0) fail("unterminated character constant", i);
      const ch = unquote(`"${src.slice(i + 1, end).replaceAll('"', '\\"')}"`, i, fail);
      if ([...ch].length !== 1) fail(`malformed character constant: ${src.slice(i, end + 1)}`, i);
      push("char", String(ch.codePointAt(0)), i, end + 1);
      i = end + 1;
    } else if (c === "$") {
      const m = /^\$[\p{L}\p{Nd}_]*/u.exec(src.slice(i)) as RegExpExecArray;
      push("variable", m[0], i);
      i += m[0].length;
    } else if (c === "." && isAlnum(src[i + 1]) && !/[0-9]/.test(src[i + 1] as string)) {
      const m = /^\.[\p{L}\p{Nd}_]+/u.exec(src.slice(i)) as RegExpExecArray;
      push("field", m[0].slice(1), i, i + m[0].length);
      i += m[0].length;
    } else if (
      /[0-9]/.test(c) ||
      ((c === "+" || c === "-" || c === ".") && /[0-9.]/.test(src[i + 1] ?? ""))
    ) {
      const m = /^[+-]?[0-9a-zA-Z_.]*([eEpP][+-][0-9_]+)?[0-9a-zA-Z_.]*/.exec(
        src.slice(i),
      ) as RegExpExecArray;
      push("number", m[0], i);
      i += m[0].length;
    } else if (c === ".") push("dot", ".", i++);
    else if (isAlnum(c)) {
      const m = /^[\p{L}\p{Nd}_]+/u.exec(src.slice(i)) as RegExpExecArray;
      const word = m[0];
      const kind: TokenKind =
        word === "true" || word === "false"
          ? "bool"
          : word === "nil"
            ? "nil"
            : keywords.has(word)
              ? "keyword"
              : "identifier";
      push(kind, word, i);
      i += word.length;
    } else fail(`unexpected "${c}" in command`, i);
  }
}

/** Offset of the closing quote of a `"…"` or `'…'` literal starting at `i`, or -1. */
function quotedEnd(src: string, i: number): number {
  const q = src[i];
  for (let j = i + 1; j < src.length; j++) {
    if (src[j] === "\\") j++;
    else if (src[j] === "\n") return -1;
    else if (src[j] === q) return j;
  }
  return -1;
}

/** Go's `strconv.Unquote` for an interpreted string literal. */
function unquote(raw: string, pos: number, fail: Fail): string {
  let out = "";
  for (let k = 1; k < raw.length - 1; k++) {
    const c = raw[k] as string;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const e = raw[++k];
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
      "\\": "\\",
      '"': '"',
      "'": "'",
    };
    const hexLen = e === "x" ? 2 : e === "u" ? 4 : e === "U" ? 8 : 0;
    if (e !== undefined && simple[e] !== undefined) out += simple[e];
    else if (hexLen > 0 && /^[0-9a-fA-F]+$/.test(raw.slice(k + 1, k + 1 + hexLen))) {
      const code = Number.parseInt(raw.slice(k + 1, k + 1 + hexLen), 16);
      if (code > 0x10ffff) fail(`invalid syntax in string ${raw}`, pos);
      out += String.fromCodePoint(code);
      k += hexLen;
    } else if (e !== undefined && /[0-7]/.test(e) && /^[0-7]{3}$/.test(raw.slice(k, k + 3))) {
      out += String.fromCharCode(Number.parseInt(raw.slice(k, k + 3), 8));
      k += 2;
    } else fail(`invalid syntax in string ${raw}`, pos);
  }
  return out;
}
