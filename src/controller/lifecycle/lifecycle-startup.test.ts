import { afterEach, describe, expect, it } from "vitest";
import { podNameFor } from "../../engine/index.js";
import type { Workflow } from "../../spec/types.js";
import { commit, type Harness, harness, lifecycleWorkflow, podNode } from "./testing.js";

let h: Harness;
afterEach(() => h?.controller.stop());

const STATUS = "workflows.argoproj.io/workflow-archiving-status";

describe("start-up scan and stop", () => {
  it("deletes at start a workflow whose TTL passed while the controller was down", async () => {
    h = harness();
    await h.store.create(lifecycleWorkflow("wf", { ttlStrategy: { secondsAfterCompletion: 60 } }));
    await commit(h, "wf", "Succeeded");
    await h.advance(120_000);
    await h.controller.start();
    await h.advance(0);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("re-creates a TTL timer from the stored finishedAt", async () => {
    h = harness();
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf", { ttlStrategy: { secondsAfterCompletion: 60 } }));
    await commit(h, "wf", "Succeeded");
    await h.advance(20_000);
    h.restart();
    await h.advance(20_000);
    await h.controller.start();
    await h.advance(19_999);
    expect(h.deleted).toEqual([]);
    await h.advance(1);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("archives at start a done workflow not yet archived, and not one already labelled Archived", async () => {
    h = harness({ config: { archive: true } });
    const todo = await h.store.create(lifecycleWorkflow("todo"));
    await commit(h, "todo", "Succeeded");
    await h.store.create(lifecycleWorkflow("done", {}, { [STATUS]: "Archived" }));
    await commit(h, "done", "Succeeded");
    await h.store.create(lifecycleWorkflow("running"));
    await commit(h, "running", "Running");
    await h.controller.start();
    expect(h.store.calls.archiveWorkflow).toBe(1);
    expect((await h.store.listArchivedWorkflows()).map((w) => w.metadata.uid)).toEqual([todo.metadata.uid]);
    expect((await h.store.get<Workflow>("Workflow", "default", "todo"))?.metadata.labels?.[STATUS]).toBe(
      "Archived",
    );
  });

  it("collects at start the pods of a workflow that finished while it was down", async () => {
    h = harness();
    await h.store.create(lifecycleWorkflow("wf", { podGC: { strategy: "OnWorkflowCompletion" } }));
    await commit(h, "wf", "Succeeded", [podNode("wf", "a", "a", "Succeeded")]);
    await h.controller.start();
    await h.advance(5000);
    expect(h.removed).toEqual([podNameFor("wf", "wf.a", "a")]);
  });

  it("forgets a deleted workflow: its pending TTL and pod removals do not fire", async () => {
    h = harness();
    await h.controller.start();
    await h.store.create(
      lifecycleWorkflow("wf", {
        ttlStrategy: { secondsAfterCompletion: 60 },
        podGC: { strategy: "OnWorkflowCompletion", deleteDelayDuration: "30s" },
      }),
    );
    await commit(h, "wf", "Succeeded", [podNode("wf", "a", "a", "Succeeded")]);
    await h.advance(1000);
    await h.store.delete("Workflow", "default", "wf");
    await h.advance(120_000);
    expect(h.deleted).toEqual([]);
    expect(h.removed).toEqual([]);
    expect(h.clock.pending).toBe(0);
  });

  it("does nothing more once stopped", async () => {
    h = harness({ config: { archive: true, archiveTTL: "1d" } });
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf", { ttlStrategy: { secondsAfterCompletion: 10 } }));
    await commit(h, "wf", "Succeeded");
    await h.advance(1000);
    h.controller.stop();
    expect(h.clock.pending).toBe(0);
    await h.store.create(lifecycleWorkflow("later"));
    await commit(h, "later", "Succeeded");
    await h.advance(3600_000);
    expect(h.deleted).toEqual([]);
    expect(h.store.calls.archiveWorkflow).toBe(1);
  });
});
