import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig } from "../config/config.js";
import { createHostExecutor } from "../executor/host/index.js";
import type { Executor } from "../executor/types.js";
import type { Workflow } from "../spec/types.js";
import { openSqliteStore } from "../store/index.js";
import type { Store } from "../store/types.js";
import { type Controller, startController } from "./controller.js";

let home: string;
let store: Store;
let executor: Executor;
let controller: Controller;

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "argosy-controller-"));
  store = openSqliteStore({ path: join(home, "argosy.db") });
  executor = createHostExecutor({ home });
  controller = await startController({ store, executor, config: loadConfig({ home, maxPods: 4 }, {}) });
});

afterEach(async () => {
  await controller.close();
  await executor.close();
  await store.close();
  await rm(home, { recursive: true, force: true });
});

const wf = (yaml: string): Workflow => parse(yaml) as Workflow;

async function until(ns: string, name: string, ok: (w: Workflow) => boolean): Promise<Workflow> {
  for (let i = 0; i < 1000; i++) {
    const w = await store.getWorkflow(ns, name);
    if (w && ok(w)) return w;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`workflow ${name} never reached the expected state`);
}
const done = (w: Workflow) => ["Succeeded", "Failed", "Error"].includes(w.status?.phase ?? "");
const nodeBy = (w: Workflow, display: string) =>
  Object.values(w.status?.nodes ?? {}).find((n) => n.displayName === display);

