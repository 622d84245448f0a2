import { describe, expect, it } from "vitest";
import type { ContainerSetContainerSpec } from "../types.js";
import { containerSetProblem } from "./container-set.js";

const c = (name: string, ...dependencies: string[]): ContainerSetContainerSpec => ({
  name,
  image: "busybox",
  dependencies,
});

describe("containerSet checks", () => {
  const cases: [what: string, containers: ContainerSetContainerSpec[], problem: string | undefined][] = [
    ["a valid graph", [c("a"), c("b", "a"), c("main", "a", "b")], undefined],
    ["no containers", [], "containerSet has no containers"],
    ["a duplicate name", [c("a"), c("a")], "containerSet has two containers with one name"],
    ["an unknown dependency", [c("a", "x")], 'containerSet: container "a" depends on unknown container "x"'],
    ["a cycle", [c("a", "c"), c("b", "a"), c("c", "b")], "containerSet: dependency cycle a → c → b → a"],
    ["a self-dependency", [c("a", "a")], "containerSet: dependency cycle a → a"],
  ];
  it.each(cases)("reports %s", (_what, containers, problem) => {
    expect(containerSetProblem(containers)).toBe(problem);
  });
});
