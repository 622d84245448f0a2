import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runFake } from "./testing.js";

const examples = join(import.meta.dirname, "../../../shared/conformance/argo-examples");
const example = (name: string) => readFileSync(join(examples, `${name}.yaml`), "utf8");

describe("exit handlers", () => {
  it("runs the workflow's onExit after a failure with workflow.status and failures (exit-handlers)", () => {
    const run = runFake(example("exit-handlers"), (pod) =>
      [...(pod.main.command ?? []), ...(pod.main.args ?? [])].join(" ").includes("exit 1")
        ? { exitCode: 1 }
        : {},
    );
    const exit = run.byName(".onExit");
    expect(exit).toMatchObject({ type: "Steps", nodeFlag: { hooked: true } });
    expect(exit.boundaryID).toBeUndefined();
    expect(run.workflow.status?.phase).toBe("Failed");
    const celebrate = run.pods.find((p) => p.templateName === "celebrate");
    const cry = run.pods.find((p) => p.templateName === "cry");
    expect(celebrate).toBeUndefined();
    expect(cry).toBeDefined();
    const email = run.pods.find((p) => p.templateName === "send-email");
    expect(email?.main.args?.join(" ")).toMatch(/Failed/);
    expect(email?.main.args?.join(" ")).toMatch(/displayName/);
  });

  it("fails a succeeded workflow whose exit handler fails", () => {
    const run = runFake(
      `
spec:
  entrypoint: ok
  onExit: bad
  templates:
  - {name: ok, container: {image: busybox}}
  - {name: bad, container: {image: busybox, command: [fail]}}
`,
      (pod) => (pod.templateName === "bad" ? { exitCode: 4 } : {}),
    );
    expect(run.byName("").phase).toBe("Succeeded");
    expect(run.workflow.status).toMatchObject({ phase: "Failed", message: "Error (exit code 4)" });
  });

  it("runs a step's exit hook as <step>.onExit, a child of the step, before the next group", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: t
        hooks:
          exit: {template: t, arguments: {parameters: [{name: m, value: "{{steps.a.status}}"}]}}
    - - {name: b, template: t, arguments: {parameters: [{name: m, value: b}]}}
  - name: t
    inputs: {parameters: [{name: m, default: x}]}
    container: {image: busybox, args: ["{{inputs.parameters.m}}"]}
`);
    const a = run.byName("[0].a");
    const exit = run.byName("[0].a.onExit");
    expect(a.children).toContain(exit.id);
    expect(exit).toMatchObject({ displayName: "a.onExit", nodeFlag: { hooked: true }, phase: "Succeeded" });
    expect(run.pods.map((p) => p.main.args?.[0])).toEqual(["x", "Succeeded", "b"]);
  });

  it("runs a task's exit hook before its dependents", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: t, onExit: t}
      - {name: B, template: t, dependencies: [A]}
  - name: t
    container: {image: busybox}
`);
    const order = run.pods.map((p) => p.podName);
    expect(order).toHaveLength(3);
    expect(run.byName(".A.onExit").phase).toBe("Succeeded");
    expect(Date.parse(run.byName(".B").startedAt ?? "")).toBeGreaterThan(
      Date.parse(run.byName(".A.onExit").startedAt ?? ""),
    );
  });
});

describe("lifecycle hooks", () => {
  it("runs a workflow hook once when its expression first holds, as a child of the root", () => {
    const run = runFake(`
spec:
  entrypoint: main
  hooks:
    running: {expression: 'workflow.status == "Running"', template: t}
  templates:
  - name: main
    steps: [[{name: a, template: t}], [{name: b, template: t}]]
  - {name: t, container: {image: busybox}}
`);
    const hook = run.byName(".hooks.running");
    expect(run.byName("").children).toContain(hook.id);
    expect(hook.nodeFlag).toEqual({ hooked: true });
    expect(run.pods).toHaveLength(3);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("runs a step hook when the step's status matches", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: a
        template: t
        hooks:
          done: {expression: 'steps.a.status == "Succeeded"', template: t}
  - {name: t, container: {image: busybox}}
`);
    expect(run.byName("[0].a.hooks.done").phase).toBe("Succeeded");
    expect(run.byName("[0].a").children).toContain(run.byName("[0].a.hooks.done").id);
  });
});

describe("deadlines and shutdown", () => {
  it("fails running pods with Step exceeded its deadline after activeDeadlineSeconds", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  activeDeadlineSeconds: 30
  onExit: t
  templates:
  - name: main
    steps: [[{name: long, template: sleep}]]
  - {name: sleep, container: {image: busybox, command: [sleep, 1d]}}
  - {name: t, container: {image: busybox}}
`,
      () => undefined,
      { holdPods: (pod) => pod.templateName === "sleep" },
    );
    expect(run.byName("[0].long")).toMatchObject({ phase: "Failed", message: "Step exceeded its deadline" });
    expect(run.workflow.status?.phase).toBe("Failed");
    expect(run.byName(".onExit").phase).toBe("Succeeded");
    expect(run.kills.length).toBeGreaterThan(0);
  });

  it("kills a pod at its template timeout through the pod deadline", () => {
    const run = runFake(`
spec:
  entrypoint: t
  templates:
  - {name: t, timeout: "1m", activeDeadlineSeconds: 90, container: {image: busybox}}
`);
    expect(run.pods[0]?.activeDeadlineSeconds).toBe(60);
  });
});
