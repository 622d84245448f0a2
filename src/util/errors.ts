/**
 * The one runtime error hierarchy. Each error carries a string code; the server maps codes to HTTP
 * statuses in exactly one place. Always pass `{ cause }` when wrapping another error.
 */
export type ErrorCode = "NotFound" | "Conflict" | "Invalid" | "Unauthorized" | "Internal";

export class ArgosyError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = `ArgosyError(${code})`;
  }
}

export const notFound = (what: string, options?: { cause?: unknown }) =>
  new ArgosyError("NotFound", `${what} not found`, options);
export const invalid = (message: string, options?: { cause?: unknown }) =>
  new ArgosyError("Invalid", message, options);
export const conflict = (message: string, options?: { cause?: unknown }) =>
  new ArgosyError("Conflict", message, options);
export const internal = (message: string, options?: { cause?: unknown }) =>
  new ArgosyError("Internal", message, options);

export const isArgosyError = (e: unknown): e is ArgosyError => e instanceof ArgosyError;

/** Exhaustiveness guard for discriminated-union switches. */
export function assertNever(x: never, what = "value"): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(x)}`);
}
