/**
 * govaluate's tokenizer and its token-sequence grammar (Knetic/govaluate `parsing.go` and
 * `lexerState.go`): which token kind may follow which, and the exact error texts Argo surfaces.
 */
import { fail } from "../errors.js";
import { formatFloat } from "../lang/go-format.js";
import { type GoTime, local } from "../lang/time.js";
import { parseTime } from "../lang/time-layout.js";

export type Kind =
  | "UNKNOWN"
  | "PREFIX"
  | "NUMERIC"
  | "BOOLEAN"
  | "STRING"
  | "PATTERN"
  | "TIME"
  | "VARIABLE"
  | "FUNCTION"
  | "SEPARATOR"
  | "ACCESSOR"
  | "COMPARATOR"
  | "LOGICALOP"
  | "MODIFIER"
  | "CLAUSE"
  | "CLAUSE_CLOSE"
  | "TERNARY";

export interface GToken {
  kind: Kind;
  /** number (NUMERIC, TIME as unix seconds), string, boolean, string[] (ACCESSOR), or the symbol. */
  value: unknown;
}

const values: Kind[] = ["NUMERIC", "BOOLEAN", "VARIABLE", "FUNCTION", "ACCESSOR", "STRING", "TIME"];
/** Kinds allowed after each kind; `eof` marks kinds an expression may end with. */
const states: Record<Kind, { next: Kind[]; eof: boolean }> = {
  UNKNOWN: { next: ["PREFIX", ...values, "PATTERN", "CLAUSE"], eof: false },
  CLAUSE: { next: ["PREFIX", ...values, "PATTERN", "CLAUSE", "CLAUSE_CLOSE"], eof: false },
  CLAUSE_CLOSE: {
    next: [
      "COMPARATOR",
      "MODIFIER",
      "NUMERIC",
      "BOOLEAN",
      "VARIABLE",
      "STRING",
      "PATTERN",
      "TIME",
      "CLAUSE",
      "CLAUSE_CLOSE",
      "LOGICALOP",
      "TERNARY",
      "SEPARATOR",
    ],
    eof: true,
  },
  NUMERIC: {
    next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "TERNARY", "SEPARATOR"],
    eof: true,
  },
  BOOLEAN: {
    next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "TERNARY", "SEPARATOR"],
    eof: true,
  },
  STRING: {
    next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "TERNARY", "SEPARATOR"],
    eof: true,
  },
  TIME: { next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "SEPARATOR"], eof: true },
  PATTERN: { next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "SEPARATOR"], eof: true },
  VARIABLE: {
    next: ["MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "TERNARY", "SEPARATOR"],
    eof: true,
  },
  MODIFIER: {
    next: [
      "PREFIX",
      "NUMERIC",
      "VARIABLE",
      "FUNCTION",
      "ACCESSOR",
      "STRING",
      "BOOLEAN",
      "CLAUSE",
      "CLAUSE_CLOSE",
    ],
    eof: false,
  },
  COMPARATOR: { next: ["PREFIX", ...values, "CLAUSE", "CLAUSE_CLOSE", "PATTERN"], eof: false },
  LOGICALOP: { next: ["PREFIX", ...values, "CLAUSE", "CLAUSE_CLOSE"], eof: false },
  PREFIX: {
    next: ["NUMERIC", "BOOLEAN", "VARIABLE", "FUNCTION", "ACCESSOR", "CLAUSE", "CLAUSE_CLOSE"],
    eof: false,
  },
  TERNARY: { next: ["PREFIX", ...values, "CLAUSE", "SEPARATOR"], eof: false },
  FUNCTION: { next: ["CLAUSE"], eof: false },
  ACCESSOR: {
    next: ["CLAUSE", "MODIFIER", "COMPARATOR", "LOGICALOP", "CLAUSE_CLOSE", "TERNARY", "SEPARATOR"],
    eof: true,
  },
  SEPARATOR: { next: ["PREFIX", ...values, "CLAUSE"], eof: false },
};

const prefixSymbols = new Set(["-", "!", "~"]);
const modifierSymbols = new Set(["+", "-", "*", "/", "%", "**", "&", "|", "^", ">>", "<<"]);
const logicalSymbols = new Set(["&&", "||"]);
export const comparatorSymbols = new Set(["==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"]);
const ternarySymbols = new Set(["?", ":", "??"]);

const isSpace = (c: string): boolean => /\s/.test(c);
const isDigit = (c: string): boolean => /\p{Nd}/u.test(c);
const isLetter = (c: string): boolean => /\p{L}/u.test(c);
const isNumeric = (c: string): boolean => isDigit(c) || c === ".";
const isQuote = (c: string): boolean => c === "'" || c === '"';
const isVariableChar = (c: string): boolean => isLetter(c) || isDigit(c) || c === "_" || c === ".";
const isSymbolChar = (c: string): boolean => !(isDigit(c) || isLetter(c) || "()[]".includes(c) || isQuote(c));

/** The string forms govaluate tries on every string literal; a match makes it a date (unix seconds). */
const timeLayouts = [
  "Mon Jan _2 15:04:05 2006",
  "Mon Jan _2 15:04:05 MST 2006",
  "Mon Jan 02 15:04:05 -0700 2006",
  "3:04PM",
  "2006-01-02T15:04:05Z07:00",
  "2006-01-02T15:04:05.999999999Z07:00",
  "2006-01-02",
  "2006-01-02 15:04",
  "2006-01-02 15:04:05",
  "2006-01-02 15:04:05-07:00",
  "2006-01-02T15Z0700",
  "2006-01-02T15:04Z0700",
  "2006-01-02T15:04:05Z0700",
  "2006-01-02T15:04:05.999999999Z0700",
];

