import { describe, expect, it } from "vitest";
import { buildChildWorkflow, childWorkflowName, controllingCronUid } from "./child.js";
import { cronWorkflow } from "./testing.js";

describe("the child workflow", () => {
  const scheduled = Date.parse("2024-05-06T07:08:00Z");

  it("is named <cron>-<unix seconds> and carries Argo's label, annotation and owner", () => {
    const cron = cronWorkflow("nightly", { schedules: ["8 7 * * *"] }, "team");
    cron.metadata.uid = "uid-1";
    const wf = buildChildWorkflow(cron, scheduled);
    expect(childWorkflowName("nightly", scheduled + 999)).toBe("nightly-1714979280");
    expect(wf).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        name: "nightly-1714979280",
        namespace: "team",
        labels: { "workflows.argoproj.io/cron-workflow": "nightly" },
        annotations: { "workflows.argoproj.io/scheduled-time": "2024-05-06T07:08:00Z" },
        ownerReferences: [
          {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "CronWorkflow",
            name: "nightly",
            uid: "uid-1",
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
    });
    expect(controllingCronUid(wf)).toBe("uid-1");
  });

  it("copies workflowMetadata labels and annotations, the creator labels and the instance id", () => {
    const cron = cronWorkflow("c", {
      schedules: ["@daily"],
      workflowMetadata: { labels: { team: "a" }, annotations: { note: "hi" } },
    });
    cron.metadata.labels = {
      "workflows.argoproj.io/creator": "alice",
      "workflows.argoproj.io/controller-instanceid": "i1",
      unrelated: "x",
    };
    const wf = buildChildWorkflow(cron, scheduled);
    expect(wf.metadata.labels).toEqual({
      "workflows.argoproj.io/creator": "alice",
      "workflows.argoproj.io/controller-instanceid": "i1",
      "workflows.argoproj.io/cron-workflow": "c",
      team: "a",
    });
    expect(wf.metadata.annotations).toEqual({
      "workflows.argoproj.io/scheduled-time": "2024-05-06T07:08:00Z",
      note: "hi",
    });
  });

  it("copies the workflowSpec, so changing the child leaves the cron alone", () => {
    const cron = cronWorkflow("c", { schedules: ["@daily"] });
    const wf = buildChildWorkflow(cron, scheduled);
    wf.spec.entrypoint = "changed";
    expect((cron.spec as { workflowSpec: { entrypoint: string } }).workflowSpec.entrypoint).toBe("main");
  });
});
