import { describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { ApiError } from "./errors.js";
import { FieldFilter } from "./fields.js";
import { matchesLabels, parseLabelSelector } from "./label-selector.js";
import { compareWorkflows, parseListQuery } from "./list-options.js";

describe("label selectors", () => {
  const labels = { app: "web", tier: "front", n: "3" };
  it.each([
    ["", true],
    ["app=web", true],
    ["app==web", true],
    ["app!=web", false],
    ["app=web,tier=back", false],
    ["app in (web, api)", true],
    ["app notin (web)", false],
    ["missing notin (x)", true],
    ["tier", true],
    ["!tier", false],
    ["!missing", true],
    ["n>2", true],
    ["n<3", false],
    ["app in (web),tier", true],
    ["example.com/key=v", false],
  ])("%j → %s", (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it("rejects malformed selectors with InvalidArgument", () => {
    for (const bad of ["==", "a b", "n>x", "-bad=1"]) {
      expect(() => parseLabelSelector(bad), bad).toThrow(ApiError);
    }
  });
});

describe("fields filter", () => {
  const value = {
    metadata: { continue: "2" },
    items: [{ metadata: { name: "a", uid: "1" }, status: { phase: "Running", nodes: { x: {} } } }],
  };
  it("keeps listed paths through arrays", () => {
    expect(new FieldFilter("items.metadata.name,items.status.phase").apply(value)).toEqual({
      items: [{ metadata: { name: "a" }, status: { phase: "Running" } }],
    });
  });
  it("drops listed paths with a leading minus", () => {
    expect(new FieldFilter("-items.status.nodes,metadata").apply(value)).toEqual({
      items: [{ metadata: { name: "a", uid: "1" }, status: { phase: "Running" } }],
    });
  });
  it("tells whether a path will be dropped", () => {
    expect(new FieldFilter("").willExclude("status.nodes")).toBe(false);
    expect(new FieldFilter("-status.nodes").willExclude("status.nodes")).toBe(true);
    expect(new FieldFilter("metadata.name").willExclude("status.nodes")).toBe(true);
    expect(new FieldFilter("status").willExclude("status.nodes")).toBe(false);
  });
});

describe("list options", () => {
  it("reads Argo's field selectors and paging", () => {
    const q = parseListQuery(
      {
        "listOptions.fieldSelector":
          "metadata.namespace=argo,metadata.name!=x,spec.startedAt>2024-01-01T00:00:00Z",
        "listOptions.limit": "10",
        "listOptions.continue": "20",
      },
      "",
    );
    expect(q).toMatchObject({ namespace: "argo", name: "x", nameFilter: "NotEquals", limit: 10, offset: 20 });
    expect(q.minStartedAt).toBe(Date.parse("2024-01-01T00:00:00Z"));
  });
  it("refuses contradictions and bad tokens", () => {
    expect(() => parseListQuery({ "listOptions.fieldSelector": "metadata.namespace=b" }, "a")).toThrow(
      /contradict/,
    );
    expect(() => parseListQuery({ "listOptions.continue": "abc" }, "a")).toThrow(
      "listOptions.continue must be int",
    );
  });
  it("orders unfinished workflows first, newest first, then by finish time", () => {
    const wf = (name: string, created: string, finished?: string) =>
      ({
        metadata: { name, creationTimestamp: created },
        status: finished ? { finishedAt: finished } : {},
      }) as Workflow;
    const sorted = [
      wf("old-done", "2024-01-01T00:00:00Z", "2024-01-01T01:00:00Z"),
      wf("running-old", "2024-01-01T00:00:00Z"),
      wf("new-done", "2024-01-01T00:00:00Z", "2024-01-02T00:00:00Z"),
      wf("running-new", "2024-01-03T00:00:00Z"),
    ].sort(compareWorkflows);
    expect(sorted.map((w) => w.metadata.name)).toEqual([
      "running-new",
      "running-old",
      "new-done",
      "old-done",
    ]);
  });
});
