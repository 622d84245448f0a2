import { describe, expect, it } from "vitest";
import { podNameFor } from "../engine/index.js";
import type { NodeStatus, Workflow } from "../spec/types.js";
import { parseFieldSelector } from "./format/selectors.js";
import { renderGet, workflowStatusText } from "./render-get.js";
import { parameterText, podCounts, renderWorkflowList, sortWorkflows } from "./render-list.js";
import { renderNodeTable } from "./render-tree.js";

const at = (s: number) => new Date(Date.parse("2024-05-01T10:00:00Z") + s * 1000).toISOString();
const now = Date.parse("2024-05-01T10:05:00Z");

function node(n: Partial<NodeStatus> & Pick<NodeStatus, "id" | "name" | "type">): NodeStatus {
  return { displayName: n.name.split(".").pop() ?? n.name, phase: "Succeeded", ...n } as NodeStatus;
}

/** steps: [[a], [b, c]] where c failed once and was retried, with an exit handler. */
function stepsWorkflow(): Workflow {
  const nodes: NodeStatus[] = [
    node({
      id: "wf",
      name: "wf",
      type: "Steps",
      templateName: "main",
      phase: "Failed",
      startedAt: at(0),
      finishedAt: at(65),
      children: ["g0"],
      message: "child 'c' failed",
    }),
    node({
      id: "g0",
      name: "wf[0]",
      displayName: "[0]",
      type: "StepGroup",
      boundaryID: "wf",
      startedAt: at(0),
      children: ["a"],
    }),
    node({
      id: "a",
      name: "wf[0].a",
      type: "Pod",
      templateName: "echo",
      boundaryID: "wf",
      startedAt: at(0),
      finishedAt: at(5),
    }),
    node({
      id: "g1",
      name: "wf[1]",
      displayName: "[1]",
      type: "StepGroup",
      boundaryID: "wf",
      startedAt: at(6),
      children: ["b", "c"],
    }),
    node({
      id: "b",
      name: "wf[1].b",
      type: "Pod",
      templateName: "echo",
      boundaryID: "wf",
      startedAt: at(6),
      finishedAt: at(9),
    }),
    node({
      id: "c",
      name: "wf[1].c",
      type: "Retry",
      templateName: "flaky",
      boundaryID: "wf",
      phase: "Failed",
      startedAt: at(6),
      children: ["c0", "c1"],
      message: "No more retries left",
    }),
    node({
      id: "c0",
      name: "wf[1].c(0)",
      type: "Pod",
      templateName: "flaky",
      boundaryID: "wf",
      phase: "Failed",
      startedAt: at(6),
      finishedAt: at(8),
      message: "Error (exit code 1)",
    }),
    node({
      id: "c1",
      name: "wf[1].c(1)",
      type: "Pod",
      templateName: "flaky",
      boundaryID: "wf",
      phase: "Failed",
      startedAt: at(9),
      finishedAt: at(70),
      message: "Error (exit code 1)",
    }),
    node({
      id: "exit",
      name: "wf.onExit",
      displayName: "wf.onExit",
      type: "Pod",
      templateName: "cleanup",
      startedAt: at(71),
      finishedAt: at(72),
    }),
  ];
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name: "wf", namespace: "argo", creationTimestamp: at(0) },
    spec: { entrypoint: "main", arguments: { parameters: [{ name: "message", value: "hi" }] } },
    status: {
      phase: "Failed",
      startedAt: at(0),
      finishedAt: at(72),
      progress: "3/4",
      message: "child 'c' failed",
      nodes: Object.fromEntries(nodes.map((n) => [n.id, n])),
    },
  };
}

const pod = (name: string, template: string) => podNameFor("wf", name, template);

describe("the get tree", () => {
  it("draws steps, step groups, retries and the exit handler with Argo's icons and prefixes", () => {
    const text = renderNodeTable(stepsWorkflow(), { nowMs: now });
    const rows = text.split("\n").map((l) => l.replace(/\s+/g, " ").trim());
    expect(rows).toEqual([
      "STEP TEMPLATE PODNAME DURATION MESSAGE",
      "✖ wf main child 'c' failed",
      `├───✔ a echo ${pod("wf[0].a", "echo")} 5s`,
      `└─┬─✔ b echo ${pod("wf[1].b", "echo")} 3s`,
      "└─✖ c flaky No more retries left",
      `├─✖ c(0) flaky ${pod("wf[1].c(0)", "flaky")} 2s Error (exit code 1)`,
      `└─✖ c(1) flaky ${pod("wf[1].c(1)", "flaky")} 1m Error (exit code 1)`,
      "",
      `✔ wf.onExit cleanup ${pod("wf.onExit", "cleanup")} 1s`,
    ]);
  });

  it("aligns columns two spaces apart", () => {
    const [header, root] = renderNodeTable(stepsWorkflow(), { nowMs: now }).split("\n");
    expect(header?.indexOf("TEMPLATE")).toBe(root?.indexOf("main"));
    expect(header).toMatch(/^STEP {2,}TEMPLATE {2}PODNAME/);
  });

  it("leaves out nodes a field selector does not match but keeps their children", () => {
    const rows = renderNodeTable(stepsWorkflow(), {
      nowMs: now,
      selector: parseFieldSelector("phase=Failed"),
    })
      .split("\n")
      .map((l) => l.replace(/\s+/g, " ").trim());
    expect(rows.some((r) => r.includes("✔ a"))).toBe(false);
    expect(rows.some((r) => r.startsWith("✖ wf main"))).toBe(true);
    expect(rows.filter((r) => r.includes("✖ c("))).toHaveLength(2);
  });

  it("draws plain ASCII with --no-utf8, and wide columns", () => {
    const ascii = renderNodeTable(stepsWorkflow(), { nowMs: now, noUtf8: true });
    expect(ascii).toContain(" |---Succeeded a");
    expect(ascii).toContain("     `-Failed c(1)");
    const wide = renderNodeTable(stepsWorkflow(), { nowMs: now, output: "wide" }).split("\n")[0];
    expect(wide?.split(/\s+/)).toEqual([
      "STEP",
      "TEMPLATE",
      "PODNAME",
      "DURATION",
      "ARTIFACTS",
      "MESSAGE",
      "RESOURCESDURATION",
      "NODENAME",
    ]);
  });

  it("shows a waiting suspend node with ǁ", () => {
    const wf = stepsWorkflow();
    const nodes = wf.status?.nodes ?? {};
    nodes.a = { ...(nodes.a as NodeStatus), type: "Suspend", phase: "Running" };
    expect(renderNodeTable(wf, { nowMs: now })).toMatch(/ǁ a/);
    wf.status = { ...wf.status, phase: "Running" };
    expect(workflowStatusText(wf)).toBe("Running (Suspended)");
  });
});

