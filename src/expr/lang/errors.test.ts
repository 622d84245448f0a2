import { describe, expect, it } from "vitest";
import { ExprError } from "../errors.js";
import { compileExpr, evalExpr, runProgram } from "./index.js";
import { limits } from "./limits.js";
import { runErrors } from "./test-helpers.js";

describe("expr-lang syntax errors carry the column of the offending token", () =>
  runErrors([
    ["len(1, ))", 'unexpected token ")"', 9],
    ["1 +", "unexpected end of expression", 4],
    ["(1 + 2", "unexpected end of expression", 7],
    ["[1, 2", "unexpected end of expression", 6],
    ["1 2", 'unexpected token "2"', 3],
    ["'abc", "literal not terminated", 5],
    ['"a\nb"', "literal not terminated", 3],
    ["1 @ 2", "unrecognized character: U+0040 '@'", 3],
    ["'\\q'", "invalid char escape", 2],
    ["12abc", 'bad number syntax: "12a"', 3],
    ["0x", "invalid integer literal", 1],
    ["99999999999999999999", "integer literal is too large", 1],
    ["a.1", 'unexpected token ".1"', 2],
    ["a.'x'", "expected name", 3],
    ["{a 1}", 'unexpected token "1"', 4],
    ["{[1]: 2}", "a map key must be a quoted string", 2],
    ["filter([1], )", 'unexpected token ")"', 13],
    ["map([1])", "expected at least 1 arguments", 8],
    ["1 ?? 2 + 3", "Operator (+) and coalesce expressions (??) cannot be mixed", 8],
    ["a not b", 'unexpected token "b"', 7],
    ["let = 1; 2", 'unexpected token "="', 5],
    ["let x = 1 x", 'unexpected token "x"', 11],
    ["x | 1", 'unexpected token "1"', 5],
    ["true ? 1", "unexpected end of expression", 9],
    ["/* open", "unclosed comment", 8],
    ["1 +\n  )", 'unexpected token ")"', 3],
  ]));

describe("expr-lang runtime errors carry the column of the failing node", () =>
  runErrors([
    ["1 % 0", "integer divide by zero", 3],
    ["1.5 % 2", "invalid operation: % (mismatched types float64 and int)", 5],
    ["'a' + 1", "invalid operation: + (mismatched types string and int)", 5],
    ["1 - 'a'", "invalid operation: - (mismatched types int and string)", 3],
    ["'a' < 1", "invalid operation: < (mismatched types string and int)", 5],
    ["[1] > [2]", "invalid operation: > (mismatched types []interface {} and []interface {})", 5],
    ["not 1", "invalid operation: not (mismatched type int)", 1],
    ["-'a'", "invalid operation: - (mismatched type string)", 1],
    ["1 and true", "invalid operation: and (mismatched types int and bool)", 3],
    ["true && 'x'", "invalid operation: && (mismatched types bool and string)", 6],
    ["1 ? 2 : 3", "non-bool expression (type int) used as condition", 3],
    ["'set' ?: 'unset'", "non-bool expression (type string) used as condition", 7],
    ["undefinedName + 1", "unknown name undefinedName", 1],
    ["a.b.c", "cannot fetch c from <nil>", 5, { a: {} }],
    ["[1, 2][5]", "index out of range: 5 (array length is 2)", 7],
    ["[1, 2]['x']", "cannot fetch x from []interface {}", 7],
    ["1 in 'abc'", 'operator "in" not defined on string', 3],
    ["1 contains 'a'", "invalid operation: contains (mismatched types int and string)", 3],
    ["'a' matches '('", "error parsing regexp: missing closing ): `(`", 5],
    ["'a'..3", "invalid operation: .. (mismatched types string and int)", 4],
    ["len(1)", "invalid argument for len (type int)", 1],
    ["len(1, 2)", "invalid number of arguments (expected 1, got 2)", 1],
    ["upper(1)", "cannot use int as argument (type string) to call upper", 1],
    ["int('1.5')", "invalid operation: int(1.5)", 1],
    ["float('abc')", "invalid operation: float(abc)", 1],
    ["repeat('x', -1)", "invalid argument for repeat (expected positive integer, got -1)", 1],
    ["repeat('x', 10000000)", "memory budget exceeded", 1],
    ["fromJSON('{')", "unexpected end of JSON input", 1],
    ["fromBase64('!!')", "illegal base64 data at input byte 0", 1],
    ["duration('1x')", 'time: unknown unit "x" in duration "1x"', 1],
    ["duration('5')", 'time: missing unit in duration "5"', 1],
    ["date('not a date')", "invalid date not a date", 1],
    ["timezone('Mars/Base')", "unknown time zone Mars/Base", 1],
    ["filter([1, 2], # + 1)", "predicate should return boolean (got int)", 1],
    ["filter(1, # > 1)", "cannot iterate over int", 1],
    ["reduce([], #acc + #)", "reduce of empty array with no initial value", 1],
    ["sort([1, 'a'])", "invalid operation: < (mismatched types", 1],
    ["sort([1], 'up')", "invalid order up, expected asc or desc", 1],
    ["keys([1])", "cannot get keys from slice", 1],
    ["take([1], 'x')", "cannot take string elements", 1],
    ["bitshl(1, -1)", "invalid operation: negative shift count -1 (type int)", 1],
    ["bitand(1.5, 1)", "cannot use float64 as argument (type int) to call bitand", 1],
    ["fromPairs([[1]])", "invalid pair length 1", 1],
    ["concat([1], 2)", "cannot concat int", 1],
    ["duration('1h').Days()", "type time.Duration has no method Days", 16],
    ["now().Format(1)", "cannot use int as argument (type string) to call Format", 7],
    ["x()", "invalid operation: cannot call non-function of type string", 1, { x: "s" }],
    ["toJSON(1 / 0) + ''", "json: unsupported value: +Inf", 1],
    ["1..2000000", "memory budget exceeded", 2],
    ["map(1..1000, map(1..1000, #))", "exceeded 1000000 steps", 19],
    ["reduce(1..100000, #acc + 1, 0) + reduce(1..900000, #acc + 1, 0)", "exceeded 1000000 steps", 42],
  ]));

describe("expr-lang bounds", () => {
  it("rejects a source longer than 64 KiB", () => {
    expect(() => compileExpr(`'${"x".repeat(limits.maxSourceLength)}'`)).toThrow(ExprError);
  });

  it("rejects nesting deeper than 200 levels with a syntax error", () => {
    const deep = `${"(".repeat(250)}1${")".repeat(250)}`;
    expect(() => compileExpr(deep)).toThrow(/nesting exceeds 200 levels/);
  });

  it("accepts nesting of 150 levels", () => {
    const nested = `${"(".repeat(150)}1${")".repeat(150)}`;
    expect(evalExpr(nested, {})).toBe(1);
  });

  it("stops a long computation with the step budget", () => {
    const program = compileExpr("reduce(1..50000, #acc + #)");
    expect(() => runProgram(program, {}, { maxSteps: 10_000 })).toThrow(/exceeded 10000 steps/);
  });

  it("keeps matching linear on a pattern that makes backtracking engines hang", () => {
    const input = `${"a".repeat(3000)}!`;
    expect(evalExpr("s matches '^(a+)+$'", { s: input })).toBe(false);
  });

  it("reports a describe() line and a caret snippet", () => {
    try {
      compileExpr("len(1, ))");
      expect.unreachable();
    } catch (e) {
      const error = e as ExprError;
      expect(error.describe()).toBe('syntax error at column 9: unexpected token ")"');
      expect(error.snippet()).toBe("  len(1, ))\n          ^");
    }
  });
});
