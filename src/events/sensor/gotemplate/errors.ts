/**
 * The one error of the Go template evaluator: an `ArgosyError` (`Invalid`) worded as Go words it,
 * `template: NAME:LINE:COL: message`, so users recognise it, plus the line and column (1-based,
 * code points) for tools that point at the spot.
 */
import { ArgosyError } from "../../../util/errors.js";

export interface TemplateErrorOptions {
  name: string;
  src: string;
  pos: number;
  cause?: unknown;
}

export class TemplateError extends ArgosyError {
  readonly line: number;
  readonly column: number;
  /** The message without the `template: NAME:LINE:COL: ` prefix. */
  readonly detail: string;

  constructor(detail: string, options: TemplateErrorOptions) {
    const before = options.src.slice(0, Math.max(0, options.pos));
    const line = before.split("\n").length;
    const column = [...before.slice(before.lastIndexOf("\n") + 1)].length + 1;
    super("Invalid", `template: ${options.name}:${line}:${column}: ${detail}`, { cause: options.cause });
    this.name = "TemplateError";
    this.line = line;
    this.column = column;
    this.detail = detail;
  }
}
