import { describe, expect, it } from "vitest";
import type { Workflow } from "../../types.js";
import { applyEvents, labelSelectorOf, noFilters } from "./list-model.js";

const wf = (name: string, created: string, finished?: string): Workflow => ({
  apiVersion: "argoproj.io/v1alpha1",
  kind: "Workflow",
  metadata: { name, namespace: "default", creationTimestamp: created },
  spec: {},
  status: finished ? { phase: "Succeeded", finishedAt: finished } : { phase: "Running" },
});

const names = (ws: Workflow[]) => ws.map((w) => w.metadata.name);
const opts = { firstPage: true, limit: 2, filters: noFilters };

describe("applyEvents", () => {
  it("replaces, removes and inserts in Argo's order", () => {
    const items = [wf("b", "2024-01-01T00:00:02Z"), wf("a", "2024-01-01T00:00:01Z", "2024-01-01T00:01:00Z")];
    const next = applyEvents(
      items,
      [
        { type: "ADDED", object: wf("c", "2024-01-01T00:00:03Z") },
        { type: "MODIFIED", object: wf("b", "2024-01-01T00:00:02Z", "2024-01-01T00:02:00Z") },
        { type: "DELETED", object: wf("a", "2024-01-01T00:00:01Z") },
      ],
      opts,
    );
    expect(names(next)).toEqual(["c", "b"]);
  });

  it("does not add older workflows to a full first page, nor anything to later pages", () => {
    const items = [wf("b", "2024-01-01T00:00:02Z"), wf("a", "2024-01-01T00:00:01Z")];
    const old = { type: "ADDED" as const, object: wf("z", "2023-01-01T00:00:00Z") };
    expect(applyEvents(items, [old], opts)).toBe(items);
    expect(
      applyEvents(items, [{ type: "ADDED", object: wf("n", "2025-01-01T00:00:00Z") }], {
        ...opts,
        firstPage: false,
      }),
    ).toBe(items);
  });

  it("selects phases with a set-based label requirement", () => {
    expect(labelSelectorOf({ ...noFilters, labels: "a=b", phases: ["Running", "Failed"] })).toBe(
      "a=b,workflows.argoproj.io/phase in (Running,Failed)",
    );
  });
});
