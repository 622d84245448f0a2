import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import type { StoredObject } from "../store/types.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const template = manifest<StoredObject>(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: greet}
spec:
  entrypoint: main
  arguments: {parameters: [{name: who, value: world}]}
  templates:
  - name: main
    inputs: {parameters: [{name: who}]}
    container: {image: busybox, command: [echo, "hello {{inputs.parameters.who}}"]}
`);

const cron = manifest<StoredObject>(`
apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata: {name: nightly}
spec:
  schedules: ["0 3 * * *"]
  workflowSpec:
    entrypoint: main
    templates:
    - name: main
      container: {image: busybox, command: [echo, night]}
`);

type Json = Record<string, unknown> & { metadata?: { name?: string; resourceVersion?: string } };
const json = async (res: Response) => (await res.json()) as Json;

describe("workflow templates", () => {
  it("creates, lists, gets, updates and deletes", async () => {
    const created = await t.call("/api/v1/workflow-templates/argo", { method: "POST", json: { template } });
    expect(created.status).toBe(200);
    const body = await json(created);
    expect(body.metadata?.name).toBe("greet");
    expect(body.metadata).toMatchObject({ namespace: "argo" });

    const list = await json(await t.call("/api/v1/workflow-templates/argo"));
    expect((list.items as Json[]).map((i) => i.metadata?.name)).toEqual(["greet"]);
    expect((await json(await t.call("/api/v1/workflow-templates/argo?namePattern=zzz"))).items).toBeNull();
    const all = await json(await t.call("/api/v1/workflow-templates/"));
    expect((all.items as Json[]).map((i) => i.metadata?.name)).toContain("greet");

    const got = await json(await t.call("/api/v1/workflow-templates/argo/greet"));
    const changed = {
      ...got,
      spec: { ...(got.spec as object), arguments: { parameters: [{ name: "who", value: "moon" }] } },
    };
    const updated = await t.call("/api/v1/workflow-templates/argo/greet", {
      method: "PUT",
      json: { template: changed },
    });
    expect(updated.status).toBe(200);
    const stale = await t.call("/api/v1/workflow-templates/argo/greet", {
      method: "PUT",
      json: { template: changed },
    });
    expect(stale.status).toBe(409);

    const dup = await t.call("/api/v1/workflow-templates/argo", { method: "POST", json: { template } });
    expect(dup.status).toBe(409);
    expect(await dup.json()).toEqual({
      code: 6,
      message: 'workflowtemplates.argoproj.io "greet" already exists',
    });
  });

  it("rejects a bad manifest with the field and message", async () => {
    const bad = structuredClone(template) as Json;
    bad.metadata = { name: "broken" };
    (bad.spec as { entrypoint: string }).entrypoint = "missing";
    const res = await t.call("/api/v1/workflow-templates/argo", { method: "POST", json: { template: bad } });
    expect(res.status).toBe(400);
    const err = (await res.json()) as { code: number; message: string };
    expect(err.code).toBe(3);
    expect(err.message).toMatch(/entrypoint/);
    expect(err.message).toMatch(/missing/);
    expect(await t.store.get("WorkflowTemplate", "argo", "broken")).toBeUndefined();

    const lint = await t.call("/api/v1/workflow-templates/argo/lint", {
      method: "POST",
      json: { template: bad },
    });
    expect(lint.status).toBe(400);
    expect((await t.call("/api/v1/workflow-templates/argo", { method: "POST", json: {} })).status).toBe(400);
  });

  it("submits a workflow from the template with parameters and labels", async () => {
    const res = await t.call("/api/v1/workflows/argo/submit", {
      method: "POST",
      json: {
        resourceKind: "WorkflowTemplate",
        resourceName: "greet",
        submitOptions: { parameters: ["who=mars"], labels: "from=api" },
      },
    });
    expect(res.status).toBe(200);
    const wf = (await res.json()) as Workflow;
    expect(wf.metadata.name).toMatch(/^greet-/);
    expect(wf.metadata.labels).toMatchObject({
      from: "api",
      "workflows.argoproj.io/workflow-template": "greet",
    });
    const done = await waitForWorkflow(t.store, "argo", wf.metadata.name ?? "", isDone);
    expect(done.status?.phase).toBe("Succeeded");
    const main = Object.values(done.status?.nodes ?? {}).find((n) => n.type === "Pod");
    expect(main?.inputs?.parameters?.[0]?.value).toBe("mars");

    const unknown = await t.call("/api/v1/workflows/argo/submit", {
      method: "POST",
      json: { resourceKind: "Pod", resourceName: "x" },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toEqual({
      code: 3,
      message: "Resource kind 'Pod' is not supported for submitting",
    });
    const missing = await t.call("/api/v1/workflows/argo/submit", {
      method: "POST",
      json: { resourceKind: "workflowtemplate", resourceName: "nope" },
    });
    expect(missing.status).toBe(404);
  });

  it("deletes, then answers 404", async () => {
    expect((await t.call("/api/v1/workflow-templates/argo/greet", { method: "DELETE" })).status).toBe(200);
    const res = await t.call("/api/v1/workflow-templates/argo/greet");
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ code: 5, message: 'workflowtemplates.argoproj.io "greet" not found' });
  });
});

describe("cluster workflow templates", () => {
  it("are stored without a namespace", async () => {
    const cluster = { ...template, kind: "ClusterWorkflowTemplate", metadata: { name: "everywhere" } };
    expect(
      (await t.call("/api/v1/cluster-workflow-templates", { method: "POST", json: { template: cluster } }))
        .status,
    ).toBe(200);
    expect(await t.store.get("ClusterWorkflowTemplate", "", "everywhere")).toBeDefined();
    const list = await json(await t.call("/api/v1/cluster-workflow-templates"));
    expect((list.items as Json[]).map((i) => i.metadata?.name)).toEqual(["everywhere"]);
    expect(
      (
        await t.call("/api/v1/cluster-workflow-templates/lint", {
          method: "POST",
          json: { template: cluster },
        })
      ).status,
    ).toBe(200);
    expect((await t.call("/api/v1/cluster-workflow-templates/everywhere", { method: "DELETE" })).status).toBe(
      200,
    );
  });
});

describe("cron workflows", () => {
  it("rejects a schedule the cron controller cannot read", async () => {
    const bad = {
      ...cron,
      metadata: { name: "bad-schedule" },
      spec: { ...(cron.spec as object), schedules: ["61 * * * *"] },
    };
    const res = await t.call("/api/v1/cron-workflows/argo", { method: "POST", json: { cronWorkflow: bad } });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/61/);
    expect((await t.call("/api/v1/cron-workflows/argo/bad-schedule")).status).toBe(404);
  });

  it("creates, suspends, resumes, updates and deletes", async () => {
    const created = await t.call("/api/v1/cron-workflows/argo", {
      method: "POST",
      json: { cronWorkflow: cron },
    });
    expect(created.status).toBe(200);
    const suspended = await json(
      await t.call("/api/v1/cron-workflows/argo/nightly/suspend", { method: "PUT", json: {} }),
    );
    expect((suspended.spec as { suspend: boolean }).suspend).toBe(true);
    const resumed = await json(
      await t.call("/api/v1/cron-workflows/argo/nightly/resume", { method: "PUT", json: {} }),
    );
    expect((resumed.spec as { suspend: boolean }).suspend).toBe(false);
    const list = await json(await t.call("/api/v1/cron-workflows/argo?listOptions.labelSelector=none"));
    expect(list.items).toBeNull();

    const bad = structuredClone(resumed);
    (bad.spec as { schedules: string[] }).schedules = ["not a schedule"];
    const rejected = await t.call("/api/v1/cron-workflows/argo/nightly", {
      method: "PUT",
      json: { cronWorkflow: bad },
    });
    expect(rejected.status).toBe(400);

    const submitted = await t.call("/api/v1/workflows/argo/submit", {
      method: "POST",
      json: { resourceKind: "cronwf", resourceName: "nightly", submitOptions: { dryRun: true } },
    });
    expect(submitted.status).toBe(200);
    const wf = (await submitted.json()) as Workflow;
    expect(wf.metadata.labels?.["workflows.argoproj.io/cron-workflow"]).toBe("nightly");
    expect(await t.store.list("Workflow", "argo")).toHaveLength(1);

    expect((await t.call("/api/v1/cron-workflows/argo/nightly", { method: "DELETE" })).status).toBe(200);
    expect((await t.call("/api/v1/cron-workflows/argo/nightly")).status).toBe(404);
  });
});
