import { describe, expect, it } from "vitest";
import { ExprError } from "../errors.js";
import { GoRegexp } from "./index.js";

const matches: [string, string, boolean][] = [
  ["^a+$", "aaa", true],
  ["^a+$", "aab", false],
  ["b", "abc", true],
  ["(?i)HELLO", "say hello", true],
  ["^\\d{3}-\\d{2}$", "123-45", true],
  ["^\\d{3,}$", "12", false],
  ["^[[:alpha:]]+$", "abc", true],
  ["^[^0-9]+$", "ab1", false],
  ["\\bfoo\\b", "a foo b", true],
  ["\\bfoo\\b", "afoob", false],
  ["^\\w+@\\w+\\.com$", "me@site.com", true],
  ["a.c", "a\nc", false],
  ["(?s)a.c", "a\nc", true],
  ["(?m)^b$", "a\nb\nc", true],
  ["^b$", "a\nb\nc", false],
  ["\\Qa.b\\E", "a.b", true],
  ["\\Qa.b\\E", "axb", false],
  ["^\\p{Greek}+$", "αβγ", true],
  ["^\\pL+$", "héllo", true],
  ["^(?P<year>\\d{4})-(?<m>\\d\\d)$", "2024-03", true],
  ["colou?r", "color", true],
  ["^(ab|cd)+$", "abcdab", true],
  ["^x*?$", "xxx", true],
  ["[\\d\\s]+", "a 1 b", true],
  ["\\x41\\x{42}", "AB", true],
];

describe("GoRegexp matching (RE2 syntax)", () => {
  for (const [pattern, input, expected] of matches) {
    it(`${pattern} on ${JSON.stringify(input)} is ${expected}`, () => {
      expect(GoRegexp.compile(pattern).test(input)).toBe(expected);
    });
  }

  it("prefers the leftmost-first alternative like Go", () => {
    expect(GoRegexp.compile("a|ab").find("ab")).toBe("a");
    expect(GoRegexp.compile("(a+?)(b*)").find("aabb")).toBe("a");
  });

  it("finds all matches with Go's empty-match rules", () => {
    expect(GoRegexp.compile("[0-9]+").findAll("a1b22c333", -1)).toEqual(["1", "22", "333"]);
    expect(GoRegexp.compile("a*").findAll("baaac", -1)).toEqual(["", "aaa", ""]);
  });

  it("replaces with $1 and braced-name expansion", () => {
    const re = GoRegexp.compile("a(x*)b");
    expect(re.replaceAll("-ab-axxb-", `$${"{1}"}W`)).toBe("-W-xxW-");
    expect(re.replaceAll("-ab-axxb-", "$1W")).toBe("---");
    expect(re.replaceAll("-ab-axxb-", "$1W", { literal: true })).toBe("-$1W-$1W-");
    expect(GoRegexp.compile("(?P<d>\\d)").replaceAll("a1", `<$${"{d}"}>`)).toBe("a<1>");
    expect(GoRegexp.compile("a*").replaceAll("baaac", "X")).toBe("XbXcX");
  });

  it("splits like Go's Regexp.Split", () => {
    expect(GoRegexp.compile("a*").split("abaabaccadaaae", 5)).toEqual(["", "b", "b", "c", "cadaaae"]);
    expect(GoRegexp.compile(",").split("a,b,c", -1)).toEqual(["a", "b", "c"]);
    expect(GoRegexp.compile(",").split("a,b,c", 2)).toEqual(["a", "b,c"]);
    expect(GoRegexp.compile(",").split("", -1)).toEqual([""]);
  });

  it("stays linear on patterns that hang backtracking engines", () => {
    const steps: number[] = [];
    const matched = GoRegexp.compile("^(a+)+$").test(`${"a".repeat(5000)}b`, (n) => steps.push(n));
    expect(matched).toBe(false);
    expect(steps.reduce((a, b) => a + b, 0)).toBeLessThan(100_000);
  });

  it("rejects syntax RE2 does not support, with Go's messages", () => {
    const cases: [string, string][] = [
      ["(a", "missing closing )"],
      ["a**", "invalid nested repetition operator"],
      ["(?=a)", "invalid or unsupported Perl syntax"],
      ["\\1", "invalid escape sequence"],
      ["a{1001}", "invalid repeat count"],
      ["[a", "missing closing ]"],
      ["*a", "missing argument to repetition operator"],
    ];
    for (const [pattern, message] of cases) {
      expect(() => GoRegexp.compile(pattern)).toThrow(ExprError);
      expect(() => GoRegexp.compile(pattern)).toThrow(message);
    }
  });
});
