import { describe, expect, it } from "vitest";
import { sprint, sprintf } from "./printf.js";
import { GoInt } from "./values.js";

const i = (n: number) => new GoInt(n);

describe("Go fmt verbs", () => {
  const cases: [string, unknown[], string][] = [
    ["%s-%d-%v", ["a", i(3), 1.5], "a-3-1.5"],
    ["%q", ['a"b\n'], '"a\\"b\\n"'],
    ["%5d|%-5d|%05d", [i(42), i(42), i(-42)], "   42|42   |-0042"],
    ["%.2f %f %f", [1.23456, 2, i(2)], "1.23 2.000000 %!f(int=2)"],
    ["%x %X %#x", [i(255), "hi", i(255)], "ff 6869 0xff"],
    ["%t %v", [true, null], "true <nil>"],
    ["%T %T %T %T", [1.5, i(1), "s", [1]], "float64 int string []interface {}"],
    ["%d", [5], "%!d(float64=5)"],
    ["%s", [i(5)], "%!s(int=5)"],
    ["%d %d", [i(1)], "1 %!d(MISSING)"],
    ["%d", [i(1), "x"], "1%!(EXTRA string=x)"],
    ["100%%", [], "100%"],
    ["%e %g", [123456.789, 1e21], "1.234568e+05 1e+21"],
    ["%v", [{ b: 1, a: [true] }], "map[a:[true] b:1]"],
    ["%8.3s|", ["abcdef"], "     abc|"],
    ["%+d % d", [i(5), i(5)], "+5  5"],
  ];
  it.each(cases)("formats %j", (format, args, want) => {
    expect(sprintf(format, args)).toBe(want);
  });

  it("adds spaces between non-string operands only", () => {
    expect(sprint(["a", i(1), i(2), "b", 3.5])).toBe("a1 2b3.5");
  });
});
