import { describe, expect, it } from "vitest";
import { parseWithLines, splitPath } from "./yaml-lines.js";

const text = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
spec:
  entrypoint: main
  templates:
    - name: main
      container:
        image: busybox
    - name: b
`;

describe("parseWithLines", () => {
  it("splits Argo's field paths", () => {
    expect(splitPath("spec.templates[12].dag.tasks[0]")).toEqual([
      "spec",
      "templates",
      12,
      "dag",
      "tasks",
      0,
    ]);
  });

  it("finds the line of a field, or of its nearest existing parent", () => {
    const p = parseWithLines(text);
    expect(p.errors).toEqual([]);
    expect(p.lineOf("spec.templates[1]")).toBe(9);
    expect(p.lineOf("spec.templates[0].container.image")).toBe(8);
    expect(p.lineOf("spec.templates[0].steps")).toBe(6);
  });

  it("reports syntax errors with their line", () => {
    const p = parseWithLines("a: 1\nb: [1, 2\nc: 3\n");
    expect(p.value).toBeUndefined();
    expect(p.errors[0]?.line).toBeGreaterThanOrEqual(2);
  });
});