describe("the get view", () => {
  it("prints Argo's summary fields, then the tree", () => {
    const text = renderGet(stepsWorkflow(), { nowMs: now });
    const lines = text.split("\n");
    expect(lines.slice(0, 5)).toEqual([
      "Name:                wf",
      "Namespace:           argo",
      "ServiceAccount:      unset (will run with the default ServiceAccount)",
      "Status:              Failed",
      "Message:             child 'c' failed",
    ]);
    expect(text).toMatch(/^Created: {13}\w{3} \w{3} \d\d \d\d:\d\d:\d\d [+-]\d{4} \(5 minutes ago\)$/m);
    expect(text).toMatch(/^Duration: {12}1 minute 12 seconds$/m);
    expect(text).toMatch(/^Progress: {12}3\/4$/m);
    expect(text).toMatch(/^Parameters:\n {2}message: {11}hi$/m);
    expect(text).toMatch(/\n\nSTEP +TEMPLATE/);
  });

  it("says Failed (Terminated) after a terminate, and Pending before any status", () => {
    const wf = stepsWorkflow();
    wf.spec.shutdown = "Terminate";
    expect(workflowStatusText(wf)).toBe("Failed (Terminated)");
    wf.status = {};
    expect(workflowStatusText(wf)).toBe("Pending");
    delete wf.metadata.creationTimestamp;
    expect(workflowStatusText(wf)).toBe("Unknown");
  });
});

describe("the list table", () => {
  const wf = (
    name: string,
    phase: string,
    created: number,
    finished?: number,
    extra: Partial<Workflow["spec"]> = {},
  ): Workflow => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace: "argo", creationTimestamp: at(created), uid: `uid-${name}` },
    spec: { ...extra },
    status: {
      phase: phase as "Running",
      startedAt: at(created),
      ...(finished !== undefined ? { finishedAt: at(finished) } : {}),
    },
  });

  it("prints NAME STATUS AGE DURATION PRIORITY MESSAGE with three spaces between columns", () => {
    const text = renderWorkflowList([wf("hello-abcde", "Succeeded", 0, 65), wf("b", "Running", 200)], {
      nowMs: now,
    });
    expect(text.split("\n")).toEqual([
      "NAME          STATUS      AGE   DURATION   PRIORITY   MESSAGE",
      "hello-abcde   Succeeded   5m    1m         0",
      "b             Running     1m    1m         0",
      "",
    ]);
  });

  it("adds NAMESPACE, P/R/C, PARAMETERS and UID columns when asked, and drops headers", () => {
    const w = wf("a", "Running", 0, undefined, {
      priority: 3,
      arguments: { parameters: [{ name: "x", value: "1" }] },
    });
    w.status = {
      ...w.status,
      nodes: {
        p1: { id: "p1", name: "a.p1", displayName: "p1", type: "Pod", phase: "Succeeded" },
        p2: { id: "p2", name: "a.p2", displayName: "p2", type: "Pod", phase: "Running" },
        p3: { id: "p3", name: "a.p3", displayName: "p3", type: "Pod", phase: "Pending" },
      },
    };
    const text = renderWorkflowList([w], {
      output: "wide",
      namespace: true,
      uid: true,
      noHeaders: true,
      nowMs: now,
    });
    expect(text.trim().split(/\s{3,}/)).toEqual([
      "argo",
      "a",
      "Running",
      "5m",
      "5m",
      "3",
      "1/1/1",
      "x=1",
      "uid-a",
    ]);
    expect(podCounts(w)).toEqual([1, 1, 1]);
  });

  it("says so when there are none, and prints [] for JSON", () => {
    expect(renderWorkflowList([])).toBe("No workflows found\n");
    expect(renderWorkflowList([], { output: "json" })).toBe("[]\n");
    expect(renderWorkflowList([wf("a", "Running", 0)], { output: "name" })).toBe("a\n");
  });

  it("shortens long parameter values keeping both ends", () => {
    const long = `${"x".repeat(40)}END-OF-THE-VALUE`;
    expect(parameterText([{ name: "p", value: long }])).toBe(`p=${"x".repeat(32)}...${long.slice(-15)}`);
  });

  it("orders running workflows newest first, then finished ones by finish time", () => {
    const order = sortWorkflows([
      wf("old-done", "Succeeded", 0, 10),
      wf("running-old", "Running", 1),
      wf("new-done", "Failed", 2, 50),
      wf("running-new", "Running", 3),
    ]);
    expect(order.map((w) => w.metadata.name)).toEqual(["running-new", "running-old", "new-done", "old-done"]);
  });
});
