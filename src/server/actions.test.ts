import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.close();
});

const put = (path: string, json: unknown = {}) => t.call(path, { method: "PUT", json });

describe("workflow actions", () => {
  it("resumes a suspended workflow", async () => {
    await t.controller.submit(
      manifest(`
metadata: {name: paused, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - {name: wait, template: pause}
    - - {name: after, template: echo}
  - name: pause
    suspend: {}
  - name: echo
    container: {image: busybox, command: [echo, resumed]}
`),
    );
    await waitForWorkflow(t.store, "argo", "paused", (w) =>
      Object.values(w.status?.nodes ?? {}).some((n) => n.type === "Suspend" && n.phase === "Running"),
    );
    const res = await put("/api/v1/workflows/argo/paused/resume", { nodeFieldSelector: "" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Workflow).metadata.name).toBe("paused");
    expect((await waitForWorkflow(t.store, "argo", "paused", isDone)).status?.phase).toBe("Succeeded");
  });

  it("terminates a running workflow", async () => {
    await t.controller.submit(
      manifest(`
metadata: {name: sleepy, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sleep, "30"]}
`),
    );
    await waitForWorkflow(t.store, "argo", "sleepy", (w) =>
      Object.values(w.status?.nodes ?? {}).some((n) => n.type === "Pod" && n.phase === "Running"),
    );
    expect((await put("/api/v1/workflows/argo/sleepy/terminate")).status).toBe(200);
    expect((await waitForWorkflow(t.store, "argo", "sleepy", isDone)).status?.phase).toBe("Failed");
  });

  it("retries a failed workflow, and refuses to retry a running one", async () => {
    await t.controller.submit(
      manifest(`
metadata: {name: flaky, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "sleep 0.5; exit 1"]}
`),
    );
    expect((await waitForWorkflow(t.store, "argo", "flaky", isDone)).status?.phase).toBe("Failed");
    const res = await put("/api/v1/workflows/argo/flaky/retry", {
      restartSuccessful: false,
      nodeFieldSelector: "",
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as Workflow).status?.phase).toBe("Running");
    const again = await put("/api/v1/workflows/argo/flaky/retry");
    expect(again.status).toBe(400);
    // Argo answers InvalidArgument; a controller Conflict maps to FailedPrecondition. Both are 400.
    expect([3, 9]).toContain(((await again.json()) as { code: number }).code);
    expect((await waitForWorkflow(t.store, "argo", "flaky", isDone)).status?.phase).toBe("Failed");
  });

  it("resubmits a workflow as a new one", async () => {
    const res = await put("/api/v1/workflows/argo/paused/resubmit", { memoized: false });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as Workflow;
    expect(fresh.metadata.name).not.toBe("paused");
    expect(await t.store.get("Workflow", "argo", fresh.metadata.name ?? "")).toBeDefined();
  });

  it("validates set and answers 404 for unknown workflows", async () => {
    const bad = await put("/api/v1/workflows/argo/paused/set", {
      phase: "Bogus",
      nodeFieldSelector: "name=x",
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ code: 3, message: "Bogus is an invalid phase to set to" });
    const badParams = await put("/api/v1/workflows/argo/paused/set", {
      outputParameters: "{",
      nodeFieldSelector: "name=x",
    });
    expect(badParams.status).toBe(400);
    const missing = await put("/api/v1/workflows/argo/ghost/suspend");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: number }).code).toBe(5);
  });
});
