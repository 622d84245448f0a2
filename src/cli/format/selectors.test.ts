import { describe, expect, it } from "vitest";
import type { NodeStatus } from "../../spec/types.js";
import {
  fieldSelectorString,
  matchesFields,
  matchesLabels,
  nodeFields,
  parseFieldSelector,
  parseLabelSelector,
} from "./selectors.js";

describe("field selectors", () => {
  it("parses =, == and != terms, with backslash escapes", () => {
    expect(parseFieldSelector("displayName=a,phase!=Failed,templateName==t")).toEqual([
      { field: "displayName", op: "=", value: "a" },
      { field: "phase", op: "!=", value: "Failed" },
      { field: "templateName", op: "=", value: "t" },
    ]);
    expect(parseFieldSelector("inputs.parameters.x.value=a\\,b\\=c")).toEqual([
      { field: "inputs.parameters.x.value", op: "=", value: "a,b=c" },
    ]);
    expect(parseFieldSelector("")).toEqual([]);
  });

  it("rejects a term without an operator", () => {
    expect(() => parseFieldSelector("phase")).toThrow(/invalid selector: 'phase'; can't understand 'phase'/);
  });

  it("normalises the selector as Argo sends it", () => {
    expect(fieldSelectorString(parseFieldSelector("a==b,c!=d,e=f\\,g"))).toBe("a=b,c!=d,e=f\\,g");
  });

  it("matches a node's fields, reading a missing field as empty", () => {
    const node = {
      id: "wf-1",
      name: "wf[0].approve",
      displayName: "approve",
      type: "Suspend",
      phase: "Running",
      templateName: "approve",
      inputs: { parameters: [{ name: "who", value: "me" }] },
    } as NodeStatus;
    const fields = nodeFields(node);
    expect(matchesFields(parseFieldSelector("displayName=approve"), fields)).toBe(true);
    expect(matchesFields(parseFieldSelector("inputs.parameters.who.value=me,phase=Running"), fields)).toBe(
      true,
    );
    expect(matchesFields(parseFieldSelector("phase!=Running"), fields)).toBe(false);
    expect(matchesFields(parseFieldSelector("templateRef.name="), fields)).toBe(true);
  });
});

describe("label selectors", () => {
  const labels = { app: "web", env: "prod", tier: "3" };

  it.each([
    ["app=web", true],
    ["app==web,env=prod", true],
    ["app!=web", false],
    ["missing!=x", true],
    ["env in (dev, prod)", true],
    ["env notin (prod)", false],
    ["app", true],
    ["!app", false],
    ["!missing", true],
    ["tier>2", true],
    ["tier<2", false],
    ["", true],
  ])("%s → %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it("rejects a malformed requirement", () => {
    expect(() => parseLabelSelector("!!x")).toThrow(/unable to parse requirement/);
  });
});
