import { describe, expect, it } from "vitest";
import { applySubmitOptions, parseFrom, workflowFrom } from "./prepare.js";

describe("workflowFrom", () => {
  it("makes a cron's workflow as argo submit --from cronwf does", () => {
    const wf = workflowFrom(
      {
        kind: "CronWorkflow",
        metadata: { name: "nightly", uid: "u-1" },
        spec: {
          workflowSpec: { entrypoint: "main", templates: [] },
          workflowMetadata: { labels: { team: "a" }, annotations: { note: "x" } },
        },
      },
      "ns",
    );
    expect(wf.metadata.generateName).toBe("nightly-");
    expect(wf.metadata.labels).toEqual({ "workflows.argoproj.io/cron-workflow": "nightly", team: "a" });
    expect(wf.metadata.annotations?.["workflows.argoproj.io/scheduled-time"]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
    expect(wf.metadata.annotations?.note).toBe("x");
    expect(wf.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "CronWorkflow",
      name: "nightly",
      uid: "u-1",
    });
    expect(wf.spec.entrypoint).toBe("main");
  });

  it("refers to a template by name and applies parameters", () => {
    const wf = applySubmitOptions(
      workflowFrom({ kind: "WorkflowTemplate", metadata: { name: "t" }, spec: {} }, "ns"),
      { parameters: ["a=1"] },
    );
    expect(wf.spec.workflowTemplateRef).toEqual({ name: "t" });
    expect(wf.spec.arguments?.parameters).toEqual([{ name: "a", value: "1" }]);
    expect(wf.metadata.name).toMatch(/^t-[a-z0-9]{5}$/);
    expect(() => parseFrom("pods/x")).toThrow(/--from must be/);
  });
});
