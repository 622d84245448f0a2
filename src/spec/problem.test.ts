import { describe, expect, it } from "vitest";
import { formatPath, formatProblem, formatProblemPretty, hasErrors, type Problem } from "./problem.js";

describe("formatPath", () => {
  it.each([
    [["spec", "templates", 2, "dag", "tasks", 0], "spec.templates[2].dag.tasks[0]"],
    [["spec", "templates", 0, "steps", 1, 0, "name"], "spec.templates[0].steps[1][0].name"],
    [[], ""],
    [["metadata", "labels", "workflows.argoproj.io/test"], 'metadata.labels["workflows.argoproj.io/test"]'],
    [["spec", "hooks", "exit"], "spec.hooks.exit"],
  ] as const)("formats %j as %s", (segments, expected) => {
    expect(formatPath(segments)).toBe(expected);
  });
});

const problem: Problem = {
  code: "dag-cycle",
  path: "spec.templates[2].dag.tasks[0]",
  message: "templates.main dependency cycle detected: A -> B -> A",
  line: 31,
  column: 9,
  file: "wf.yaml",
  severity: "error",
};

describe("formatProblem", () => {
  it("prints file:line:column, the message and the path", () => {
    expect(formatProblem(problem)).toBe(
      "wf.yaml:31:9  templates.main dependency cycle detected: A -> B -> A  (spec.templates[2].dag.tasks[0])",
    );
  });

  it("leaves out a missing position and marks warnings", () => {
    const p: Problem = { code: "x", path: "", message: "careful", severity: "warning" };
    expect(formatProblem(p)).toBe("<input>  warning: careful");
  });
});

describe("formatProblemPretty", () => {
  it("prints the cross, the message, the path and the line", () => {
    expect(formatProblemPretty(problem)).toBe(
      "✖ templates.main dependency cycle detected: A -> B -> A  at spec.templates[2].dag.tasks[0] (line 31)",
    );
  });

  it("uses a warning sign for warnings and omits what is unknown", () => {
    expect(formatProblemPretty({ code: "x", path: "", message: "careful", severity: "warning" })).toBe(
      "⚠ careful",
    );
  });
});

describe("hasErrors", () => {
  it("is true only when some problem is an error", () => {
    expect(hasErrors([problem])).toBe(true);
    expect(hasErrors([{ ...problem, severity: "warning" }])).toBe(false);
    expect(hasErrors([])).toBe(false);
  });
});
