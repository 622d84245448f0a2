import { describe, expect, it } from "vitest";
import { conditionHolds, jsonPathValue } from "./resource-conditions.js";

const obj = { metadata: { name: "child-x" }, status: { phase: "Failed", succeeded: 2, items: [{ n: "a" }] } };

describe("resource conditions", () => {
  it.each([
    ["status.phase == Failed", true],
    ["status.phase = Failed", true],
    ["status.phase != Failed", false],
    ["status.phase in (Failed, Error)", true],
    ["status.phase notin (Failed, Error)", false],
    ["status.succeeded > 0", true],
    ["status.succeeded > 0, status.phase == Succeeded", false],
    ["status.missing == ", true],
    ["status.succeeded >= 2", true],
  ])("%s → %s", (condition, expected) => {
    expect(conditionHolds(obj, condition)).toBe(expected);
  });

  it("rejects a requirement without an operator", () => {
    expect(() => conditionHolds(obj, "status.phase")).toThrow(/invalid condition/);
  });

  it.each([
    ["{.metadata.name}", "child-x"],
    ["$.status.items[0].n", "a"],
    [".status.succeeded", "2"],
    ["{.nope}", undefined],
  ])("reads %s", (path, value) => {
    expect(jsonPathValue(obj, path)).toBe(value);
  });
});
