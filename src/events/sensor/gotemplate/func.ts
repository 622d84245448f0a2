/**
 * How template functions are declared: Go parameter kinds checked on each call with text/template's
 * wording (`wrong type for value; expected string; got float64`), and an error type for failures
 * inside a function (`error calling index: …`).
 */
import { GoInt, isNil, typeName } from "./values.js";

/** Go parameter types: `any` is `interface{}`, `int` accepts only Go ints. */
export type Param = "any" | "string" | "int" | "bool";

export interface TemplateFunc {
  params: Param[];
  variadic?: Param;
  /** `and`/`or`: arguments are passed unevaluated, as thunks. */
  lazy?: boolean;
  impl: (args: unknown[]) => unknown;
}

/** An error raised by a function body; the evaluator words it `error calling NAME: …`. */
export class CallError extends Error {}

/** An argument that does not fit its parameter; the evaluator reports it as is. */
export class ArgError extends Error {}

/** Checks and converts one argument (Go ints become JS numbers for `int` parameters). */
export function convertArg(v: unknown, p: Param): unknown {
  if (p === "any") return v;
  if (isNil(v)) throw new ArgError(`invalid value; expected ${p}`);
  if (p === "string" && typeof v === "string") return v;
  if (p === "bool" && typeof v === "boolean") return v;
  if (p === "int" && v instanceof GoInt) return v.value;
  throw new ArgError(`wrong type for value; expected ${p}; got ${typeName(v)}`);
}

export function fn(params: Param[], impl: (args: unknown[]) => unknown, variadic?: Param): TemplateFunc {
  return variadic ? { params, variadic, impl } : { params, impl };
}
