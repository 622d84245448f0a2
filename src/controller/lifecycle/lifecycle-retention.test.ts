import { afterEach, describe, expect, it } from "vitest";
import type { RetentionPolicy } from "../../config/config.js";
import type { WorkflowPhase } from "../../spec/types.js";
import { commit, type Harness, harness, lifecycleWorkflow } from "./testing.js";

let h: Harness;
afterEach(() => h?.controller.stop());

async function retaining(retention: RetentionPolicy): Promise<Harness> {
  h = harness({ config: { retention } });
  await h.controller.start();
  return h;
}

/** Creates workflows one second apart (creationTimestamp order) and finishes each in its phase. */
async function finishAll(list: [name: string, phase: WorkflowPhase][]): Promise<void> {
  for (const [name] of list) {
    await h.store.create(lifecycleWorkflow(name));
    await h.advance(1000);
  }
  for (const [name, phase] of list) await commit(h, name, phase);
  await h.advance(1000);
}

const remaining = async () => (await h.store.list("Workflow")).map((w) => w.metadata.name).sort();

describe("retention", () => {
  it("deletes the oldest completed workflows beyond the count", async () => {
    await retaining({ completed: 2 });
    await finishAll([
      ["s1", "Succeeded"],
      ["s2", "Succeeded"],
      ["s3", "Succeeded"],
      ["s4", "Succeeded"],
    ]);
    expect(h.deleted.sort()).toEqual(["default/s1", "default/s2"]);
    expect(await remaining()).toEqual(["s3", "s4"]);
  });

  it("counts completed, failed and errored apart, and ignores running workflows", async () => {
    await retaining({ completed: 1, failed: 1, errored: 0 });
    await finishAll([
      ["f1", "Failed"],
      ["s1", "Succeeded"],
      ["e1", "Error"],
      ["f2", "Failed"],
      ["s2", "Succeeded"],
    ]);
    await h.store.create(lifecycleWorkflow("r1"));
    await commit(h, "r1", "Running");
    await h.advance(1000);
    expect(await remaining()).toEqual(["f2", "r1", "s2"]);
  });

  it("keeps every workflow of a phase whose count is not set", async () => {
    await retaining({ failed: 1 });
    await finishAll([
      ["s1", "Succeeded"],
      ["s2", "Succeeded"],
      ["f1", "Failed"],
      ["f2", "Failed"],
    ]);
    expect(await remaining()).toEqual(["f2", "s1", "s2"]);
  });

  it("orders by creationTimestamp, not by completion", async () => {
    await retaining({ completed: 1 });
    await h.store.create(lifecycleWorkflow("older"));
    await h.advance(1000);
    await h.store.create(lifecycleWorkflow("newer"));
    await h.advance(1000);
    await commit(h, "newer", "Succeeded");
    await h.advance(1000);
    await commit(h, "older", "Succeeded");
    await h.advance(1000);
    expect(await remaining()).toEqual(["newer"]);
  });

  it("stops counting a retried workflow until it is done again", async () => {
    await retaining({ failed: 1 });
    await finishAll([["f1", "Failed"]]);
    await commit(h, "f1", "Running");
    await h.advance(1000);
    await h.store.create(lifecycleWorkflow("f2"));
    await commit(h, "f2", "Failed");
    await h.advance(1000);
    expect(await remaining()).toEqual(["f1", "f2"]);
    await commit(h, "f1", "Failed");
    await h.advance(1000);
    expect(await remaining()).toEqual(["f2"]);
  });

  it("catches up at start on workflows finished while it was down", async () => {
    h = harness({ config: { retention: { completed: 1 } } });
    for (const name of ["a", "b", "c"]) {
      await h.store.create(lifecycleWorkflow(name));
      await commit(h, name, "Succeeded");
      await h.advance(1000);
    }
    expect(h.deleted).toEqual([]);
    await h.controller.start();
    expect(await remaining()).toEqual(["c"]);
  });
});
