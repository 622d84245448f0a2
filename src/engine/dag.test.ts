import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fnv32a } from "./node-id.js";
import { runFake } from "./testing.js";

const examples = join(import.meta.dirname, "../../../shared/conformance/argo-examples");
const example = (name: string) => readFileSync(join(examples, `${name}.yaml`), "utf8");
const id = (name: string) => `wf-${fnv32a(name)}`;
const failWhen = (template: string) => (pod: { templateName: string }) =>
  pod.templateName === template ? { exitCode: 1 } : {};

describe("dag", () => {
  it("runs enhanced depends: omits what cannot run and succeeds (dag-enhanced-depends)", () => {
    const run = runFake(example("dag-enhanced-depends"), failWhen("fail"));
    const phases = Object.fromEntries(
      Object.values(run.workflow.status?.nodes ?? {}).map((n) => [n.displayName, n.phase]),
    );
    expect(phases).toMatchObject({
      A: "Succeeded",
      B: "Succeeded",
      C: "Failed",
      "should-execute-1": "Succeeded",
      "should-execute-2": "Succeeded",
      "should-not-execute": "Omitted",
      "should-execute-3": "Succeeded",
    });
    expect(run.byName(".should-not-execute")).toMatchObject({
      type: "Skipped",
      message: "omitted: depends condition not met",
    });
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("connects an omitted task below every outbound node of its dependencies", () => {
    const run = runFake(example("dag-enhanced-depends"), failWhen("fail"));
    const omitted = id("wf.should-not-execute");
    expect(run.byName(".B").children).toContain(omitted);
    expect(run.byName(".C").children).toContain(omitted);
  });

  it("fails the DAG (without a message) when a branch fails", () => {
    const run = runFake(example("dag-diamond"), (pod) =>
      pod.main.command?.[1] === "B" ? { exitCode: 1 } : {},
    );
    expect(run.byName(".B").phase).toBe("Failed");
    expect(run.byName(".D")).toMatchObject({ phase: "Omitted" });
    expect(run.byName("").phase).toBe("Failed");
    expect(run.byName("").message).toBeUndefined();
    expect(run.workflow.status?.phase).toBe("Failed");
  });

  it("runs only the targets and their ancestors", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      target: B
      tasks:
      - {name: A, template: t}
      - {name: B, template: t, dependencies: [A]}
      - {name: C, template: t, dependencies: [A]}
  - name: t
    container: {image: busybox}
`);
    expect(
      Object.values(run.workflow.status?.nodes ?? {})
        .map((n) => n.displayName)
        .sort(),
    ).toEqual(["A", "B", "wf"]);
    expect(run.byName("").outboundNodes).toEqual([id("wf.B")]);
  });

  it("runs nested DAGs and links the outer task after the inner leaves (dag-nested)", () => {
    const run = runFake(example("dag-nested"));
    expect(run.workflow.status?.phase).toBe("Succeeded");
    const b = run.byName(".B");
    expect(b.type).toBe("DAG");
    expect(b.outboundNodes?.length).toBeGreaterThan(0);
    for (const leaf of b.outboundNodes ?? []) {
      expect(run.workflow.status?.nodes?.[leaf]?.children?.length).toBeGreaterThan(0);
    }
  });

  it("expands a loop task under a TaskGroup and aggregates its results", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: L, template: t, withItems: [a, b], arguments: {parameters: [{name: x, value: "{{item}}"}]}}
      - {name: J, template: t, dependencies: [L], arguments: {parameters: [{name: x, value: "{{tasks.L.outputs.result}}"}]}}
  - name: t
    inputs: {parameters: [{name: x}]}
    container: {image: busybox, args: ["{{inputs.parameters.x}}"]}
`,
      (pod) => ({ result: pod.main.args?.[0] ?? "" }),
    );
    expect(run.byName(".L")).toMatchObject({ type: "TaskGroup", phase: "Succeeded" });
    expect(run.byName(".L").children).toEqual([id("wf.L(0:a)"), id("wf.L(1:b)")]);
    expect(run.byName(".J").inputs?.parameters?.[0]?.value).toBe('["a","b"]');
    expect(run.byName(".L(0:a)").children).toEqual([id("wf.J")]);
  });

  it("errors a DAG with a dependency cycle instead of waiting forever", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    dag:
      tasks:
      - {name: A, template: t, dependencies: [C]}
      - {name: B, template: t, dependencies: [A]}
      - {name: C, template: t, dependencies: [B]}
  - name: t
    container: {image: busybox}
`);
    expect(run.workflow.status?.phase).toBe("Error");
    expect(run.byName("").message).toMatch(/dependency cycle/);
  });
});

describe("outputs of skipped tasks (v4.0.7+)", () => {
  const dir = "skipped-output-defaults";
  it("reads an absent output as nil in expressions (expression-fallback)", () => {
    const run = runFake(example(`${dir}/expression-fallback`));
    expect(run.byName("").outputs?.parameters?.[0]?.value).toBe("expr-fallback");
    expect(run.pods).toHaveLength(0);
  });

  it("keeps the consumer's input default when its argument only references the absent output", () => {
    const run = runFake(example(`${dir}/consumer-input-default`));
    const consumer = Object.values(run.workflow.status?.nodes ?? {}).find((n) => n.type === "Pod");
    expect(consumer?.inputs?.parameters?.[0]?.value).not.toMatch(/\{\{/);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });
});
