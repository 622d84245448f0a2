import { describe, expect, it } from "vitest";
import { evalGovaluateWith } from "../../../expr/index.js";
import type { ExprFilter } from "../../types.js";
import { filterExprs } from "./expr.js";

const data = { a: "b", c: 10, d: { e: true, g: "x-1" }, list: [1, 2] };

describe("expr filters (govaluate)", () => {
  it("evaluates Argo's documented examples", () => {
    const filters: ExprFilter[] = [
      {
        expr: 'a == "b" || c != 10',
        fields: [
          { name: "a", path: "a" },
          { name: "c", path: "c" },
        ],
      },
      { expr: "e == false", fields: [{ name: "e", path: "d.e" }] },
    ];
    expect(filterExprs([filters[0] as ExprFilter], undefined, data).pass).toBe(true);
    expect(filterExprs(filters, undefined, data)).toEqual({
      pass: false,
      reason: 'expr filter "e == false": evaluated to false',
    });
    expect(filterExprs(filters, "or", data).pass).toBe(true);
  });

  it("supports numbers, regex and bracketed names", () => {
    const params = { n: 10, s: "x-1", "my-name": 3 };
    expect(evalGovaluateWith("n > 5 && n <= 10", params)).toBe(true);
    expect(evalGovaluateWith("s =~ '^x-[0-9]$'", params)).toBe(true);
    expect(evalGovaluateWith("[my-name] * 2", params)).toBe(6);
  });

  it("fails with a reason for a missing path, a bad expression or a non-boolean", () => {
    expect(
      filterExprs([{ expr: "z == 1", fields: [{ name: "z", path: "nope" }] }], undefined, data).reason,
    ).toBe('expr filter "z == 1": path "nope" does not exist');
    expect(filterExprs([{ expr: "c ==", fields: [{ name: "c", path: "c" }] }], undefined, data).pass).toBe(
      false,
    );
    expect(filterExprs([{ expr: "c + 1", fields: [{ name: "c", path: "c" }] }], undefined, data).reason).toBe(
      'expr filter "c + 1": evaluated to 11',
    );
    expect(
      filterExprs([{ expr: "q == 1", fields: [{ name: "c", path: "c" }] }], undefined, data).reason,
    ).toContain("No parameter 'q' found.");
  });

  it("skips entries without fields", () => {
    expect(filterExprs([{ expr: "false", fields: [] }], undefined, data).pass).toBe(true);
    expect(filterExprs([{ expr: "false", fields: [] }], "or", data).pass).toBe(false);
  });

  it("passes without data or filters", () => {
    expect(filterExprs(undefined, undefined, data).pass).toBe(true);
    expect(
      filterExprs([{ expr: "false", fields: [{ name: "a", path: "a" }] }], undefined, undefined).pass,
    ).toBe(true);
  });
});
