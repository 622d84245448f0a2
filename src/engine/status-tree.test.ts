/**
 * The status trees of Argo's own hello-world, steps and dag-diamond examples: node names, ids,
 * types, children, boundaryID and outboundNodes exactly as Argo v4.1 records them.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fnv32a } from "./node-id.js";
import { runFake } from "./testing.js";

const examples = join(import.meta.dirname, "../../../shared/conformance/argo-examples");
const example = (name: string) => readFileSync(join(examples, `${name}.yaml`), "utf8");
const id = (name: string) => (name === "wf" ? "wf" : `wf-${fnv32a(name)}`);

describe("hello-world", () => {
  const run = runFake(example("hello-world"), () => ({ result: "hello world" }));

  it("has one Pod node whose id is the workflow name", () => {
    const nodes = run.workflow.status?.nodes ?? {};
    expect(Object.keys(nodes)).toEqual(["wf"]);
    expect(nodes.wf).toMatchObject({
      id: "wf",
      name: "wf",
      displayName: "wf",
      type: "Pod",
      templateName: "hello-world",
      templateScope: "local/wf",
      phase: "Succeeded",
      outputs: { result: "hello world", exitCode: "0" },
      progress: "1/1",
    });
    expect(nodes.wf?.boundaryID).toBeUndefined();
    expect(nodes.wf?.children).toBeUndefined();
  });

  it("names the pod after the workflow and runs busybox echo", () => {
    expect(run.pods).toHaveLength(1);
    expect(run.pods[0]).toMatchObject({
      podName: "wf",
      main: { image: "busybox", command: ["echo"], args: ["hello world"] },
    });
  });

  it("marks the workflow Succeeded with Argo's labels and progress", () => {
    expect(run.workflow.status).toMatchObject({ phase: "Succeeded", progress: "1/1" });
    expect(run.workflow.metadata.labels?.["workflows.argoproj.io/completed"]).toBe("true");
    expect(run.workflow.metadata.labels?.["workflows.argoproj.io/phase"]).toBe("Succeeded");
  });
});

describe("steps", () => {
  const run = runFake(example("steps"));
  const nodes = run.workflow.status?.nodes ?? {};

  it("creates Argo's node names and types", () => {
    const byName = Object.fromEntries(Object.values(nodes).map((n) => [n.name, n.type]));
    expect(byName).toEqual({
      wf: "Steps",
      "wf[0]": "StepGroup",
      "wf[0].hello1": "Pod",
      "wf[1]": "StepGroup",
      "wf[1].hello2a": "Pod",
      "wf[1].hello2b": "Pod",
    });
  });

  it("wires children: steps → [0] → hello1 → [1] → hello2a, hello2b", () => {
    expect(nodes[id("wf")]?.children).toEqual([id("wf[0]")]);
    expect(nodes[id("wf[0]")]?.children).toEqual([id("wf[0].hello1")]);
    expect(nodes[id("wf[0].hello1")]?.children).toEqual([id("wf[1]")]);
    expect(nodes[id("wf[1]")]?.children).toEqual([id("wf[1].hello2a"), id("wf[1].hello2b")]);
    expect(nodes[id("wf[1].hello2a")]?.children).toBeUndefined();
  });

  it("puts every node but the root inside the root's boundary", () => {
    for (const n of Object.values(nodes)) {
      if (n.id === "wf") expect(n.boundaryID).toBeUndefined();
      else expect(n.boundaryID).toBe("wf");
    }
  });

  it("records the last group's pods as outbound nodes and display names without the boundary", () => {
    expect(nodes.wf?.outboundNodes).toEqual([id("wf[1].hello2a"), id("wf[1].hello2b")]);
    expect(nodes[id("wf[0]")]?.displayName).toBe("[0]");
    expect(nodes[id("wf[1].hello2b")]?.displayName).toBe("hello2b");
  });

  it("binds arguments to inputs and records them on the node", () => {
    expect(nodes[id("wf[1].hello2a")]?.inputs).toEqual({
      parameters: [{ name: "message", value: "hello2a" }],
    });
    expect(run.pods.map((p) => p.main.args?.[0])).toEqual(["hello1", "hello2a", "hello2b"]);
  });

  it("sums progress over the pods below each node", () => {
    expect(run.workflow.status?.progress).toBe("3/3");
    expect(nodes.wf?.progress).toBe("3/3");
    expect(nodes[id("wf[1]")]?.progress).toBe("2/2");
  });
});

describe("dag-diamond", () => {
  const run = runFake(example("dag-diamond"));
  const nodes = run.workflow.status?.nodes ?? {};

  it("creates a DAG node with one Pod per task", () => {
    const byName = Object.fromEntries(Object.values(nodes).map((n) => [n.name, n.type]));
    expect(byName).toEqual({ wf: "DAG", "wf.A": "Pod", "wf.B": "Pod", "wf.C": "Pod", "wf.D": "Pod" });
  });

  it("wires A → B, C → D and ends at D", () => {
    expect(nodes.wf?.children).toEqual([id("wf.A")]);
    expect(nodes[id("wf.A")]?.children).toEqual([id("wf.B"), id("wf.C")]);
    expect(nodes[id("wf.B")]?.children).toEqual([id("wf.D")]);
    expect(nodes[id("wf.C")]?.children).toEqual([id("wf.D")]);
    expect(nodes.wf?.outboundNodes).toEqual([id("wf.D")]);
    expect(nodes[id("wf.D")]).toMatchObject({ boundaryID: "wf", displayName: "D", phase: "Succeeded" });
  });

  it("runs B and C only after A and D only after both", () => {
    const order = run.pods.map((p) => p.main.command?.[1]);
    expect(order[0]).toBe("A");
    expect(order.slice(1, 3).sort()).toEqual(["B", "C"]);
    expect(order[3]).toBe("D");
  });
});
