/**
 * Tokenizer for expr-lang. Token kinds and the error wording follow expr's lexer, so syntax errors
 * read the same ("unexpected token", "literal not terminated", "unrecognized character").
 */
import { ExprError } from "../errors.js";

export type TokenKind = "Identifier" | "Number" | "String" | "Operator" | "Bracket" | "EOF";

export interface Token {
  kind: TokenKind;
  value: string;
  /** 0-based UTF-16 offset of the first character. */
  pos: number;
}

const keywordOps = new Set([
  "in",
  "or",
  "and",
  "matches",
  "contains",
  "startsWith",
  "endsWith",
  "let",
  "if",
  "else",
]);
const notSuffix = new Set(["in", "matches", "contains", "startsWith", "endsWith"]);

const isDigit = (c: string): boolean => c >= "0" && c <= "9";
const isIdentChar = (c: string): boolean => c === "_" || c === "$" || /[\p{L}\p{Nd}]/u.test(c);

/** Splits `source` into tokens, ending with an EOF token. */
export function tokenize(source: string): Token[] {
  return new Lexer(source).run();
}

class Lexer {
  private i = 0;
  private readonly out: Token[] = [];

  constructor(private readonly src: string) {}

  private error(message: string, pos = this.i): ExprError {
    return new ExprError(message, { kind: "syntax", position: pos, source: this.src });
  }

  private emit(kind: TokenKind, value: string, pos: number): void {
    this.out.push({ kind, value, pos });
  }

  run(): Token[] {
    const s = this.src;
    while (this.i < s.length) {
      const c = s[this.i] ?? "";
      const start = this.i;
      if (/\s/.test(c)) this.i++;
      else if (c === '"' || c === "'") this.emit("String", this.quoted(c), start);
      else if (c === "`") this.emit("String", this.raw(), start);
      else if (isDigit(c) || (c === "." && isDigit(s[this.i + 1] ?? "")))
        this.emit("Number", this.number(), start);
      else if (c === "/" && (s[this.i + 1] === "/" || s[this.i + 1] === "*")) this.comment();
      else if (c === "#") this.pointer();
      else if ("([{)]}".includes(c)) {
        this.i++;
        this.emit("Bracket", c, start);
      } else if (isIdentChar(c)) this.identifier();
      else this.operator(c);
    }
    this.emit("EOF", "", s.length);
    return this.out;
  }

  private operator(c: string): void {
    const s = this.src;
    const start = this.i;
    const two = s.slice(this.i, this.i + 2);
    const doubles = ["?.", "??", "==", "!=", "<=", ">=", "&&", "||", "**", ".."];
    if (doubles.includes(two)) {
      this.i += 2;
      this.emit("Operator", two, start);
    } else if (",;:%+-^*/<>=!?|&.".includes(c)) {
      this.i++;
      this.emit("Operator", c, start);
    } else {
      const cp = s.codePointAt(this.i) ?? 0;
      throw this.error(
        `unrecognized character: U+${cp.toString(16).toUpperCase().padStart(4, "0")} '${String.fromCodePoint(cp)}'`,
      );
    }
  }

  private identifier(): void {
    const s = this.src;
    const start = this.i;
    while (this.i < s.length && isIdentChar(this.charAt(this.i))) this.i += this.charAt(this.i).length;
    const word = s.slice(start, this.i);
    if (word === "not") {
      // `not in`, `not matches`… lex as one negated operator pair, like expr.
      const m = /^\s*([A-Za-z]+)/.exec(s.slice(this.i));
      this.emit("Operator", "not", start);
      if (m?.[1] && notSuffix.has(m[1])) {
        const at = this.i + m[0].length - m[1].length;
        this.i += m[0].length;
        this.emit("Operator", m[1], at);
      }
      return;
    }
    this.emit(keywordOps.has(word) ? "Operator" : "Identifier", word, start);
  }

  private charAt(i: number): string {
    return String.fromCodePoint(this.src.codePointAt(i) ?? 0);
  }

  private pointer(): void {
    const start = this.i;
    this.i++;
    this.emit("Operator", "#", start);
    const nameStart = this.i;
    while (this.i < this.src.length && isIdentChar(this.charAt(this.i))) this.i += this.charAt(this.i).length;
    if (this.i > nameStart) this.emit("Identifier", this.src.slice(nameStart, this.i), nameStart);
  }

