import { describe, expect, it } from "vitest";
import type { NodePhase } from "../spec/types.js";
import { dependsOf, evaluateDepends, parseDepends, referencedTasks } from "./depends.js";

const states =
  (phases: Record<string, NodePhase>, continueOn: Record<string, { failed?: boolean }> = {}) =>
  (task: string) => ({
    state: { phase: phases[task] ?? "Pending" },
    ...(continueOn[task] ? { continueOn: continueOn[task] } : {}),
  });

describe("depends", () => {
  it.each([
    ["A", { A: "Succeeded" }, true],
    ["A", { A: "Skipped" }, true],
    ["A", { A: "Failed" }, false],
    ["A.Failed", { A: "Failed" }, true],
    ["A.Errored", { A: "Error" }, true],
    ["A.Omitted", { A: "Omitted" }, true],
    ["!A.Succeeded", { A: "Failed" }, true],
    ["A && (C.Succeeded || C.Failed)", { A: "Succeeded", C: "Failed" }, true],
    ["B && C", { B: "Succeeded", C: "Failed" }, false],
    ["B || C", { B: "Succeeded", C: "Failed" }, true],
    [
      "should-execute-2.Succeeded || should-not-execute",
      { "should-execute-2": "Succeeded", "should-not-execute": "Omitted" },
      true,
    ],
  ] as const)("evaluates %s", (source, phases, expected) => {
    expect(evaluateDepends(parseDepends(source), states(phases))).toBe(expected);
  });

  it("lets a bare task pass when it failed with continueOn.failed", () => {
    expect(evaluateDepends(parseDepends("A"), states({ A: "Failed" }, { A: { failed: true } }))).toBe(true);
  });

  it("joins dependencies with &&", () => {
    const expr = dependsOf({ name: "D", dependencies: ["B", "C"] });
    expect(expr && referencedTasks(expr)).toEqual(["B", "C"]);
    expect(expr && evaluateDepends(expr, states({ B: "Succeeded", C: "Failed" }))).toBe(false);
  });

  it.each(["A &&", "(A", "A.Finished", "A ) B", "&& A"])("rejects %j with a message", (source) => {
    expect(() => parseDepends(source)).toThrow(/invalid depends/);
  });
});
