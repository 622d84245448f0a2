/**
 * Parser support: expr's operator table, the token cursor the parser builds on, and number literals.
 */
import { ExprError } from "../errors.js";
import type { Node } from "./ast.js";
import type { Token } from "./lexer.js";

export const binary: Record<string, { prec: number; right?: boolean }> = {
  "|": { prec: 0 },
  or: { prec: 10 },
  "||": { prec: 10 },
  and: { prec: 15 },
  "&&": { prec: 15 },
  "==": { prec: 20 },
  "!=": { prec: 20 },
  "<": { prec: 20 },
  ">": { prec: 20 },
  ">=": { prec: 20 },
  "<=": { prec: 20 },
  in: { prec: 20 },
  matches: { prec: 20 },
  contains: { prec: 20 },
  startsWith: { prec: 20 },
  endsWith: { prec: 20 },
  "..": { prec: 25 },
  "+": { prec: 30 },
  "-": { prec: 30 },
  "*": { prec: 60 },
  "/": { prec: 60 },
  "%": { prec: 60 },
  "**": { prec: 100, right: true },
  "^": { prec: 100, right: true },
  "??": { prec: 500 },
};
export const unary: Record<string, number> = { not: 50, "!": 50, "-": 90, "+": 90 };
export const comparisons = new Set(["<", ">", "<=", ">="]);
export const negatable = new Set(["in", "matches", "contains", "startsWith", "endsWith"]);

/** A cursor over the token list with expr's "unexpected token" errors. */
export class TokenStream {
  protected i = 0;

  constructor(
    protected readonly source: string,
    protected readonly tokens: Token[],
  ) {}

  protected get cur(): Token {
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  protected is(kind: Token["kind"], value?: string): boolean {
    return this.cur.kind === kind && (value === undefined || this.cur.value === value);
  }

  protected next(): Token {
    const t = this.cur;
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  error(token: Token, message?: string): ExprError {
    const text =
      message ??
      (token.kind === "EOF"
        ? "unexpected end of expression"
        : `unexpected token ${JSON.stringify(token.value)}`);
    return new ExprError(text, { kind: "syntax", position: token.pos, source: this.source });
  }

  protected expect(kind: Token["kind"], value?: string): Token {
    if (!this.is(kind, value)) throw this.error(this.cur);
    return this.next();
  }

  expectEnd(): void {
    if (!this.is("EOF")) throw this.error(this.cur);
  }
}

/** An Int or Float node from a Number token (`0x1F`, `1_000`, `1e3`, `.5`). */
export function parseNumber(token: Token, error: (t: Token, message: string) => ExprError): Node {
  const text = token.value.replaceAll("_", "").toLowerCase();
  const radix = text.startsWith("0x") ? 16 : text.startsWith("0o") ? 8 : text.startsWith("0b") ? 2 : 10;
  if (radix === 10 && /[.e]/.test(text)) {
    const value = Number(text);
    if (Number.isNaN(value)) throw error(token, `invalid float literal: ${token.value}`);
    if (!Number.isFinite(value)) throw error(token, "float literal is too large");
    return { kind: "Float", pos: token.pos, value };
  }
  const digits = radix === 10 ? text : text.slice(2);
  if (digits === "" || (radix === 10 && !/^\d+$/.test(digits))) {
    throw error(token, `invalid integer literal: ${token.value}`);
  }
  const big = BigInt(radix === 10 ? digits : `0${text[1]}${digits}`);
  if (big > 9223372036854775807n) throw error(token, "integer literal is too large");
  return { kind: "Int", pos: token.pos, value: Number(big) };
}
