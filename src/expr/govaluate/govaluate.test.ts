import { describe, expect, it } from "vitest";
import { ExprError } from "../errors.js";
import { evalGovaluate, evalWhen } from "./index.js";

const whenCases: [string, boolean][] = [
  ["", true],
  ["heads == heads", true],
  ["heads == tails", false],
  ["heads != tails", true],
  ["'heads' == heads", true],
  ['"a b" == "a b"', true],
  ["true", true],
  ["false", false],
  ["!false", true],
  ["true && false", false],
  ["true || false", true],
  ["1 < 2", true],
  ["2 <= 2", true],
  ["3 > 4", false],
  ["4 >= 4", true],
  ["1 == 1.0", true],
  ["1 == '1'", false],
  ["'b' > 'a'", true],
  ["(1 + 2) * 3 == 9", true],
  ["1 + 2 * 3 == 7", true],
  ["10 - 2 - 3 == 5", true],
  ["2 ** 3 == 8", true],
  ["10 % 3 == 1", true],
  ["7 / 2 == 3.5", true],
  ["-1 < 0", true],
  ["0x1F == 31", true],
  ["5 in (1, 5, 9)", true],
  ["'b' in ('a', 'b')", true],
  ["c in (a, b)", false],
  ["hello =~ '^h'", true],
  ["'hello' !~ 'z'", true],
  ["'v1.2' =~ 'v[0-9]+\\\\.[0-9]+'", true],
  ["'a' + 'b' == ab", true],
  ["'n' + 1 == n1", true],
  ["false && 'not a bool'", false],
  ["true || 'not a bool'", true],
  ["(1 < 2) && (2 < 3) || false", true],
  ["'2024-01-01' < '2024-02-01'", true],
  ["6 & 3 == 2", true],
  ["1 << 3 == 8", true],
  ["~0 == -1", true],
  ["true ? true : false", true],
  ["[my var] == 'my var'", true],
  ["Succeeded == Succeeded && 0 == 0", true],
  ["IN_PROGRESS != Succeeded", true],
];

const valueCases: [string, unknown][] = [
  ["1 + 2", 3],
  ["(1, 2, 3)", [1, 2, 3]],
  ["'a' + 'b'", "ab"],
  ["true ? 'x' : 'y'", "x"],
  ["false ? 'x' : 'y'", "y"],
  ["false ? 'x'", null],
  ["x ?? 3", "x"],
  ["nil ?? true", "nil"],
  ["6 | 3", 7],
  ["6 ^ 3", 5],
  ["16 >> 2", 4],
  ["-2 ** 2", 4],
  ["2 ** 0.5 > 1.41", true],
];

const errorCases: [string, string][] = [
  ["1 +", "Invalid 'when' expression '1 +': Unexpected end of expression"],
  ["(1 == 1", "Invalid 'when' expression '(1 == 1': Unbalanced parenthesis"],
  ["'abc", "Invalid 'when' expression ''abc': Unclosed string literal"],
  ["!!true", "Invalid token: '!!' (hint: try wrapping the affected expression in quotes (\"))"],
  ["a === b", "Invalid token: '==='"],
  ["1.2.3 == 1.2.3", "Unable to parse numeric value '1.2.3' to float64"],
  ["1 2", "Cannot transition token types from NUMERIC [1] to NUMERIC [2]"],
  ["foo(1)", "Undefined function foo"],
  [
    "steps.flip.outputs.result == heads",
    "Unable to access unexported field 'flip' in token 'steps.flip.outputs.result'",
  ],
  ["a. == b", "Hanging accessor on token 'a.'"],
  ["x.Y == 1", "Failed to evaluate 'when' expresion 'x.Y == 1': No parameter 'x' found."],
  ["foo-bar == x", "Value 'foo' cannot be used with the modifier '-', it is not a number"],
  ["1 < 'a'", "Value '1' cannot be used with the comparator '<', it is not a number"],
  ["'x' && true", "Value 'x' cannot be used with the logical operator '&&', it is not a bool"],
  ["1 in 1", "Value '1' cannot be used with the comparator 'in', it is not a number"],
  ["'x' ? 1 : 2", "Value 'x' cannot be used with the ternary operator '?', it is not a bool"],
  ["-(true) == 1", "Value 'true' cannot be used with the prefix '-'"],
  ["-'a' == 1", "Cannot transition token types from PREFIX [-] to STRING [a]"],
  [
    "-x == 1",
    "Failed to parse 'when' expression '-x == 1': Cannot transition token types from PREFIX [-] to STRING [x]",
  ],
  ["a =~ '('", "Failed to parse 'when' expression 'a =~ '('': error parsing regexp: missing closing )"],
  ["1 + 1", "Expected boolean evaluation for '1 + 1'. Got 2"],
  ["heads", "Expected boolean evaluation for 'heads'. Got heads"],
];

describe("evalWhen mirrors Argo's when semantics", () => {
  for (const [source, expected] of whenCases) {
    it(`${JSON.stringify(source)} is ${expected}`, () => expect(evalWhen(source)).toBe(expected));
  }
});

describe("evalGovaluate returns govaluate's values", () => {
  for (const [source, expected] of valueCases) {
    it(`${source} → ${JSON.stringify(expected)}`, () => expect(evalGovaluate(source)).toEqual(expected));
  }
});

describe("evalWhen errors read like Argo's", () => {
  for (const [source, message] of errorCases) {
    it(`${JSON.stringify(source)} fails with ${message}`, () => {
      let caught: unknown;
      try {
        evalWhen(source);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ExprError);
      expect((caught as ExprError).message).toContain(message);
    });
  }

  it("treats a substituted step result as a bare string", () => {
    const when = "{{steps.flip.outputs.result}} == heads".replace("{{steps.flip.outputs.result}}", "heads");
    expect(evalWhen(when)).toBe(true);
  });
});
