import { afterEach, describe, expect, it } from "vitest";
import type { Trigger } from "../types.js";
import { runTrigger, runWithPolicy } from "./index.js";
import { cloudEvent, firing, type TestDeps, testDeps } from "./testing.js";

let deps: TestDeps;
afterEach(async () => {
  await deps?.store.close();
});

const events = { dep: cloudEvent({}) };

function createConfigMap(policy: Trigger["policy"], retryStrategy?: Trigger["retryStrategy"]): Trigger {
  return {
    template: {
      name: "t1",
      k8s: { source: { resource: { kind: "ConfigMap", metadata: { name: "watched" } } } },
    },
    policy,
    ...(retryStrategy ? { retryStrategy } : {}),
  };
}

const run = (trigger: Trigger) =>
  runWithPolicy(trigger, () => runTrigger(trigger.template, firing(events), deps), deps);

describe("policy.k8s", () => {
  it("waits with the policy's backoff until the object carries the labels", async () => {
    deps = testDeps();
    deps.sleep = async (ms) => {
      deps.sleeps.push(ms);
      if (deps.sleeps.length === 2) {
        const cm = await deps.store.get("ConfigMap", "argo", "watched");
        if (cm)
          await deps.store.update({
            ...cm,
            metadata: { ...cm.metadata, labels: { ...cm.metadata.labels, ready: "yes" } },
          });
      }
    };
    const trigger = createConfigMap({
      k8s: {
        labels: { ready: "yes" },
        backoff: { steps: 5, duration: "100ms", factor: 1, jitter: 0 },
        errorOnBackoffTimeout: true,
      },
    });
    const result = await run(trigger);
    expect(result.message).toBe("created ConfigMap argo/watched");
    expect(deps.sleeps).toEqual([100, 100]);
  });

  it("fails after the backoff with errorOnBackoffTimeout, and a retry does not create twice", async () => {
    deps = testDeps();
    const trigger = createConfigMap(
      {
        k8s: {
          labels: { ready: "yes" },
          backoff: { steps: 3, duration: "1s", jitter: 0 },
          errorOnBackoffTimeout: true,
        },
      },
      { steps: 2, duration: "5s", jitter: 0 },
    );
    await expect(run(trigger)).rejects.toThrow(
      /did not get the labels of policy.k8s.labels in time \(failed after 2 attempts\)/,
    );
    // two policy waits of 2 sleeps each, and one retry sleep between the attempts
    expect(deps.sleeps).toEqual([1000, 1000, 5000, 1000, 1000]);
    expect(await deps.store.list("ConfigMap", "argo")).toHaveLength(1);
  });

  it("counts a timeout as success without errorOnBackoffTimeout", async () => {
    deps = testDeps();
    const trigger = createConfigMap({
      k8s: { labels: { ready: "yes" }, backoff: { steps: 2, duration: "1s", jitter: 0 } },
    });
    const result = await run(trigger);
    expect(result.message).toBe("created ConfigMap argo/watched");
    expect(deps.lines.some((l) => /counted as success/.test(l.message))).toBe(true);
  });
});

describe("retryStrategy", () => {
  it("does not retry an Invalid trigger", async () => {
    deps = testDeps();
    const trigger: Trigger = {
      template: { name: "t1", argoWorkflow: { operation: "nope", source: { resource: {} } } },
      retryStrategy: { steps: 5, duration: "1s" },
    };
    await expect(run(trigger)).rejects.toMatchObject({ code: "Invalid" });
    expect(deps.sleeps).toEqual([]);
  });

  it("refuses a retryStrategy whose duration does not parse, naming the field", async () => {
    deps = testDeps();
    const trigger: Trigger = {
      template: { name: "t1", log: {} },
      retryStrategy: { steps: 2, duration: "soon" },
    };
    await expect(run(trigger)).rejects.toMatchObject({
      code: "Invalid",
      message: /^trigger "t1": retryStrategy: /,
    });
  });

  it("runs once without a retryStrategy", async () => {
    deps = testDeps();
    let runs = 0;
    const trigger: Trigger = { template: { name: "t1", log: {} } };
    await expect(
      runWithPolicy(
        trigger,
        async () => {
          runs++;
          throw new Error("boom");
        },
        deps,
      ),
    ).rejects.toThrow("boom");
    expect(runs).toBe(1);
  });
});
