import { describe, expect, it } from "vitest";
import { parseDepends } from "./depends.js";
import { findCycles } from "./graph.js";

describe("parseDepends", () => {
  it.each([
    ["A", [{ task: "A" }]],
    ["A.Succeeded", [{ task: "A", result: "Succeeded" }]],
    [
      "(task-1.Succeeded || B) && !C.AnySucceeded",
      [{ task: "task-1", result: "Succeeded" }, { task: "B" }, { task: "C", result: "AnySucceeded" }],
    ],
    ["", []],
  ])("reads %j", (expression, expected) => {
    expect(parseDepends(expression)).toEqual(expected);
  });
});

describe("findCycles", () => {
  const graph = (entries: Record<string, string[]>) => new Map(Object.entries(entries));

  it("finds nothing in a diamond", () => {
    expect(findCycles(["A", "B", "C", "D"], graph({ A: [], B: ["A"], C: ["A"], D: ["B", "C"] }))).toEqual([]);
  });

  it("finds a self loop and a longer cycle, each once, from the first declared task", () => {
    const edges = graph({ A: ["A"], B: ["D"], C: ["B"], D: ["C"], E: ["B"] });
    expect(findCycles(["A", "B", "C", "D", "E"], edges)).toEqual([
      ["A", "A"],
      ["B", "D", "C", "B"],
    ]);
  });

  it("ignores edges to unknown tasks", () => {
    expect(findCycles(["A"], graph({ A: ["Z"] }))).toEqual([]);
  });

  it("handles long chains without recursion", () => {
    const names = Array.from({ length: 20000 }, (_, i) => `t${i}`);
    const edges = new Map(names.map((n, i) => [n, i === 0 ? [`t${names.length - 1}`] : [`t${i - 1}`]]));
    expect(findCycles(names, edges)).toHaveLength(1);
  });
});
