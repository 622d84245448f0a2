import { describe, expect, it } from "vitest";
import { allOf, parseConditions } from "./conditions.js";

const set = (...names: string[]) => new Set(names);

describe("trigger conditions", () => {
  const cases: [string, string[], boolean][] = [
    ["dep01", ["dep01"], true],
    ["dep01", [], false],
    ["dep01 && dep02", ["dep01"], false],
    ["dep01 && dep02", ["dep01", "dep02"], true],
    ["dep01 || dep02", ["dep02"], true],
    // Argo's documented example: test-dep-1 || (test-dep-2 && test-dep-3)
    ["test-dep-1 || (test-dep-2 && test-dep-3)", ["test-dep-1"], true],
    ["test-dep-1 || (test-dep-2 && test-dep-3)", ["test-dep-2"], false],
    ["test-dep-1 || (test-dep-2 && test-dep-3)", ["test-dep-2", "test-dep-3"], true],
    // && binds tighter than ||
    ["a || b && c", ["a"], true],
    ["a || b && c", ["b"], false],
    ["a && b || c", ["c"], true],
    ["(a || b) && c", ["a"], false],
    ["((a))", ["a"], true],
    ["dep_1.x&&dep-2", ["dep_1.x", "dep-2"], true],
  ];
  it.each(cases)("%s with %j is %s", (text, satisfied, want) => {
    expect(parseConditions(text).evaluate(set(...satisfied))).toBe(want);
  });

  it("lists the names it mentions once, in order", () => {
    expect(parseConditions("b || (a && b) || c").names).toEqual(["b", "a", "c"]);
  });

  const bad: [string, RegExp][] = [
    ["", /expected a dependency name or "\(" but found end of text at position 1/],
    ["a &&", /expected a dependency name or "\(" but found end of text at position 5/],
    ["a & b", /unexpected character "&" at position 3/],
    ["(a || b", /expected "\)" but found end of text at position 8/],
    ["a b", /expected "&&", "\|\|" or end of text but found "b" at position 3/],
    ["a || )", /found "\)" at position 6/],
    ["!a", /unexpected character "!" at position 1/],
    [`${"(".repeat(200)}a${")".repeat(200)}`, /nested too deeply/],
  ];
  it.each(bad)("rejects %j", (text, message) => {
    expect(() => parseConditions(text)).toThrow(message);
    expect(() => parseConditions(text)).toThrow(expect.objectContaining({ code: "Invalid" }));
  });

  it("allOf needs every dependency", () => {
    const c = allOf(["a", "b"]);
    expect(c.names).toEqual(["a", "b"]);
    expect(c.evaluate(set("a"))).toBe(false);
    expect(c.evaluate(set("a", "b", "z"))).toBe(true);
  });
});
