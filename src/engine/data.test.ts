import { describe, expect, it } from "vitest";
import { reconcile } from "./reconcile.js";
import { workflowFromYaml } from "./testing.js";

const yaml = `
spec:
  entrypoint: list
  templates:
  - name: list
    data:
      source: {artifactPaths: {name: logs, s3: {bucket: b}}}
      transformation:
      - expression: 'filter(data, {# endsWith "main.log"})'
      - expression: 'map(data, {# + ".done"})'
`;

describe("data templates", () => {
  it("asks for the listing, then transforms the keys into outputs.result", () => {
    const first = reconcile({ workflow: workflowFromYaml(yaml), observations: [], nowMs: 0 });
    expect(first.actions).toEqual([
      { type: "listArtifacts", nodeId: "wf", location: { s3: { bucket: "b" } } },
    ]);
    expect(first.workflow.status?.nodes?.wf).toMatchObject({ type: "Pod", phase: "Pending" });
    const keys = ["a/main.log", "a/other.txt", "b/main.log"];
    const second = reconcile({
      workflow: first.workflow,
      observations: [{ type: "artifactsListed", nodeId: "wf", keys }],
      nowMs: 1000,
    });
    expect(second.workflow.status?.nodes?.wf).toMatchObject({
      phase: "Succeeded",
      outputs: { result: '["a/main.log.done","b/main.log.done"]' },
    });
    expect(second.workflow.status?.phase).toBe("Succeeded");
  });

  it("errors the node when the listing fails", () => {
    const first = reconcile({ workflow: workflowFromYaml(yaml), observations: [], nowMs: 0 });
    const second = reconcile({
      workflow: first.workflow,
      observations: [{ type: "artifactsListed", nodeId: "wf", error: "bucket b not found" }],
      nowMs: 1000,
    });
    expect(second.workflow.status?.nodes?.wf).toMatchObject({
      phase: "Error",
      message: "bucket b not found",
    });
  });
});
