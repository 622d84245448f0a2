import { describe, expect, it } from "vitest";
import { layoutInputOf } from "./geometry.js";
import { buildNavIndex, keyAction, moveCursor } from "./keyboard-nav.js";
import { layoutGraph } from "./layout.js";
import { buildGraphModel } from "./model.js";
import { layeredDagWorkflow, loopWorkflow } from "./testing.js";

const expandedAll = { mode: "expanded" as const, expanded: new Set<string>() };

describe("moveCursor", () => {
  const model = buildGraphModel(loopWorkflow("w", 5).status?.nodes, "w", expandedAll);
  const nav = buildNavIndex(layoutGraph(layoutInputOf(model)));
  const at = (i: number) => model.nodes[i]?.label;

  it("starts at the root, goes down to the nearest child and back up to the parent", () => {
    const root = moveCursor(nav, -1, "ArrowDown");
    expect(at(root)).toBe("w");
    const group = moveCursor(nav, root, "ArrowDown");
    expect(at(group)).toBe("[0]");
    const middle = moveCursor(nav, group, "ArrowDown");
    expect(at(middle)).toBe("print(2:2)");
    expect(moveCursor(nav, middle, "ArrowUp")).toBe(group);
    expect(moveCursor(nav, root, "ArrowUp")).toBe(root);
  });

  it("walks siblings left and right and stops at the ends of the rank", () => {
    const first = model.index.get(model.nodes.find((n) => n.label === "print(0:0)")?.key ?? "") as number;
    expect(moveCursor(nav, first, "ArrowLeft")).toBe(first);
    expect(at(moveCursor(nav, first, "ArrowRight"))).toBe("print(1:1)");
    expect(at(moveCursor(nav, first, "End"))).toBe("print(4:4)");
    expect(at(moveCursor(nav, first, "Home"))).toBe("w");
  });

  it("moves down a 100 × 100 DAG to the child straight below", () => {
    const dag = buildGraphModel(layeredDagWorkflow("d", 100, 100).status?.nodes, "d", expandedAll);
    const l = layoutGraph(layoutInputOf(dag));
    const dnav = buildNavIndex(l);
    let v = moveCursor(dnav, -1, "Home");
    for (let r = 0; r < 100; r++) {
      const next = moveCursor(dnav, v, "ArrowDown");
      expect(l.rank[next]).toBe(r + 1);
      v = next;
    }
    expect(moveCursor(dnav, v, "ArrowDown")).toBe(v);
  });
});

describe("keyAction", () => {
  it("maps the graph's keys and leaves the others (and shortcuts with modifiers) alone", () => {
    expect(keyAction({ key: "ArrowLeft" })).toEqual({ type: "move", key: "ArrowLeft" });
    expect(keyAction({ key: "Enter" })).toEqual({ type: "activate" });
    expect(keyAction({ key: "+" })).toEqual({ type: "zoom", factor: 1.25 });
    expect(keyAction({ key: "-" })).toEqual({ type: "zoom", factor: 0.8 });
    expect(keyAction({ key: "0" })).toEqual({ type: "fit" });
    expect(keyAction({ key: "Tab" })).toBeNull();
    expect(keyAction({ key: "+", ctrlKey: true })).toBeNull();
  });
});
