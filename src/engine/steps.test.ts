import { describe, expect, it } from "vitest";
import { fnv32a } from "./node-id.js";
import { runFake } from "./testing.js";

const id = (name: string) => `wf-${fnv32a(name)}`;

const twoSteps = (continueOn = "") => `
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: fail
        template: run${continueOn}
    - - name: after
        template: run
  - name: run
    container: {image: busybox, command: [sh, -c, "exit 0"]}
`;

describe("steps", () => {
  it("fails the group and the Steps node with child '<id>' failed and runs nothing after", () => {
    const run = runFake(twoSteps(), (pod) => (pod.nodeId === id("wf[0].fail") ? { exitCode: 3 } : {}));
    const failed = run.byName("[0].fail");
    expect(failed).toMatchObject({
      phase: "Failed",
      message: "Error (exit code 3)",
      outputs: { exitCode: "3" },
    });
    expect(run.byName("[0]")).toMatchObject({ phase: "Failed", message: `child '${failed.id}' failed` });
    expect(run.byName("")).toMatchObject({ phase: "Failed", message: `child '${failed.id}' failed` });
    expect(run.workflow.status).toMatchObject({
      phase: "Failed",
      message: `child '${failed.id}' failed`,
      progress: "0/1",
    });
    expect(run.pods).toHaveLength(1);
  });

  it("continues past a failed step with continueOn.failed", () => {
    const yaml = twoSteps("\n        continueOn: {failed: true}");
    const run = runFake(yaml, (pod) => (pod.nodeId === id("wf[0].fail") ? { exitCode: 1 } : {}));
    expect(run.byName("[1].after").phase).toBe("Succeeded");
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("skips a step whose when is false, with Argo's message", () => {
    const run = runFake(`
spec:
  entrypoint: main
  arguments: {parameters: [{name: go, value: "no"}]}
  templates:
  - name: main
    steps:
    - - name: maybe
        template: run
        when: "{{workflow.parameters.go}} == yes"
  - name: run
    container: {image: busybox}
`);
    expect(run.byName("[0].maybe")).toMatchObject({
      type: "Skipped",
      phase: "Skipped",
      message: "when 'no == yes' evaluated false",
    });
    expect(run.workflow.status?.phase).toBe("Succeeded");
    expect(run.pods).toHaveLength(0);
  });

  it("passes a step's output parameter and result to the next step", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: gen
        template: gen
    - - name: use
        template: use
        arguments: {parameters: [{name: a, value: "{{steps.gen.outputs.parameters.p}}/{{steps.gen.outputs.result}}/{{steps.gen.exitCode}}"}]}
  - name: gen
    container: {image: busybox}
    outputs: {parameters: [{name: p, globalName: g, valueFrom: {path: /tmp/p}}]}
  - name: use
    inputs: {parameters: [{name: a}]}
    container: {image: busybox, args: ["{{inputs.parameters.a}}"]}
`,
      (pod) => (pod.templateName === "gen" ? { result: "R", outputParameters: { p: "P" } } : {}),
    );
    expect(run.pods[1]?.main.args).toEqual(["P/R/0"]);
    expect(run.workflow.status?.outputs?.parameters).toEqual([{ name: "g", value: "P" }]);
  });

  it("errors a pod whose output file is missing and has no default", () => {
    const run = runFake(`
spec:
  entrypoint: gen
  templates:
  - name: gen
    container: {image: busybox}
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p}}]}
`);
    expect(run.workflow.status?.phase).toBe("Error");
    expect(run.byName("").message).toMatch(/output parameter 'p'/);
  });

  it("uses valueFrom.default when the output file is missing", () => {
    const run = runFake(`
spec:
  entrypoint: gen
  templates:
  - name: gen
    container: {image: busybox}
    outputs: {parameters: [{name: p, valueFrom: {path: /tmp/p, default: Foobar}}]}
`);
    expect(run.byName("").outputs?.parameters?.[0]?.value).toBe("Foobar");
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("errors a step whose required input is not supplied", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: s, template: t}]]
  - name: t
    inputs: {parameters: [{name: x}]}
    container: {image: busybox}
`);
    expect(run.byName("[0].s")).toMatchObject({
      type: "Skipped",
      phase: "Error",
      message: "inputs.parameters.x was not supplied",
    });
    expect(run.workflow.status?.phase).toBe("Failed");
  });

  it("gives the same status whether run incrementally or through the pure reducer", () => {
    const pure = runFake(twoSteps());
    const incremental = runFake(twoSteps(), () => undefined, { incremental: true });
    expect(incremental.workflow.status).toEqual(pure.workflow.status);
  });
});
