import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import type { StoredObject } from "../store/types.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.store.create(
    manifest<StoredObject>(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata: {name: on-event, namespace: argo}
spec:
  entrypoint: main
  arguments: {parameters: [{name: message}]}
  templates:
  - name: main
    inputs: {parameters: [{name: message}]}
    container: {image: busybox, command: [echo, "{{inputs.parameters.message}}"]}
`),
  );
  await t.store.create(
    manifest<StoredObject>(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowEventBinding
metadata: {name: greeter, namespace: argo}
spec:
  event:
    selector: payload.message != "" && metadata["x-argo-e2e"] == ["true"] && discriminator == "hook"
  submit:
    workflowTemplateRef: {name: on-event}
    metadata:
      labels: {source: 'payload.source ?? "unknown"'}
    arguments:
      parameters:
      - name: message
        valueFrom: {event: payload.message + "!"}
`),
  );
});
afterAll(async () => {
  await t.close();
});

const post = (discriminator: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.call(`/api/v1/events/argo/${discriminator}`, {
    method: "POST",
    body: JSON.stringify(payload),
    headers: { "Content-Type": "application/json", ...headers },
  });

describe("events", () => {
  it("submits from a binding whose selector matches, with evaluated parameters", async () => {
    const res = await post("hook", { message: "hello", source: "test" }, { "X-Argo-E2E": "true" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({});
    const [wf] = await t.store.list<Workflow>("Workflow", "argo");
    expect(wf?.metadata.labels).toMatchObject({
      source: "test",
      "workflows.argoproj.io/workflow-event-binding": "greeter",
      "workflows.argoproj.io/workflow-template": "on-event",
    });
    expect(wf?.spec.arguments?.parameters).toEqual([{ name: "message", value: "hello!" }]);
    const done = await waitForWorkflow(t.store, "argo", wf?.metadata.name ?? "", isDone);
    expect(done.status?.phase).toBe("Succeeded");
  });

  it("submits nothing when the selector is false", async () => {
    const before = (await t.store.list("Workflow", "argo")).length;
    expect((await post("other", { message: "hello" }, { "X-Argo-E2E": "true" })).status).toBe(200);
    expect((await post("hook", { message: "hello" })).status).toBe(200);
    expect((await t.store.list("Workflow", "argo")).length).toBe(before);
  });

  it("reports a selector that cannot be evaluated as a 500", async () => {
    await t.store.create(
      manifest<StoredObject>(`
apiVersion: argoproj.io/v1alpha1
kind: WorkflowEventBinding
metadata: {name: broken, namespace: argo}
spec:
  event: {selector: "payload.message +"}
  submit: {workflowTemplateRef: {name: on-event}}
`),
    );
    const res = await post("hook", { message: "x" });
    expect(res.status).toBe(500);
    const body = (await res.json()) as { code: number; message: string };
    expect(body.code).toBe(13);
    expect(body.message).toMatch(/^failed to dispatch event: \[broken: /);
    const bindings = (await (await t.call("/api/v1/workflow-event-bindings/argo")).json()) as {
      items: unknown[];
    };
    expect(bindings.items).toHaveLength(2);
  });
});
