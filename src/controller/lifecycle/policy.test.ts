import { describe, expect, it } from "vitest";
import type { Workflow, WorkflowPhase } from "../../spec/types.js";
import { compileSelector } from "./label-selector.js";
import { parseArchiveTTL, parseDeleteDelay, ttlMs } from "./policy.js";

const wf = (phase: WorkflowPhase, ttlStrategy?: Record<string, number>): Workflow => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: { name: "wf" },
  spec: ttlStrategy ? { ttlStrategy } : {},
  status: { phase, finishedAt: "2024-01-01T00:00:00Z" },
});

describe("ttlMs", () => {
  const all = { secondsAfterCompletion: 3, secondsAfterSuccess: 1, secondsAfterFailure: 2 };
  const cases: [string, WorkflowPhase, Record<string, number> | undefined, number | undefined][] = [
    ["no strategy", "Succeeded", undefined, undefined],
    ["running", "Running", all, undefined],
    ["success field for Succeeded", "Succeeded", all, 1000],
    ["failure field for Failed", "Failed", all, 2000],
    ["completion field for Error (Argo's Failed() excludes Error)", "Error", all, 3000],
    ["completion when the phase field is absent", "Failed", { secondsAfterCompletion: 3 }, 3000],
    ["nothing when only the other phase's field is set", "Succeeded", { secondsAfterFailure: 2 }, undefined],
    ["zero is a TTL", "Succeeded", { secondsAfterSuccess: 0 }, 0],
  ];
  for (const [what, phase, strategy, expected] of cases) {
    it(what, () => expect(ttlMs(wf(phase, strategy))).toBe(expected));
  }
});

describe("parseArchiveTTL", () => {
  it.each([
    ["7d", 7 * 86_400_000],
    ["180d", 180 * 86_400_000],
    ["12h", 12 * 3_600_000],
    ["1h30m", 90 * 60_000],
    ["0", undefined],
    ["", undefined],
    [undefined, undefined],
  ])("reads %s", (text, ms) => expect(parseArchiveTTL(text)).toBe(ms));

  it("rejects what is neither days nor a Go duration as Invalid", () => {
    expect(() => parseArchiveTTL("a week")).toThrow(expect.objectContaining({ code: "Invalid" }));
    expect(() => parseArchiveTTL("1.5d")).toThrow(/archiveTTL/);
    expect(() => parseArchiveTTL("-1h")).toThrow(/negative/);
  });
});

describe("parseDeleteDelay", () => {
  it.each([
    ["30", 30_000],
    ["0", 0],
    ["30s", 30_000],
    ["2m", 120_000],
    ["500ms", 500],
  ])("reads %s", (text, ms) => expect(parseDeleteDelay(text)).toBe(ms));

  it("rejects nonsense with Go's message", () => {
    expect(() => parseDeleteDelay("soon")).toThrow('time: invalid duration "soon"');
  });
});

describe("compileSelector", () => {
  const match = (selector: unknown, labels: Record<string, string>) => {
    const compiled = compileSelector(selector);
    if ("error" in compiled) throw new Error(compiled.error);
    return compiled.matches(labels);
  };

  it("matches everything when absent or empty", () => {
    expect(match(undefined, {})).toBe(true);
    expect(match({}, { a: "b" })).toBe(true);
  });

  it("needs every matchLabels pair", () => {
    expect(match({ matchLabels: { a: "1", b: "2" } }, { a: "1", b: "2", c: "3" })).toBe(true);
    expect(match({ matchLabels: { a: "1", b: "2" } }, { a: "1" })).toBe(false);
  });

  it.each([
    [{ key: "env", operator: "In", values: ["dev", "qa"] }, { env: "qa" }, true],
    [{ key: "env", operator: "In", values: ["dev"] }, {}, false],
    [{ key: "env", operator: "NotIn", values: ["prod"] }, { env: "dev" }, true],
    [{ key: "env", operator: "NotIn", values: ["prod"] }, {}, true],
    [{ key: "env", operator: "NotIn", values: ["prod"] }, { env: "prod" }, false],
    [{ key: "env", operator: "Exists" }, { env: "" }, true],
    [{ key: "constructor", operator: "Exists" }, {}, false],
    [{ key: "env", operator: "DoesNotExist" }, { env: "x" }, false],
  ])("matchExpressions %j on %j is %s", (req, labels, expected) => {
    expect(match({ matchExpressions: [req] }, labels)).toBe(expected);
  });

  it("reports a selector it cannot use", () => {
    expect(compileSelector({ matchExpressions: [{ key: "a", operator: "Near" }] })).toEqual({
      error: 'matchExpressions a: unknown operator "Near"',
    });
    expect(compileSelector({ matchExpressions: [{ key: "a", operator: "In" }] })).toHaveProperty("error");
    expect(compileSelector("app=x")).toHaveProperty("error");
  });
});
