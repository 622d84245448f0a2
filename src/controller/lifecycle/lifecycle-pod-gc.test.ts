import { afterEach, describe, expect, it } from "vitest";
import { podNameFor } from "../../engine/index.js";
import type { NodeStatus } from "../../spec/types.js";
import { commit, type Harness, harness, lifecycleWorkflow, podNode } from "./testing.js";

let h: Harness;
afterEach(() => h?.controller.stop());

const pod = (step: string, template = step) => podNameFor("wf", `wf.${step}`, template);

async function running(
  podGC?: Record<string, unknown>,
  spec: Record<string, unknown> = {},
): Promise<Harness> {
  h = harness();
  await h.controller.start();
  await h.store.create(lifecycleWorkflow("wf", { ...(podGC ? { podGC } : {}), ...spec }));
  return h;
}

describe("podGC", () => {
  it("keeps every pod without podGC (Argo's default)", async () => {
    await running();
    await commit(h, "wf", "Succeeded", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Failed"),
    ]);
    await h.advance(3600_000);
    expect(h.removed).toEqual([]);
  });

  it("OnPodCompletion removes each pod once it finished, after the default 5 s, while the workflow runs", async () => {
    await running({ strategy: "OnPodCompletion" });
    await commit(h, "wf", "Running", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Running"),
    ]);
    await h.advance(4999);
    expect(h.removed).toEqual([]);
    await h.advance(1);
    expect(h.removed).toEqual([pod("a")]);
    await commit(h, "wf", "Running", [podNode("wf", "b", "b", "Failed")]);
    await h.advance(5000);
    expect(h.removed).toEqual([pod("a"), pod("b")]);
    await commit(h, "wf", "Failed");
    await h.advance(60_000);
    expect(h.removed).toEqual([pod("a"), pod("b")]);
  });

  it("OnPodSuccess removes succeeded pods only, also after the workflow completes", async () => {
    await running({ strategy: "OnPodSuccess" });
    await commit(h, "wf", "Running", [
      podNode("wf", "a", "a", "Failed"),
      podNode("wf", "b", "b", "Succeeded"),
    ]);
    await h.advance(5000);
    expect(h.removed).toEqual([pod("b")]);
    await commit(h, "wf", "Failed");
    await h.advance(60_000);
    expect(h.removed).toEqual([pod("b")]);
  });

  it("OnWorkflowCompletion waits for the workflow, then removes every finished pod whatever the phase", async () => {
    await running({ strategy: "OnWorkflowCompletion" });
    await commit(h, "wf", "Running", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Failed"),
    ]);
    await h.advance(3600_000);
    expect(h.removed).toEqual([]);
    await commit(h, "wf", "Failed");
    await h.advance(5000);
    expect(h.removed.sort()).toEqual([pod("a"), pod("b")].sort());
  });

  it("OnWorkflowSuccess removes the pods of a Succeeded workflow", async () => {
    await running({ strategy: "OnWorkflowSuccess" });
    await commit(h, "wf", "Running", [podNode("wf", "a", "a", "Succeeded")]);
    await h.advance(60_000);
    expect(h.removed).toEqual([]);
    await commit(h, "wf", "Succeeded", [podNode("wf", "b", "b", "Succeeded")]);
    await h.advance(5000);
    expect(h.removed.sort()).toEqual([pod("a"), pod("b")].sort());
  });

  it("OnWorkflowSuccess keeps the pods of a Failed workflow", async () => {
    await running({ strategy: "OnWorkflowSuccess" });
    await commit(h, "wf", "Failed", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Failed"),
    ]);
    await h.advance(3600_000);
    expect(h.removed).toEqual([]);
  });

  it("labelSelector matchLabels removes only pods whose template labels match", async () => {
    await running({ strategy: "OnWorkflowCompletion", labelSelector: { matchLabels: { keep: "no" } } });
    await commit(h, "wf", "Succeeded", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Succeeded"),
    ]);
    await h.advance(5000);
    expect(h.removed).toEqual([pod("a")]);
  });

  it("labelSelector matchExpressions (DoesNotExist) and podMetadata labels count too", async () => {
    await running(
      {
        strategy: "OnPodCompletion",
        labelSelector: {
          matchLabels: { team: "x" },
          matchExpressions: [{ key: "keep", operator: "DoesNotExist" }],
        },
      },
      { podMetadata: { labels: { team: "x" } } },
    );
    await commit(h, "wf", "Running", [
      podNode("wf", "a", "a", "Succeeded"),
      podNode("wf", "b", "b", "Succeeded"),
    ]);
    await h.advance(5000);
    expect(h.removed).toEqual([pod("b")]);
  });

  it("keeps the pods and says why when the labelSelector is not valid", async () => {
    await running({
      strategy: "OnPodCompletion",
      labelSelector: { matchExpressions: [{ key: "keep", operator: "Near" }] },
    });
    await commit(h, "wf", "Running", [podNode("wf", "a", "a", "Succeeded")]);
    await commit(h, "wf", "Succeeded", [podNode("wf", "b", "b", "Succeeded")]);
    await h.advance(60_000);
    expect(h.removed).toEqual([]);
    expect(h.lines.filter((l) => l.includes('unknown operator "Near"')).length).toBe(1);
  });

  it.each([
    ["30s", 30_000],
    ["10", 10_000],
    ["1m30s", 90_000],
    ["0", 0],
  ])("waits deleteDelayDuration %s", async (delay, ms) => {
    await running({ strategy: "OnPodCompletion", deleteDelayDuration: delay });
    await commit(h, "wf", "Running", [podNode("wf", "a", "a", "Succeeded")]);
    if (ms > 0) {
      await h.advance(ms - 1);
      expect(h.removed).toEqual([]);
    }
    await h.advance(ms > 0 ? 1 : 0);
    expect(h.removed).toEqual([pod("a")]);
  });

  it("names the pod of a templateRef node after the referenced template and reads its stored labels", async () => {
    await running({ strategy: "OnWorkflowCompletion", labelSelector: { matchLabels: { lib: "yes" } } });
    const ref: NodeStatus = {
      ...podNode("wf", "r", "r", "Succeeded"),
      templateName: undefined,
      templateRef: { name: "lib", template: "work" },
    };
    await commit(h, "wf", "Succeeded", [ref, podNode("wf", "b", "b", "Succeeded")], {
      storedTemplates: { "namespaced/lib/work": { name: "work", metadata: { labels: { lib: "yes" } } } },
    });
    await h.advance(5000);
    expect(h.removed).toEqual([podNameFor("wf", "wf.r", "work")]);
    expect(h.removed[0]).toMatch(/^wf-work-\d+$/);
  });

  it("ignores nodes that are not pods", async () => {
    await running({ strategy: "OnWorkflowCompletion" });
    const steps: NodeStatus = { id: "wf", name: "wf", displayName: "wf", type: "Steps", phase: "Succeeded" };
    await commit(h, "wf", "Succeeded", [steps, podNode("wf", "a", "a", "Succeeded")]);
    await h.advance(5000);
    expect(h.removed).toEqual([pod("a")]);
  });

  it("reads a busy running workflow at most once per 500 ms and removes each pod once", async () => {
    await running({ strategy: "OnPodCompletion", deleteDelayDuration: "0" });
    const readsBefore = h.store.calls.getWorkflow ?? 0;
    // 40 commits, one every 25 ms (1 s in all), each finishing one more pod.
    for (let i = 0; i < 40; i++) {
      await commit(h, "wf", "Running", [podNode("wf", `s${i}`, "b", "Succeeded")]);
      await h.advance(25);
    }
    await h.advance(1000);
    const reads = (h.store.calls.getWorkflow ?? 0) - readsBefore;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThanOrEqual(3);
    expect(h.removed.length).toBe(40);
    expect(new Set(h.removed).size).toBe(40);
    await commit(h, "wf", "Succeeded");
    await h.advance(60_000);
    expect(h.removed.length).toBe(40);
  });

  it("handles a 10,000-pod workflow with a few reads, each pod removed once", async () => {
    await running({ strategy: "OnPodCompletion", deleteDelayDuration: "0" });
    const readsBefore = h.store.calls.getWorkflow ?? 0;
    for (let batch = 0; batch < 10; batch++) {
      const nodes = Array.from({ length: 1000 }, (_, i) =>
        podNode("wf", `p${batch * 1000 + i}`, "b", "Succeeded"),
      );
      await commit(h, "wf", "Running", nodes);
      await h.advance(100);
    }
    await commit(h, "wf", "Succeeded");
    await h.advance(1000);
    expect(h.removed.length).toBe(10_000);
    expect(new Set(h.removed).size).toBe(10_000);
    expect((h.store.calls.getWorkflow ?? 0) - readsBefore).toBeLessThanOrEqual(4);
  });

  it("does not remove pods queued at a completion once the workflow was retried", async () => {
    await running({ strategy: "OnWorkflowCompletion", deleteDelayDuration: "60s" });
    await commit(h, "wf", "Failed", [podNode("wf", "a", "a", "Failed")]);
    await h.advance(1000);
    await commit(h, "wf", "Running", [podNode("wf", "a", "a", "Running")]);
    await h.advance(120_000);
    expect(h.removed).toEqual([]);
  });
});
