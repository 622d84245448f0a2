import { describe, expect, it } from "vitest";
import { formatFloatF, resultBool, resultFloat, resultString, resultType } from "./gjson-result.js";

describe("gjson Result conversions", () => {
  it.each([
    ["text", "text"],
    [100, "100"],
    [1.5, "1.5"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [true, "true"],
    [null, ""],
    [undefined, ""],
    [{ a: [1, "x"] }, '{"a":[1,"x"]}'],
  ])("String() of %j is %j", (v, want) => {
    expect(resultString(v)).toBe(want);
  });

  it.each([
    [3.5, 3.5],
    ["42", 42],
    ["4.2e1", 42],
    ["abc", 0],
    [" 1", 0],
    [true, 1],
    [false, 0],
    [null, 0],
    [{}, 0],
  ])("Float() of %j is %j", (v, want) => {
    expect(resultFloat(v)).toBe(want);
  });

  it.each([
    [true, true],
    ["true", true],
    ["T", true],
    ["1", true],
    ["yes", false],
    [2, true],
    [0, false],
    [null, false],
  ])("Bool() of %j is %j", (v, want) => {
    expect(resultBool(v)).toBe(want);
  });

  it("names types as gjson does", () => {
    expect([null, true, false, 1, "s", [], {}].map(resultType)).toEqual([
      "Null",
      "True",
      "False",
      "Number",
      "String",
      "JSON",
      "JSON",
    ]);
  });

  it("formats floats without exponents", () => {
    expect(formatFloatF(-0.001)).toBe("-0.001");
    expect(formatFloatF(123456789012)).toBe("123456789012");
  });
});
