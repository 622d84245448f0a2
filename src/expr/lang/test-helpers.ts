/** Shared helpers for the expr-lang test tables (not part of the public API). */
import { expect, it } from "vitest";
import { ExprError } from "../errors.js";
import { evalExpr, formatValue } from "./index.js";

/** [source, expected result, env?] */
export type Case = readonly [string, unknown, Record<string, unknown>?];
/** [source, expected message fragment, expected column, env?] */
export type ErrorCase = readonly [string, string, number, Record<string, unknown>?];

/** A fixed clock (2024-03-15T12:34:56.789Z) so `now()` cases are deterministic. */
export const fixedNow = (): number => Date.UTC(2024, 2, 15, 12, 34, 56, 789);

export function runCases(cases: readonly Case[]): void {
  for (const [source, expected, env] of cases) {
    it(`${source} → ${JSON.stringify(expected)}`, () => {
      expect(evalExpr(source, env ?? {}, { now: fixedNow })).toEqual(expected);
    });
  }
}

/** Cases whose expected value is the rendered form (`formatValue`), e.g. for floats vs ints. */
export function runRendered(cases: readonly (readonly [string, string, Record<string, unknown>?])[]): void {
  for (const [source, expected, env] of cases) {
    it(`${source} renders ${expected}`, () => {
      expect(formatValue(evalExpr(source, env ?? {}, { now: fixedNow }))).toBe(expected);
    });
  }
}

export function runErrors(cases: readonly ErrorCase[]): void {
  for (const [source, message, column, env] of cases) {
    it(`${source} fails at column ${column}: ${message}`, () => {
      let caught: unknown;
      try {
        evalExpr(source, env ?? {}, { now: fixedNow });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ExprError);
      const error = caught as ExprError;
      expect(error.message).toContain(message);
      expect(error.column).toBe(column);
    });
  }
}
