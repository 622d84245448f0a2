import { afterEach, describe, expect, it } from "vitest";
import { commit, type Harness, harness, isoAt, lifecycleWorkflow } from "./testing.js";

let h: Harness;
afterEach(() => h?.controller.stop());

const SECOND = 1000;

async function started(ttlStrategy: Record<string, number>, names: string[] = ["wf"]): Promise<Harness> {
  h = harness();
  await h.controller.start();
  for (const name of names) await h.store.create(lifecycleWorkflow(name, { ttlStrategy }));
  return h;
}

describe("ttlStrategy", () => {
  it("deletes a workflow secondsAfterCompletion after it finished, and not before", async () => {
    await started({ secondsAfterCompletion: 60 });
    await commit(h, "wf", "Running");
    await h.advance(10 * SECOND);
    await commit(h, "wf", "Failed");
    await h.advance(59 * SECOND);
    expect(h.deleted).toEqual([]);
    await h.advance(1 * SECOND);
    expect(h.deleted).toEqual(["default/wf"]);
    expect(await h.store.get("Workflow", "default", "wf")).toBeUndefined();
  });

  it("applies secondsAfterSuccess to a Succeeded workflow only", async () => {
    await started({ secondsAfterSuccess: 10 }, ["ok", "bad"]);
    await commit(h, "ok", "Succeeded");
    await commit(h, "bad", "Failed");
    await h.advance(3600 * SECOND);
    expect(h.deleted).toEqual(["default/ok"]);
  });

  it("applies secondsAfterFailure to a Failed workflow, but not to Error or Succeeded (as Argo)", async () => {
    await started({ secondsAfterFailure: 10 }, ["failed", "errored", "ok"]);
    await commit(h, "failed", "Failed");
    await commit(h, "errored", "Error");
    await commit(h, "ok", "Succeeded");
    await h.advance(3600 * SECOND);
    expect(h.deleted).toEqual(["default/failed"]);
  });

  it("prefers the phase's own field to secondsAfterCompletion", async () => {
    await started({ secondsAfterSuccess: 10, secondsAfterFailure: 20, secondsAfterCompletion: 100 }, [
      "ok",
      "bad",
      "err",
    ]);
    await commit(h, "ok", "Succeeded");
    await commit(h, "bad", "Failed");
    await commit(h, "err", "Error");
    await h.advance(10 * SECOND);
    expect(h.deleted).toEqual(["default/ok"]);
    await h.advance(10 * SECOND);
    expect(h.deleted).toEqual(["default/ok", "default/bad"]);
    await h.advance(80 * SECOND);
    expect(h.deleted).toEqual(["default/ok", "default/bad", "default/err"]);
  });

  it("counts from status.finishedAt, not from when the controller saw the completion", async () => {
    await started({ secondsAfterCompletion: 60 });
    await commit(h, "wf", "Succeeded", [], { finishedAt: isoAt(h.clock.nowMs - 45 * SECOND) });
    await h.advance(14 * SECOND);
    expect(h.deleted).toEqual([]);
    await h.advance(1 * SECOND);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("keeps a workflow retried before its TTL, and deletes it after its next completion", async () => {
    await started({ secondsAfterCompletion: 30 });
    await commit(h, "wf", "Failed");
    await h.advance(10 * SECOND);
    await commit(h, "wf", "Running");
    await h.advance(60 * SECOND);
    expect(h.deleted).toEqual([]);
    await commit(h, "wf", "Succeeded");
    await h.advance(30 * SECOND);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("uses the ttlStrategy a workflowTemplateRef brought (status.storedWorkflowTemplateSpec)", async () => {
    h = harness();
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf", { workflowTemplateRef: { name: "tmpl" } }));
    await commit(h, "wf", "Succeeded", [], {
      storedWorkflowTemplateSpec: { ttlStrategy: { secondsAfterCompletion: 5 } },
    });
    await h.advance(5 * SECOND);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("never deletes a workflow without ttlStrategy", async () => {
    h = harness();
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf"));
    await commit(h, "wf", "Succeeded");
    await h.advance(365 * 86_400 * SECOND);
    expect(h.deleted).toEqual([]);
  });

  it("waits past what one setTimeout can hold (a 30-day TTL)", async () => {
    await started({ secondsAfterCompletion: 30 * 86_400 });
    await commit(h, "wf", "Succeeded");
    await h.advance(30 * 86_400 * SECOND - 1);
    expect(h.deleted).toEqual([]);
    await h.advance(1);
    expect(h.deleted).toEqual(["default/wf"]);
  });

  it("retries a deletion that failed, without giving up the workflow", async () => {
    h = harness({ retryDelayMs: 10 * SECOND });
    h.failDeletes = 1;
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf", { ttlStrategy: { secondsAfterCompletion: 1 } }));
    await commit(h, "wf", "Succeeded");
    await h.advance(1 * SECOND);
    expect(h.deleted).toEqual([]);
    expect(h.lines.some((l) => l.includes("not deleted (ttlStrategy): store busy"))).toBe(true);
    await h.advance(10 * SECOND);
    expect(h.deleted).toEqual(["default/wf"]);
  });
});
