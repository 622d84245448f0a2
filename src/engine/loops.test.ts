import { describe, expect, it } from "vitest";
import { expandItem, expandSequence, goSprint } from "./loops.js";
import { runFake } from "./testing.js";

describe("loops", () => {
  it.each([
    ["foo", "s(0:foo)"],
    [3, "s(0:3)"],
    [{ name: "jesse", group: "developer" }, "s(0:group:developer,name:jesse)"],
    [["a", "b"], "s(0:[a b])"],
    ["x(y)", "s(0:xy)"],
  ])("names the expansion of %j as Argo does", (item, name) => {
    expect(expandItem({ name: "s", template: "t" }, 0, item, new Map()).name).toBe(name);
  });

  it("substitutes item fields of map items", () => {
    const step = {
      name: "s",
      template: "t",
      arguments: { parameters: [{ name: "p", value: "{{item.os}}-{{item}}" }] },
    };
    const out = expandItem(step, 1, { os: "linux" }, new Map());
    expect(out.arguments?.parameters?.[0]?.value).toBe('linux-{"os":"linux"}');
  });

  it.each([
    [{ count: 3 }, ["0", "1", "2"]],
    [{ start: 5, end: 3 }, ["5", "4", "3"]],
    [{ count: "2", start: "1", format: "item-%02d" }, ["item-01", "item-02"]],
    [{ count: 0 }, []],
  ])("expands withSequence %j", (seq, items) => {
    expect(expandSequence(seq)).toEqual(items);
  });

  it("prints nested values like Go's fmt.Sprint", () => {
    expect(goSprint({ b: [1, 2], a: { c: true } })).toBe("map[a:map[c:true] b:[1 2]]");
  });

  it("runs loop steps in parallel in one group and marks an empty list Skipped", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: each, template: t, withItems: [1, 2, 3]}
      - {name: none, template: t, withParam: "[]"}
  - name: t
    container: {image: busybox}
`);
    expect(run.pods).toHaveLength(3);
    expect(run.byName("[0].none")).toMatchObject({
      type: "Skipped",
      phase: "Skipped",
      message: "Skipped, empty params",
    });
    expect(run.byName("[0]").children).toHaveLength(4);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("errors a withParam that is not a JSON list", () => {
    const run = runFake(`
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: each, template: t, withParam: "nope"}]]
  - name: t
    container: {image: busybox}
`);
    expect(run.byName("[0].each")).toMatchObject({
      phase: "Error",
      message: "withParam value could not be parsed as a JSON list: nope",
    });
  });
});