  private comment(): void {
    const s = this.src;
    if (s[this.i + 1] === "/") {
      const nl = s.indexOf("\n", this.i);
      this.i = nl < 0 ? s.length : nl;
      return;
    }
    const end = s.indexOf("*/", this.i + 2);
    if (end < 0) throw this.error("unclosed comment", s.length);
    this.i = end + 2;
  }

  private number(): string {
    const s = this.src;
    const start = this.i;
    let digits = /[0-9_]/;
    if (s[this.i] === "0" && /[xXoObB]/.test(s[this.i + 1] ?? "")) {
      const p = (s[this.i + 1] ?? "").toLowerCase();
      digits = p === "x" ? /[0-9a-fA-F_]/ : p === "o" ? /[0-7_]/ : /[01_]/;
      this.i += 2;
    }
    while (digits.test(s[this.i] ?? "")) this.i++;
    if (s[this.i] === "." && s[this.i + 1] !== ".") {
      this.i++;
      while (/[0-9_]/.test(s[this.i] ?? "")) this.i++;
    }
    if (/[eE]/.test(s[this.i] ?? "") && digits.source !== "[0-9a-fA-F_]") {
      this.i++;
      if (/[+-]/.test(s[this.i] ?? "")) this.i++;
      while (/[0-9_]/.test(s[this.i] ?? "")) this.i++;
    }
    if (this.i < s.length && isIdentChar(this.charAt(this.i))) {
      this.i++;
      throw this.error(`bad number syntax: ${JSON.stringify(s.slice(start, this.i))}`, this.i - 1);
    }
    return s.slice(start, this.i);
  }

  private raw(): string {
    const s = this.src;
    let out = "";
    this.i++;
    for (;;) {
      if (this.i >= s.length) throw this.error("literal not terminated", s.length);
      const c = s[this.i] ?? "";
      if (c === "`") {
        if (s[this.i + 1] === "`") {
          out += "`";
          this.i += 2;
          continue;
        }
        this.i++;
        return out;
      }
      out += c;
      this.i++;
    }
  }

  private quoted(quote: string): string {
    const s = this.src;
    let out = "";
    this.i++;
    for (;;) {
      const c = s[this.i];
      if (c === undefined || c === "\n") throw this.error("literal not terminated", this.i);
      if (c === quote) {
        this.i++;
        return out;
      }
      if (c === "\\") out += this.escape(quote);
      else {
        out += c;
        this.i++;
      }
    }
  }

  private escape(quote: string): string {
    const s = this.src;
    const at = this.i;
    const c = s[this.i + 1] ?? "";
    this.i += 2;
    const simple: Record<string, string> = {
      a: "\x07",
      b: "\b",
      f: "\f",
      n: "\n",
      r: "\r",
      t: "\t",
      v: "\v",
      "\\": "\\",
    };
    if (simple[c] !== undefined) return simple[c];
    if (c === quote) return quote;
    const hex = (n: number): string => {
      const text = s.slice(this.i, this.i + n);
      if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(text)) throw this.error("invalid char escape", at);
      this.i += n;
      return text;
    };
    const cp = (n: number): string => {
      if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) throw this.error("invalid char escape", at);
      return String.fromCodePoint(n);
    };
    if (c === "x") return String.fromCharCode(Number.parseInt(hex(2), 16));
    if (c === "U") return cp(Number.parseInt(hex(8), 16));
    if (c === "u") {
      const braced = /^\{([0-9a-fA-F]{1,6})\}/.exec(s.slice(this.i));
      if (braced?.[1]) {
        this.i += braced[0].length;
        return cp(Number.parseInt(braced[1], 16));
      }
      return cp(Number.parseInt(hex(4), 16));
    }
    if (c >= "0" && c <= "7") {
      this.i--;
      const text = s.slice(this.i, this.i + 3);
      if (!/^[0-7]{3}$/.test(text) || Number.parseInt(text, 8) > 255)
        throw this.error("invalid char escape", at);
      this.i += 3;
      return String.fromCharCode(Number.parseInt(text, 8));
    }
    throw this.error("invalid char escape", at);
  }
}
