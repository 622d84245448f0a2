import { describe, expect, it } from "vitest";
import { layoutInputOf } from "./geometry.js";
import { HitGrid } from "./hit-grid.js";
import { layoutGraph } from "./layout.js";
import { buildGraphModel } from "./model.js";
import { layeredDagWorkflow, loopWorkflow } from "./testing.js";

const expandedAll = { mode: "expanded" as const, expanded: new Set<string>() };

describe("HitGrid", () => {
  it("finds every node of a 10,000-pod loop at its centre and near its corners", () => {
    const model = buildGraphModel(loopWorkflow("big", 10_000).status?.nodes, "big", expandedAll);
    const l = layoutGraph(layoutInputOf(model));
    const grid = new HitGrid(l);
    for (let i = 0; i < l.count; i++) {
      expect(grid.hit(l.x[i] as number, l.y[i] as number)).toBe(i);
      const w = (l.width[i] as number) / 2 - 1;
      const h = (l.height[i] as number) / 2 - 1;
      expect(grid.hit((l.x[i] as number) + w, (l.y[i] as number) - h)).toBe(i);
    }
    expect(grid.maxCellLoad()).toBeLessThan(8);
  });

  it("misses the gaps between boxes and points outside the graph", () => {
    const model = buildGraphModel(layeredDagWorkflow("d", 100, 100).status?.nodes, "d", expandedAll);
    const l = layoutGraph(layoutInputOf(model));
    const grid = new HitGrid(l, 0);
    const a = l.rankOrder[l.rankStart[5] as number] as number;
    const b = l.rankOrder[(l.rankStart[5] as number) + 1] as number;
    const gapX =
      ((l.x[a] as number) + (l.width[a] as number) / 2 + (l.x[b] as number) - (l.width[b] as number) / 2) / 2;
    expect(grid.hit(gapX, l.y[a] as number)).toBe(-1);
    expect(grid.hit(l.bounds.minX - 1000, 0)).toBe(-1);
    expect(grid.hit(0, l.bounds.maxY + 1000)).toBe(-1);
    expect(grid.hit(l.x[b] as number, l.y[b] as number)).toBe(b);
  });

  it("gives small dots a margin so they can be clicked", () => {
    const grid = new HitGrid({ count: 1, x: [0], y: [0], width: [14], height: [14] }, 4);
    expect(grid.hit(10, 10)).toBe(0);
    expect(grid.hit(12, 0)).toBe(-1);
  });
});