describe("Controller", () => {
  it("runs several submitted workflows at once to their end", async () => {
    const names: string[] = [];
    for (let i = 0; i < 5; i++) {
      const created = await controller.submit(
        wf(`
metadata: {generateName: many-}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: echo}
    - - {name: b, template: echo}
  - name: echo
    container: {image: busybox, command: [echo, hi]}
`),
      );
      names.push(created.metadata.name ?? "");
    }
    for (const n of names) expect((await until("default", n, done)).status?.phase).toBe("Succeeded");
    expect(controller.stats().reconciles).toBeGreaterThan(5);
  });

  it("rejects a workflow that fails lint, naming the field", async () => {
    await expect(
      controller.submit(
        wf(
          `metadata: {name: bad}\nspec: {entrypoint: nope, templates: [{name: a, container: {image: busybox}}]}`,
        ),
      ),
    ).rejects.toThrow(/nope/);
    expect(await store.get("Workflow", "default", "bad")).toBeUndefined();
  });

  it("retries a failed workflow without running what succeeded", async () => {
    const log = join(home, "ran.txt");
    const flag = join(home, "ok");
    const created = await controller.submit(
      wf(`
metadata: {name: flaky}
spec:
  entrypoint: main
  volumes: [{name: h, hostPath: {path: ${home}}}]
  templates:
  - name: main
    steps:
    - - {name: first, template: first}
    - - {name: second, template: second}
  - name: first
    container: {image: busybox, command: [sh, -c, "echo first >> /h/ran.txt"], volumeMounts: [{name: h, mountPath: /h}]}
  - name: second
    container: {image: busybox, command: [sh, -c, "echo second >> /h/ran.txt; test -e /h/ok"], volumeMounts: [{name: h, mountPath: /h}]}
`),
    );
    expect((await until("default", created.metadata.name ?? "", done)).status?.phase).toBe("Failed");
    await expect(controller.retry("default", "flaky", { nodeFieldSelector: "bad" })).rejects.toThrow(
      /key=value/,
    );
    await import("node:fs/promises").then((fs) => fs.writeFile(flag, ""));
    await controller.retry("default", "flaky");
    const final = await until("default", "flaky", done);
    expect(final.status?.phase, JSON.stringify(final.status, null, 1)).toBe("Succeeded");
    expect((await readFile(log, "utf8")).split("\n").filter(Boolean)).toEqual(["first", "second", "second"]);
    await expect(controller.retry("default", "flaky")).rejects.toThrow(/restartSuccessful/);
  });

  it("resumes a suspend node, and sets a node's output parameter", async () => {
    await controller.submit(
      wf(`
metadata: {name: approve}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: wait}
    - - {name: use, template: use, arguments: {parameters: [{name: v, value: "{{steps.wait.outputs.parameters.answer}}"}]}}
  - name: wait
    suspend: {}
    outputs: {parameters: [{name: answer, valueFrom: {supplied: {}}}]}
  - name: use
    inputs: {parameters: [{name: v}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.v}}"]}
`),
    );
    await until("default", "approve", (w) => nodeBy(w, "wait")?.phase === "Running");
    await expect(
      controller.setNode("default", "approve", {
        nodeFieldSelector: "displayName=use",
        outputParameters: { x: "1" },
      }),
    ).rejects.toThrow(/no node matches/);
    await controller.setNode("default", "approve", {
      nodeFieldSelector: "displayName=wait",
      outputParameters: { answer: "yes" },
    });
    await controller.resume("default", "approve");
    const final = await until("default", "approve", done);
    expect(final.status?.phase).toBe("Succeeded");
    expect(nodeBy(final, "use")?.inputs?.parameters?.[0]?.value).toBe("yes");
  });

  it("holds new pods while suspended, and stops on request", async () => {
    await controller.submit(
      wf(`
metadata: {name: held}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: a, template: nap}
    - - {name: b, template: nap}
  - name: nap
    container: {image: busybox, command: [sleep, "0.3"]}
`),
    );
    await until("default", "held", (w) => nodeBy(w, "a")?.phase === "Running");
    const suspended = await controller.suspend("default", "held");
    expect(suspended.spec.suspend).toBe(true);
    await until("default", "held", (w) => nodeBy(w, "a")?.phase === "Succeeded");
    await new Promise((r) => setTimeout(r, 300));
    const still = await store.getWorkflow("default", "held");
    expect(nodeBy(still as Workflow, "b")?.phase ?? "Pending").toBe("Pending");
    await controller.stop("default", "held", { message: "enough" });
    const final = await until("default", "held", done);
    expect(final.status?.phase).toBe("Failed");
    expect(final.spec.shutdown).toBe("Stop");
    await expect(controller.suspend("default", "held")).rejects.toThrow(/completed/);
  });

  it("terminates a running workflow, then deletes it with its pods and owned workflows", async () => {
    await controller.submit(
      wf(`
metadata: {name: long}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sleep, "30"]}
`),
    );
    const running = await until("default", "long", (w) => nodeBy(w, "long")?.phase === "Running");
    const podDir = join(home, "pods", controller.pods(running)[0]?.podName ?? "x");
    expect(existsSync(podDir)).toBe(true);
    await controller.terminate("default", "long");
    expect((await until("default", "long", done)).status?.phase).toBe("Failed");
    const owner = await store.get<Workflow>("Workflow", "default", "long");
    await store.create({
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "owned",
        namespace: "default",
        ownerReferences: [
          {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Workflow",
            name: "long",
            uid: owner?.metadata.uid ?? "",
          },
        ],
      },
    });
    expect(await controller.deleteWorkflow("default", "long")).toBe(true);
    expect(await store.get("Workflow", "default", "long")).toBeUndefined();
    expect(await store.get("ConfigMap", "default", "owned")).toBeUndefined();
    expect(existsSync(podDir)).toBe(false);
    expect(await controller.deleteWorkflow("default", "long")).toBe(false);
  });

  it("resubmits a workflow under a new name with Argo's label", async () => {
    await controller.submit(
      wf(`
metadata: {name: orig}
spec:
  entrypoint: main
  templates: [{name: main, container: {image: busybox, command: ["true"]}}]
`),
    );
    await until("default", "orig", done);
    const again = await controller.resubmit("default", "orig");
    expect(again.metadata.name).toMatch(/^orig-[a-z0-9]{5}$/);
    expect(again.metadata.labels?.["workflows.argoproj.io/resubmitted-from-workflow"]).toBe("orig");
    expect((await until("default", again.metadata.name ?? "", done)).status?.phase).toBe("Succeeded");
  });

  it("picks up unfinished workflows from the store when it starts", async () => {
    await controller.close();
    await store.create(
      wf(`
apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: waiting, namespace: default}
spec:
  entrypoint: main
  templates: [{name: main, container: {image: busybox, command: ["true"]}}]
`),
    );
    controller = await startController({ store, executor, config: loadConfig({ home }, {}) });
    expect((await until("default", "waiting", done)).status?.phase).toBe("Succeeded");
  });
});
