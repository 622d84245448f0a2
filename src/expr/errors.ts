/**
 * The one error type of the expression languages. Parsers and interpreters throw nothing else: a
 * syntax error, a type mismatch, a blown budget and a host-level failure (stack overflow) all surface
 * as an `ExprError` carrying where in the source it happened.
 */
import { ArgosyError } from "../util/errors.js";

/** Whether the error was found while parsing or while evaluating. */
export type ExprErrorKind = "syntax" | "runtime";

export interface ExprErrorOptions {
  kind?: ExprErrorKind;
  /** 0-based offset (in UTF-16 units) of the offending token in `source`. */
  position?: number;
  /** The expression text, kept so callers can show a caret under the offending token. */
  source?: string;
  cause?: unknown;
}

/** An error raised by an expression parser or interpreter (code `Invalid`). */
export class ExprError extends ArgosyError {
  readonly kind: ExprErrorKind;
  /** 0-based offset of the offending token, when known. */
  readonly position: number | undefined;
  /** 1-based line of `position` (1 when unknown). */
  readonly line: number;
  /** 1-based column of `position` within its line, counted in code points (0 when unknown). */
  readonly column: number;
  readonly source: string | undefined;

  constructor(message: string, options: ExprErrorOptions = {}) {
    super("Invalid", message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "ExprError";
    this.kind = options.kind ?? "runtime";
    this.position = options.position;
    this.source = options.source;
    const where = locate(options.source, options.position);
    this.line = where.line;
    this.column = where.column;
  }

  /** A copy of this error located at `position` in `source`, unless it is already located. */
  at(source: string, position: number): ExprError {
    if (this.position !== undefined) return this;
    return new ExprError(this.message, { kind: this.kind, position, source, cause: this.cause });
  }

  /** `syntax error at column 7: unexpected token ")"` (the line is named only past line 1). */
  describe(): string {
    const label = this.kind === "syntax" ? "syntax error" : "error";
    if (this.position === undefined) return `${label}: ${this.message}`;
    const line = this.line > 1 ? `line ${this.line}, ` : "";
    return `${label} at ${line}column ${this.column}: ${this.message}`;
  }

  /** The offending source line with a caret under the error column, or "" when unknown. */
  snippet(): string {
    if (this.source === undefined || this.position === undefined) return "";
    const text = this.source.split("\n")[this.line - 1] ?? "";
    return `  ${text.replaceAll("\t", " ")}\n  ${" ".repeat(Math.max(0, this.column - 1))}^`;
  }
}

function locate(source: string | undefined, position: number | undefined): { line: number; column: number } {
  if (source === undefined || position === undefined) return { line: 1, column: 0 };
  let line = 1;
  let lineStart = 0;
  const end = Math.min(position, source.length);
  for (let i = 0; i < end; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: [...source.slice(lineStart, end)].length + 1 };
}

/** Shorthand for a runtime `ExprError` without a location (the interpreter adds it). */
export const fail = (message: string): ExprError => new ExprError(message);

export const isExprError = (e: unknown): e is ExprError => e instanceof ExprError;

/**
 * Turns anything thrown inside an evaluation into an `ExprError`: the interpreters promise to throw
 * nothing else, and a host failure (deep recursion in a data walk) must not escape as a RangeError.
 */
export function toExprError(e: unknown): ExprError {
  if (e instanceof ExprError) return e;
  if (e instanceof RangeError) return new ExprError("recursion depth exceeded", { cause: e });
  const message = e instanceof Error ? e.message : String(e);
  return new ExprError(`internal error: ${message}`, { cause: e });
}
