import { describe, expect, it } from "vitest";
import { reconcile } from "./reconcile.js";
import { runFake, workflowFromYaml } from "./testing.js";

const startedFirst = (yaml: string) =>
  reconcile({ workflow: workflowFromYaml(yaml), observations: [], nowMs: 0 }).actions.filter(
    (a) => a.type === "startPod",
  ).length;

describe("parallelism", () => {
  const loop = (where: string) => `
spec:
  entrypoint: main
  ${where === "workflow" ? "parallelism: 2" : ""}
  templates:
  - name: main
    ${where === "template" ? "parallelism: 2" : ""}
    steps: [[{name: each, template: t, withSequence: {count: "5"}}]]
  - {name: t, container: {image: busybox}}
`;

  it("starts at most the template's parallelism children of a steps node at once", () => {
    expect(startedFirst(loop("template"))).toBe(2);
    expect(startedFirst(loop("none"))).toBe(5);
    const run = runFake(loop("template"));
    expect(run.pods).toHaveLength(5);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("does not create the waiting children until there is room (Argo's behaviour)", () => {
    const first = reconcile({ workflow: workflowFromYaml(loop("template")), observations: [], nowMs: 0 });
    expect(Object.values(first.workflow.status?.nodes ?? {}).filter((n) => n.type === "Pod")).toHaveLength(2);
  });

  it("limits a DAG's running tasks with parallelism", () => {
    const dag = `
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 1
    dag:
      tasks:
      - {name: A, template: t}
      - {name: B, template: t}
      - {name: C, template: t, withItems: [1, 2]}
  - {name: t, container: {image: busybox}}
`;
    expect(startedFirst(dag)).toBe(1);
    const run = runFake(dag);
    expect(run.pods).toHaveLength(4);
    expect(run.turns).toBeGreaterThanOrEqual(4);
  });

  it("stops starting children after a failure with failFast and says so", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  templates:
  - name: main
    parallelism: 1
    failFast: true
    steps: [[{name: each, template: t, withItems: [a, b, c]}]]
  - {name: t, inputs: {parameters: [{name: x, value: "{{item}}"}]}, container: {image: busybox}}
`,
      () => ({ exitCode: 1 }),
    );
    expect(run.pods).toHaveLength(1);
    expect(run.byName("")).toMatchObject({
      phase: "Failed",
      message: "template has failed or errored children and failFast enabled",
    });
  });
});
