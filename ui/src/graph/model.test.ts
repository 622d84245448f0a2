import { describe, expect, it } from "vitest";
import type { NodeStatus } from "../types.js";
import { AUTO_COLLAPSE_THRESHOLD, buildGraphModel, collapsedKey, sameStructure } from "./model.js";
import { layeredDagWorkflow, loopThenStepWorkflow, loopWorkflow, nodeId, workflowOf } from "./testing.js";

const expandedAll = { mode: "expanded" as const, expanded: new Set<string>() };

describe("buildGraphModel", () => {
  it("draws a 10,000-pod loop as root, step group, first pod, one box and last pod by default", () => {
    const wf = loopWorkflow("big", 10_000, (i) => (i === 5 ? "Failed" : "Succeeded"));
    const m = buildGraphModel(wf.status?.nodes, "big");
    const group = nodeId("big", "big[0]");
    expect(m.nodes.map((n) => n.kind)).toEqual(["virtual", "group", "pod", "collapsed", "pod"]);
    const box = m.nodes[3];
    expect(box?.key).toBe(collapsedKey(group));
    expect(box?.label).toBe("9,998 nodes");
    expect(box?.hiddenIds).toHaveLength(9998);
    expect(box?.phase).toBe("Failed");
    expect(box?.phaseCounts).toEqual({ Succeeded: 9997, Failed: 1 });
    expect(m.nodes[2]?.label).toBe("print(0:0)");
    expect(m.nodes[4]?.label).toBe("print(9999:9999)");
    expect(m.hiddenIn.get(nodeId("big", "big[0].print(17:17)"))).toBe(box?.key);
    expect(m.counts).toEqual({ total: 10_002, byPhase: { Succeeded: 10_001, Failed: 1 } });
    expect([...m.edgeSrc].map((s, e) => `${s}>${m.edgeDst[e]}`)).toEqual(["0>1", "1>2", "1>3", "1>4"]);
  });

  it("keeps a group at the threshold expanded and collapses one above it", () => {
    const at = buildGraphModel(loopWorkflow("w", AUTO_COLLAPSE_THRESHOLD).status?.nodes, "w");
    expect(at.nodes.some((n) => n.kind === "collapsed")).toBe(false);
    const above = buildGraphModel(loopWorkflow("w", AUTO_COLLAPSE_THRESHOLD + 1).status?.nodes, "w");
    expect(above.nodes.filter((n) => n.kind === "collapsed")).toHaveLength(1);
  });

  it("expands a group named in `expanded`, and every group in the expanded mode", () => {
    const wf = loopWorkflow("big", 10_000);
    const group = nodeId("big", "big[0]");
    const one = buildGraphModel(wf.status?.nodes, "big", { mode: "auto", expanded: new Set([group]) });
    expect(one.nodes).toHaveLength(10_002);
    expect(one.edgeSrc).toHaveLength(10_001);
    const all = buildGraphModel(wf.status?.nodes, "big", expandedAll);
    expect(all.nodes).toHaveLength(10_002);
    expect(all.hiddenIn.size).toBe(0);
  });

  it("collapses groups of more than three children in the collapsed mode", () => {
    const wf = loopWorkflow("w", 5);
    const m = buildGraphModel(wf.status?.nodes, "w", { mode: "collapsed", expanded: new Set() });
    expect(m.nodes.find((n) => n.kind === "collapsed")?.label).toBe("3 nodes");
  });

  it("hides what only hidden nodes reach and links the box to where they lead", () => {
    // Each of the 500 loop pods has the next step group as its child: the box links to it once.
    const wf = loopThenStepWorkflow("w", 500);
    const m = buildGraphModel(wf.status?.nodes, "w");
    expect(m.nodes.map((n) => n.label)).toEqual([
      "w",
      "[0]",
      "print(0:0)",
      "498 nodes",
      "print(499:499)",
      "[1]",
      "after",
    ]);
    const box = m.index.get(collapsedKey(nodeId("w", "w[0]"))) as number;
    const from = (i: number) =>
      [...m.edgeSrc].flatMap((s, e) => (s === i ? [m.nodes[m.edgeDst[e] as number]?.label] : []));
    expect(from(box)).toEqual(["[1]"]);
    expect(m.nodes[box]?.hiddenIds).toHaveLength(498);
  });

  it("never collapses the tasks a DAG lists, only loop groups", () => {
    const m = buildGraphModel(layeredDagWorkflow("d", 3, 30).status?.nodes, "d");
    expect(m.nodes.filter((n) => n.kind === "collapsed")).toEqual([]);
    expect(m.nodes).toHaveLength(91);
  });

  it("opens a loop group whose box would link to more than a few drawn nodes", () => {
    // 30 loop items feeding five merge tasks that the DAG also reaches directly.
    const pod = (id: string, children: string[] = []): NodeStatus => ({
      id,
      name: id,
      displayName: id,
      type: "Pod",
      phase: "Succeeded",
      children,
    });
    const merges = [0, 1, 2, 3, 4].map((k) => pod(`m${k}`));
    const items = Array.from({ length: 30 }, (_, i) => pod(`item${i}`, [`m${i % 5}`]));
    const group: NodeStatus = {
      ...pod(
        "g",
        items.map((n) => n.id),
      ),
      type: "TaskGroup",
    };
    const root: NodeStatus = { ...pod("x", ["g", ...merges.map((n) => n.id)]), type: "DAG" };
    const nodes = workflowOf("x", [root, group, ...items, ...merges]).status?.nodes;
    const memo = { leaky: new Set<string>() };
    const m = buildGraphModel(nodes, "x", undefined, memo);
    expect(m.nodes.filter((n) => n.kind === "collapsed")).toEqual([]);
    expect(m.nodes).toHaveLength(37);
    expect([...memo.leaky]).toEqual(["g"]);
  });

  it("draws a 100 × 100 DAG fully when expanded, with each task's two dependents", () => {
    const wf = layeredDagWorkflow("d", 100, 100);
    const m = buildGraphModel(wf.status?.nodes, "d", expandedAll);
    expect(m.nodes).toHaveLength(10_001);
    expect(m.edgeSrc).toHaveLength(100 + 99 * 200);
  });

  it("hangs the workflow's exit handler below the root's outbound pods", () => {
    const wf = loopWorkflow("w", 3);
    const nodes = wf.status?.nodes as Record<string, NodeStatus>;
    const exit: NodeStatus = {
      id: nodeId("w", "w.onExit"),
      name: "w.onExit",
      displayName: "w.onExit",
      type: "Pod",
      phase: "Succeeded",
    };
    nodes[exit.id] = exit;
    const m = buildGraphModel(nodes, "w");
    const e = m.index.get(exit.id) as number;
    const into = [...m.edgeDst].flatMap((d, k) => (d === e ? [m.nodes[m.edgeSrc[k] as number]?.label] : []));
    expect(into).toEqual(["print(0:0)", "print(1:1)", "print(2:2)"]);
  });

  it("tells structure changes from phase changes", () => {
    const a = buildGraphModel(loopWorkflow("w", 5, () => "Running").status?.nodes, "w");
    const b = buildGraphModel(loopWorkflow("w", 5, () => "Succeeded").status?.nodes, "w");
    const c = buildGraphModel(loopWorkflow("w", 6).status?.nodes, "w");
    expect(sameStructure(a, b)).toBe(true);
    expect(sameStructure(b, c)).toBe(false);
  });

  it("survives children that point nowhere, cycles and an empty status", () => {
    const n = (id: string, children: string[]): NodeStatus => ({
      id,
      name: id,
      displayName: id,
      type: "Pod",
      phase: "Running",
      children,
    });
    const wf = workflowOf("x", [n("x", ["a", "ghost"]), n("a", ["b"]), n("b", ["a"])]);
    const m = buildGraphModel(wf.status?.nodes, "x");
    expect(m.nodes.map((k) => k.key)).toEqual(["x", "a", "b"]);
    expect(buildGraphModel(undefined, "x").nodes).toEqual([]);
  });
});
