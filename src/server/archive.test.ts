import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

interface List {
  metadata: { continue?: string };
  items: Workflow[] | null;
}

let t: TestServer;
let okUid = "";
let failUid = "";

const run = async (name: string, script: string): Promise<Workflow> => {
  await t.controller.submit(
    manifest(`
metadata: {name: ${name}, namespace: argo, labels: {kind: archived}}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [sh, -c, "${script}"]}
`),
  );
  const done = await waitForWorkflow(t.store, "argo", name, isDone);
  await t.store.archiveWorkflow(done);
  return done;
};

beforeAll(async () => {
  t = await startTestServer();
  okUid = (await run("kept", "echo ok")).metadata.uid ?? "";
  failUid = (await run("broke", "exit 1")).metadata.uid ?? "";
});
afterAll(async () => {
  await t.close();
});

const names = (list: List) => (list.items ?? []).map((w) => w.metadata.name).sort();

describe("archived workflows", () => {
  it("lists and gets archived workflows", async () => {
    const list = (await (await t.call("/api/v1/archived-workflows?namespace=argo")).json()) as List;
    expect(names(list)).toEqual(["broke", "kept"]);
    const byPrefix = (await (await t.call("/api/v1/archived-workflows?namePrefix=ke")).json()) as List;
    expect(names(byPrefix)).toEqual(["kept"]);
    const paged = (await (
      await t.call(
        "/api/v1/archived-workflows?listOptions.fieldSelector=metadata.namespace%3Dargo&listOptions.limit=1",
      )
    ).json()) as List;
    expect(paged.items).toHaveLength(1);
    expect(paged.metadata.continue).toBe("1");
    const got = (await (await t.call(`/api/v1/archived-workflows/${okUid}`)).json()) as Workflow;
    expect(got.metadata.name).toBe("kept");
    expect(Object.keys(got.status?.nodes ?? {})).toContain("kept");
    const missing = await t.call("/api/v1/archived-workflows/no-such-uid");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 5, message: "not found" });
  });

  it("lists the archive's label keys and values", async () => {
    const keys = (await (await t.call("/api/v1/archived-workflows-label-keys?namespace=argo")).json()) as {
      items: string[];
    };
    expect(keys.items).toContain("kind");
    const values = (await (
      await t.call("/api/v1/archived-workflows-label-values?listOptions.labelSelector=kind")
    ).json()) as { items: string[] };
    expect(values.items).toEqual(["archived"]);
  });

  it("merges archived workflows into the workflow list, live ones first and once", async () => {
    const both = (await (await t.call("/api/v1/workflows/argo")).json()) as List;
    expect(names(both)).toEqual(["broke", "kept"]);
    await t.store.delete("Workflow", "argo", "kept");
    const merged = (await (
      await t.call("/api/v1/workflows/argo?listOptions.labelSelector=kind%3Darchived")
    ).json()) as List;
    expect(names(merged)).toEqual(["broke", "kept"]);
    // A deleted workflow is still readable by name, from the archive.
    const fallback = (await (await t.call("/api/v1/workflows/argo/kept")).json()) as Workflow;
    expect(fallback.metadata.uid).toBe(okUid);
    expect(fallback.status?.phase).toBe("Succeeded");
  });

  it("resubmits an archived workflow as a new one", async () => {
    const res = await t.call(`/api/v1/archived-workflows/${okUid}/resubmit`, { method: "PUT", json: {} });
    expect(res.status).toBe(200);
    const fresh = (await res.json()) as Workflow;
    expect(fresh.metadata.name).toMatch(/^kept-/);
    expect(fresh.metadata.labels?.["workflows.argoproj.io/resubmitted-from-workflow"]).toBe("kept");
    expect((await waitForWorkflow(t.store, "argo", fresh.metadata.name ?? "", isDone)).status?.phase).toBe(
      "Succeeded",
    );
  });

  it("retries an archived workflow only when it is not live", async () => {
    const live = await t.call(`/api/v1/archived-workflows/${failUid}/retry`, { method: "PUT", json: {} });
    expect(live.status).toBe(409);
    expect(((await live.json()) as { code: number }).code).toBe(6);
    await t.store.delete("Workflow", "argo", "broke");
    const res = await t.call(`/api/v1/archived-workflows/${failUid}/retry`, { method: "PUT", json: {} });
    expect(res.status).toBe(200);
    const retried = (await res.json()) as Workflow;
    expect(retried.status?.phase).toBe("Running");
    expect(retried.metadata.uid).not.toBe(failUid);
    const again = await waitForWorkflow(
      t.store,
      "argo",
      "broke",
      (w) => isDone(w) && w.metadata.uid !== failUid,
    );
    expect(again.status?.phase).toBe("Failed");
  });

  it("deletes an archived workflow", async () => {
    expect((await t.call(`/api/v1/archived-workflows/${okUid}`, { method: "DELETE" })).status).toBe(200);
    expect((await t.call(`/api/v1/archived-workflows/${okUid}`)).status).toBe(404);
  });
});