function tryParseTime(s: string): GoTime | undefined {
  for (const layout of timeLayouts) {
    try {
      return parseTime(layout, s, local);
    } catch {
      // not this layout
    }
  }
  return undefined;
}

/** govaluate's `%v` of a token value, for messages. */
export function tokenText(v: unknown): string {
  if (v === undefined || v === null) return "<nil>";
  if (typeof v === "number") return formatFloat(v);
  if (Array.isArray(v)) return `[${v.join(" ")}]`;
  return String(v);
}

/** Tokenizes like govaluate, checking each token against the grammar as it goes. */
export function lex(source: string): GToken[] {
  const chars = [...source];
  const out: GToken[] = [];
  let i = 0;
  let state: Kind = "UNKNOWN";
  const readWhile = (pred: (c: string) => boolean): string => {
    let text = "";
    while (i < chars.length) {
      const c = chars[i] as string;
      if (isSpace(c) && text !== "") break;
      if (!pred(c)) break;
      text += c;
      i++;
    }
    return text;
  };
  while (i < chars.length) {
    const c = chars[i] as string;
    if (isSpace(c)) {
      i++;
      continue;
    }
    const token = readToken(c);
    out.push(token);
    state = token.kind;
  }
  checkBalance(out);
  return out;

  function readToken(c: string): GToken {
    if (isNumeric(c)) {
      if (c === "0" && chars[i + 1] === "x") {
        i += 2;
        const hex = readWhile((x) => /[0-9a-fA-F]/.test(x));
        if (hex === "") throw fail(`Unable to parse hex value '${hex}' to uint64\n`);
        return { kind: "NUMERIC", value: Number.parseInt(hex, 16) };
      }
      const text = readWhile(isNumeric);
      if (!/^(\d+\.?\d*|\.\d+)$/.test(text))
        throw fail(`Unable to parse numeric value '${text}' to float64\n`);
      return { kind: "NUMERIC", value: Number(text) };
    }
    if (c === ",") {
      i++;
      return { kind: "SEPARATOR", value: "," };
    }
    if (c === "[") {
      i++;
      let text = "";
      while (i < chars.length && chars[i] !== "]") {
        if (chars[i] === "\\") i++;
        text += chars[i] ?? "";
        i++;
      }
      if (i >= chars.length) throw fail("Unclosed parameter bracket");
      i++;
      return { kind: "VARIABLE", value: text };
    }
    if (isLetter(c)) return word(readWhile(isVariableChar));
    if (isQuote(c)) {
      i++;
      let text = "";
      while (i < chars.length && !isQuote(chars[i] as string)) {
        if (chars[i] === "\\") i++;
        text += chars[i] ?? "";
        i++;
      }
      if (i >= chars.length) throw fail("Unclosed string literal");
      i++;
      const time = tryParseTime(text);
      return time ? { kind: "TIME", value: time.sec } : { kind: "STRING", value: text };
    }
    if (c === "(" || c === ")") {
      i++;
      return { kind: c === "(" ? "CLAUSE" : "CLAUSE_CLOSE", value: c.charCodeAt(0) };
    }
    const symbol = readWhile(isSymbolChar);
    if (states[state].next.includes("PREFIX") && prefixSymbols.has(symbol))
      return { kind: "PREFIX", value: symbol };
    if (modifierSymbols.has(symbol)) return { kind: "MODIFIER", value: symbol };
    if (logicalSymbols.has(symbol)) return { kind: "LOGICALOP", value: symbol };
    if (comparatorSymbols.has(symbol)) return { kind: "COMPARATOR", value: symbol };
    if (ternarySymbols.has(symbol)) return { kind: "TERNARY", value: symbol };
    throw fail(`Invalid token: '${symbol}'`);
  }
}

function word(text: string): GToken {
  if (text === "true" || text === "false") return { kind: "BOOLEAN", value: text === "true" };
  if (text === "in" || text === "IN") return { kind: "COMPARATOR", value: "in" };
  if (text.indexOf(".") > 0) {
    if (text.endsWith(".")) throw fail(`Hanging accessor on token '${text}'`);
    const parts = text.split(".");
    for (const part of parts.slice(1)) {
      const first = [...part][0] ?? "";
      if (first.toUpperCase() !== first)
        throw fail(`Unable to access unexported field '${part}' in token '${text}'`);
    }
    return { kind: "ACCESSOR", value: parts };
  }
  return { kind: "VARIABLE", value: text };
}

function checkBalance(tokens: GToken[]): void {
  let depth = 0;
  for (const t of tokens) {
    if (t.kind === "CLAUSE") depth++;
    if (t.kind === "CLAUSE_CLOSE") depth--;
  }
  if (depth !== 0) throw fail("Unbalanced parenthesis");
}

/** govaluate's `checkExpressionSyntax`: every adjacent pair of kinds must be allowed. */
export function checkSyntax(tokens: GToken[]): void {
  let state: Kind = "UNKNOWN";
  let last: GToken | undefined;
  for (const t of tokens) {
    if (!states[state].next.includes(t.kind)) {
      if (last?.kind === "VARIABLE" && t.kind === "CLAUSE")
        throw fail(`Undefined function ${tokenText(last.value)}`);
      throw fail(
        `Cannot transition token types from ${state} [${tokenText(last?.value)}] to ${t.kind} [${tokenText(t.value)}]`,
      );
    }
    state = t.kind;
    last = t;
  }
  if (!states[state].eof) throw fail("Unexpected end of expression");
}
