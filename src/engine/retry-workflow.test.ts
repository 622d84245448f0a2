import { describe, expect, it } from "vitest";
import { nodeIdFor } from "./node-id.js";
import { selectNodes } from "./node-selector.js";
import { formulateResubmit, formulateRetry } from "./retry-workflow.js";
import type { FakeRun } from "./testing.js";
import { runFake } from "./testing.js";

const fails =
  (name: string, exitCode = 1) =>
  (pod: { nodeId: string }) =>
    pod.nodeId === nodeIdFor("wf", name) ? { exitCode } : undefined;
const ran = (run: FakeRun) => run.pods.map((p) => run.workflow.status?.nodes?.[p.nodeId]?.name).sort();

const dag = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  arguments: {parameters: [{name: x, value: "1"}]}
  templates:
  - name: main
    dag:
      tasks:
      - {name: a, template: t}
      - {name: b, template: t, dependencies: [a]}
      - {name: c, template: t, dependencies: [b]}
  - name: t
    container: {image: busybox, command: [sh, -c, "true"]}
`;

const steps = `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  entrypoint: main
  onExit: bye
  templates:
  - name: main
    steps:
    - - {name: one, template: t}
    - - {name: two, template: t}
  - name: t
    container: {image: busybox}
  - name: bye
    container: {image: busybox}
`;

const now = "2024-01-02T00:00:00Z";

describe("formulateRetry", () => {
  it("re-runs only the failed DAG task and what depends on it", () => {
    const first = runFake(dag, fails("wf.b"));
    expect(first.workflow.status?.phase).toBe("Failed");
    const { workflow, podsToDelete } = formulateRetry(first.workflow, {}, now);
    expect(workflow.status?.phase).toBe("Running");
    expect(podsToDelete).toHaveLength(1);
    expect(
      Object.values(workflow.status?.nodes ?? {})
        .map((n) => n.displayName)
        .sort(),
    ).toEqual(["a", "wf"]);
    const second = runFake(workflow);
    expect(second.workflow.status?.phase).toBe("Succeeded");
    // a ran once, in the first run only; b and c run in the second.
    expect(ran(second)).toEqual(["wf.b", "wf.c"]);
  });

  it("re-runs the exit handler and the failed step of a steps workflow", () => {
    const first = runFake(steps, fails("wf[1].two", 2));
    expect(first.workflow.status?.phase).toBe("Failed");
    const { workflow } = formulateRetry(first.workflow, {}, now);
    const names = Object.values(workflow.status?.nodes ?? {}).map((n) => n.name);
    expect(names.some((n) => n.includes("onExit"))).toBe(false);
    expect(names).toContain("wf[0].one");
    const second = runFake(workflow);
    expect(second.workflow.status?.phase).toBe("Succeeded");
    expect(ran(second)).toEqual(["wf.onExit", "wf[1].two"]);
  });

  it("restarts succeeded nodes picked by the selector, and refuses a running workflow", () => {
    const done = runFake(dag);
    expect(() => formulateRetry(done.workflow, {}, now)).toThrow(/restartSuccessful and nodeFieldSelector/);
    const { workflow } = formulateRetry(
      done.workflow,
      { restartSuccessful: true, nodeFieldSelector: "displayName=c" },
      now,
    );
    expect(ran(runFake(workflow))).toEqual(["wf.c"]);
    const running = structuredClone(done.workflow);
    if (running.status) running.status.phase = "Running";
    expect(() => formulateRetry(running, {}, now)).toThrow(/Cannot retry a workflow in phase Running/);
  });

  it("applies new parameter values", () => {
    const first = runFake(dag, () => ({ exitCode: 1 }));
    const { workflow } = formulateRetry(first.workflow, { parameters: ["x=2"] }, now);
    expect(workflow.spec.arguments?.parameters?.[0]?.value).toBe("2");
  });
});

describe("formulateResubmit", () => {
  it("copies the spec with Argo's labels and no status", () => {
    const first = runFake(dag);
    first.workflow.metadata.labels = { team: "a", "workflows.argoproj.io/completed": "true" };
    const wf = formulateResubmit(first.workflow, { parameters: ["x=5"] }, "wf-abcde");
    expect(wf.metadata.name).toBe("wf-abcde");
    expect(wf.metadata.labels).toEqual({
      team: "a",
      "workflows.argoproj.io/resubmitted-from-workflow": "wf",
    });
    expect(wf.status).toBeUndefined();
    expect(wf.spec.arguments?.parameters?.[0]?.value).toBe("5");
  });

  it("memoized: succeeded pods become Skipped under the new name and only the failure runs again", () => {
    const first = runFake(dag, fails("wf.b"));
    const wf = formulateResubmit(first.workflow, { memoized: true }, "wf2");
    const a = Object.values(wf.status?.nodes ?? {}).find((n) => n.name === "wf2.a");
    expect(a?.type).toBe("Skipped");
    expect(a?.message).toMatch(/^original pod: wf-/);
    expect(() => formulateResubmit(runFake(dag).workflow, { memoized: true }, "x")).toThrow(/Failed\/Error/);
  });
});

describe("node selector", () => {
  it("matches Argo's fields with = and !=", () => {
    const run = runFake(dag);
    expect(selectNodes(run.workflow.status?.nodes, "displayName=b").map((n) => n.name)).toEqual(["wf.b"]);
    expect(selectNodes(run.workflow.status?.nodes, "templateName=t,displayName!=a")).toHaveLength(2);
    expect(() => selectNodes(run.workflow.status?.nodes, "nonsense")).toThrow(/key=value/);
  });
});
