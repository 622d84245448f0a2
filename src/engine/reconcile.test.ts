import { describe, expect, it } from "vitest";
import { reconcile } from "./reconcile.js";
import { runFake, workflowFromYaml } from "./testing.js";

const suspendYaml = `
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: wait}
    - - {name: after, template: run}
  - name: wait
    suspend: {duration: "2m"}
  - name: run
    container: {image: busybox}
`;

describe("reconcile", () => {
  it("does not change the workflow it is given and gives the same answer twice", () => {
    const wf = workflowFromYaml(suspendYaml);
    const before = structuredClone(wf);
    const a = reconcile({ workflow: wf, observations: [], nowMs: 0 });
    const b = reconcile({ workflow: wf, observations: [], nowMs: 0 });
    expect(wf).toEqual(before);
    expect(a).toEqual(b);
  });

  it("asks to be woken when a suspend's duration ends and resumes it then", () => {
    const first = reconcile({ workflow: workflowFromYaml(suspendYaml), observations: [], nowMs: 0 });
    const wake = first.actions.find((a) => a.type === "wakeAt");
    expect(wake).toMatchObject({ type: "wakeAt", at: new Date(120_000).toISOString() });
    const early = reconcile({
      workflow: first.workflow,
      observations: [{ type: "timer", nodeId: wake?.nodeId ?? "" }],
      nowMs: 60_000,
    });
    expect(early.actions).toEqual([]);
    const onTime = reconcile({
      workflow: early.workflow,
      observations: [{ type: "timer", nodeId: wake?.nodeId ?? "" }],
      nowMs: 120_000,
    });
    expect(onTime.actions.map((a) => a.type)).toEqual(["startPod"]);
  });

  it("runs a suspend step to completion under the fake clock", () => {
    const run = runFake(suspendYaml);
    expect(run.byName("[0].wait")).toMatchObject({ type: "Suspend", phase: "Succeeded" });
    expect(run.workflow.status?.phase).toBe("Succeeded");
    const started = Date.parse(run.byName("[0].wait").startedAt ?? "");
    expect(Date.parse(run.byName("[0].wait").finishedAt ?? "") - started).toBeGreaterThanOrEqual(120_000);
  });

  it("errors the workflow when the entrypoint does not exist", () => {
    const run = runFake(`
spec:
  entrypoint: nope
  templates: [{name: t, container: {image: busybox}}]
`);
    expect(run.workflow.status?.phase).toBe("Error");
    expect(run.byName("").message).toBe("template nope not found");
  });

  it("runs a workflow made from a WorkflowTemplate with merged arguments", () => {
    const wf = workflowFromYaml(`
spec:
  workflowTemplateRef: {name: tmpl}
  arguments: {parameters: [{name: m, value: override}]}
`);
    const run = runFake(wf, () => undefined, {
      resolveTemplateRef: ({ name }) =>
        name === "tmpl"
          ? {
              entrypoint: "t",
              arguments: { parameters: [{ name: "m", value: "default" }] },
              templates: [
                { name: "t", container: { image: "busybox", args: ["{{workflow.parameters.m}}"] } },
              ],
            }
          : undefined,
    });
    expect(run.workflow.status?.phase).toBe("Succeeded");
    expect(run.pods[0]?.main.args).toEqual(["override"]);
    expect(run.workflow.status?.storedWorkflowTemplateSpec?.entrypoint).toBe("t");
  });
});

describe("template references", () => {
  it("stores templates reached through templateRef in status.storedTemplates", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: a, templateRef: {name: lib, template: echo}}]]
`,
      () => undefined,
      {
        resolveTemplateRef: ({ name }) =>
          name === "lib" ? { templates: [{ name: "echo", container: { image: "busybox" } }] } : undefined,
      },
    );
    expect(run.byName("[0].a")).toMatchObject({
      templateRef: { name: "lib", template: "echo" },
      templateScope: "namespaced/lib",
    });
    expect(Object.keys(run.workflow.status?.storedTemplates ?? {})).toEqual(["namespaced/lib/echo"]);
    expect(run.pods[0]?.podName).toMatch(/^wf-echo-\d+$/);
  });
});
