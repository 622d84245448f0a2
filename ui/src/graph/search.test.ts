import { describe, expect, it } from "vitest";
import type { NodeStatus } from "../types.js";
import { buildGraphModel } from "./model.js";
import { graphSummary } from "./phase.js";
import { searchMatches } from "./search.js";
import { loopWorkflow } from "./testing.js";

describe("searchMatches", () => {
  const wf = loopWorkflow("w", 100, (i) => (i === 50 ? "Failed" : "Succeeded"));
  const nodes = wf.status?.nodes as Record<string, NodeStatus>;

  it("matches display names, names and template names, case-insensitively", () => {
    const all = buildGraphModel(nodes, "w", { mode: "expanded", expanded: new Set() });
    const hits = (q: string) => [...(searchMatches(all.nodes, nodes, q) ?? [])].reduce((a, b) => a + b, 0);
    expect(hits("PRINT(42:")).toBe(1);
    expect(hits("w[0].print(7:")).toBe(1);
    expect(hits("print")).toBe(100);
    expect(hits("nothing-like-it")).toBe(0);
    expect(searchMatches(all.nodes, nodes, "  ")).toBeNull();
  });

  it("lights a collapsed box when a node it hides matches", () => {
    const m = buildGraphModel(nodes, "w");
    const flags = searchMatches(m.nodes, nodes, "print(42:") as Uint8Array;
    expect(m.nodes.filter((_, i) => flags[i]).map((n) => n.kind)).toEqual(["collapsed"]);
  });

  it("summarises the graph for screen readers, trouble first", () => {
    expect(graphSummary(buildGraphModel(nodes, "w"))).toBe(
      "Workflow graph: 102 nodes, 1 failed, 101 succeeded; 98 in collapsed groups",
    );
    expect(graphSummary(buildGraphModel({}, "w"))).toBe("Workflow graph: no nodes yet");
  });
});
