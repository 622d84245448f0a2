/**
 * The argoWorkflow trigger against the real controller (host executor, no sandbox): the submitted
 * workflow runs to completion, the k8s policy sees the controller's completion label, and a
 * repeated firing does not start a second workflow.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../config/config.js";
import { type Controller, startController } from "../../controller/controller.js";
import { createHostExecutor } from "../../executor/host/index.js";
import type { Executor } from "../../executor/types.js";
import type { Workflow } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import type { Trigger } from "../types.js";
import { runTrigger, runWithPolicy, type TriggerDeps } from "./index.js";
import { cloudEvent, firing } from "./testing.js";

describe("argoWorkflow trigger with the real controller", () => {
  let home: string;
  let store: Store;
  let executor: Executor;
  let controller: Controller;
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "argosy-triggers-"));
    store = openSqliteStore({ path: join(home, "argosy.db") });
    executor = createHostExecutor({ home, sandbox: "none" });
    controller = await startController({
      store,
      executor,
      config: loadConfig({ home, sandbox: "none", maxPods: 2 }, {}),
    });
  });
  afterAll(async () => {
    await controller?.close();
    await executor?.close();
    await store?.close();
    await rm(home, { recursive: true, force: true });
  });

  it("runs the submitted workflow once, waiting for it with the k8s policy", async () => {
    const deps: TriggerDeps = {
      store,
      workflows: controller,
      log: () => undefined,
      secret: async () => "",
      sleep: (ms) => new Promise((r) => setTimeout(r, Math.min(ms, 50))),
    };
    const trigger: Trigger = {
      template: {
        name: "run-it",
        argoWorkflow: {
          source: {
            inline: `
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {generateName: from-event-}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: nobody}]}
  templates:
  - name: main
    inputs: {parameters: [{name: who}]}
    container: {image: busybox, command: [echo, "hello {{inputs.parameters.who}}"]}
`,
          },
          parameters: [
            {
              src: { dependencyName: "hook", dataKey: "body.who" },
              dest: "spec.arguments.parameters.0.value",
            },
          ],
        },
      },
      policy: {
        k8s: {
          labels: { "workflows.argoproj.io/completed": "true" },
          backoff: { steps: 600, duration: "50ms", factor: 1, jitter: 0 },
          errorOnBackoffTimeout: true,
        },
      },
    };
    const f = firing({ hook: cloudEvent({ body: { who: "argosy" } }) });
    const result = await runWithPolicy(trigger, () => runTrigger(trigger.template, f, deps), deps);
    const wf = await store.getWorkflow("argo", result.object?.name ?? "");
    expect(wf?.status?.phase).toBe("Succeeded");
    expect(wf?.spec.arguments?.parameters?.[0]?.value).toBe("argosy");
    expect(wf?.metadata.labels?.["events.argoproj.io/sensor"]).toBe("webhook-sensor");
    const again = await runTrigger(trigger.template, f, deps);
    expect(again).toMatchObject({ alreadyDone: true, object: result.object });
    expect(await store.list<Workflow>("Workflow", "argo")).toHaveLength(1);
  });
});
