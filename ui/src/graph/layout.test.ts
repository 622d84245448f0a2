import { describe, expect, it } from "vitest";
import { layoutInputOf } from "./geometry.js";
import { type LayoutResult, layoutGraph } from "./layout.js";
import { defaultSpacing } from "./layout-coords.js";
import { buildGraphModel, type GraphModel } from "./model.js";
import { layeredDagWorkflow, loopWorkflow } from "./testing.js";

const expandedAll = { mode: "expanded" as const, expanded: new Set<string>() };

function laidOut(model: GraphModel): LayoutResult {
  return layoutGraph(layoutInputOf(model));
}

/** Every rank's boxes, left to right, keep at least the node gap between them. */
function expectNoOverlap(l: LayoutResult): void {
  let checked = 0;
  for (let r = 0; r + 1 < l.rankStart.length; r++) {
    for (let k = (l.rankStart[r] as number) + 1; k < (l.rankStart[r + 1] as number); k++) {
      const a = l.rankOrder[k - 1] as number;
      const b = l.rankOrder[k] as number;
      const aRight = (l.x[a] as number) + (l.width[a] as number) / 2;
      const bLeft = (l.x[b] as number) - (l.width[b] as number) / 2;
      expect(bLeft - aRight).toBeGreaterThanOrEqual(defaultSpacing.nodeGap - 0.5);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(0);
}

/** Every edge's source box ends above its target box begins. */
function expectParentsAbove(l: LayoutResult): void {
  for (let e = 0; e < l.edgeSrc.length; e++) {
    const u = l.edgeSrc[e] as number;
    const v = l.edgeDst[e] as number;
    expect((l.y[u] as number) + (l.height[u] as number) / 2).toBeLessThan(
      (l.y[v] as number) - (l.height[v] as number) / 2,
    );
  }
}

describe("layoutGraph", () => {
  it("lays out a withSequence fan-out of 10,000 pods in one rank below its step group", () => {
    const model = buildGraphModel(loopWorkflow("big", 10_000).status?.nodes, "big", expandedAll);
    const l = laidOut(model);
    expect(l.count).toBe(10_002);
    expect([...l.rank.slice(0, 3)]).toEqual([0, 1, 2]);
    expect(l.rankStart[3]! - l.rankStart[2]!).toBe(10_000);
    expectNoOverlap(l);
    expectParentsAbove(l);
    // The step group sits over the middle of its children.
    expect(Math.abs((l.x[1] as number) - (l.bounds.minX + l.bounds.maxX) / 2)).toBeLessThan(1);
    // Children stay in the loop's order.
    const row = [...l.rankOrder.slice(l.rankStart[2], l.rankStart[3])];
    expect(row).toEqual(row.slice().sort((a, b) => a - b));
  });

  it("lays out a 100 × 100 layered DAG: 100 ranks under the root, no overlaps, parents above", () => {
    const model = buildGraphModel(layeredDagWorkflow("d", 100, 100).status?.nodes, "d", expandedAll);
    const l = laidOut(model);
    expect(l.rankStart.length - 1).toBe(101);
    for (let r = 1; r <= 100; r++) expect(l.rankStart[r + 1]! - l.rankStart[r]!).toBe(100);
    expectNoOverlap(l);
    expectParentsAbove(l);
  });

  it("gives an edge that skips ranks a point in each rank it crosses", () => {
    // a → b → c and a → c: the long edge bends through rank 1.
    const l = layoutGraph({
      width: Float32Array.of(100, 100, 100),
      height: Float32Array.of(30, 30, 30),
      edgeSrc: Int32Array.of(0, 1, 0),
      edgeDst: Int32Array.of(1, 2, 2),
    });
    expect([...l.rank]).toEqual([0, 1, 2]);
    expect(l.edgeStart[3]! - l.edgeStart[2]!).toBe(3);
    const midX = l.edgePoints[2 * l.edgeStart[2]! + 2] as number;
    expect(Math.abs(midX - (l.x[1] as number))).toBeGreaterThan(50);
  });

  it("puts a collapsed loop's box between its first and last child", () => {
    const l = laidOut(buildGraphModel(loopWorkflow("big", 10_000).status?.nodes, "big"));
    expect(l.count).toBe(5);
    expect((l.x[2] as number) < (l.x[3] as number) && (l.x[3] as number) < (l.x[4] as number)).toBe(true);
    expectNoOverlap(l);
  });

  it("ranks a cycle instead of looping, and lays out nothing for no nodes", () => {
    const l = layoutGraph({
      width: Float32Array.of(10, 10, 10),
      height: Float32Array.of(10, 10, 10),
      edgeSrc: Int32Array.of(0, 1, 2),
      edgeDst: Int32Array.of(1, 2, 1),
    });
    expect([...l.rank]).toEqual([0, 1, 2]);
    const empty = layoutGraph({
      width: new Float32Array(0),
      height: new Float32Array(0),
      edgeSrc: new Int32Array(0),
      edgeDst: new Int32Array(0),
    });
    expect(empty.count).toBe(0);
  });
});
