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

const echo = (name: string, labels: Record<string, string> = {}) =>
  manifest(`
metadata:
  name: ${name}
  labels: ${JSON.stringify(labels)}
spec:
  entrypoint: main
  templates:
  - name: main
    container: {image: busybox, command: [echo, "hello ${name}"]}
`);

interface List {
  metadata: { continue?: string; resourceVersion?: string; remainingItemCount?: number };
  items: Workflow[] | null;
}

describe("workflows API", () => {
  it("creates a workflow, runs it, and gets it with its nodes", async () => {
    const res = await t.call("/api/v1/workflows/argo", {
      method: "POST",
      json: { workflow: echo("one", { team: "a" }) },
    });
    expect(res.status).toBe(200);
    const created = (await res.json()) as Workflow;
    expect(created.metadata.name).toBe("one");
    expect(created.metadata.namespace).toBe("argo");
    expect(created.metadata.uid).toBeTruthy();
    await waitForWorkflow(t.store, "argo", "one", isDone);
    const got = (await (await t.call("/api/v1/workflows/argo/one")).json()) as Workflow;
    expect(got.status?.phase).toBe("Succeeded");
    expect(Object.keys(got.status?.nodes ?? {})).toContain("one");
  });

  it("generates a name from generateName", async () => {
    const wf = echo("x");
    wf.metadata = { generateName: "gen-" };
    const created = (await (
      await t.call("/api/v1/workflows/argo", { method: "POST", json: { workflow: wf } })
    ).json()) as Workflow;
    expect(created.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it("filters by labels and fields, pages with limit and continue", async () => {
    for (const [name, team] of [
      ["two", "a"],
      ["three", "b"],
      ["four", "b"],
    ] as const) {
      await t.call("/api/v1/workflows/argo", { method: "POST", json: { workflow: echo(name, { team }) } });
    }
    await t.call("/api/v1/workflows/other", {
      method: "POST",
      json: { workflow: echo("five", { team: "a" }) },
    });

    const names = async (q: string) => {
      const list = (await (await t.call(`/api/v1/workflows/argo?${q}`)).json()) as List;
      return (list.items ?? []).map((w) => w.metadata.name ?? "").sort();
    };
    expect(await names("listOptions.labelSelector=team%3Da")).toEqual(["one", "two"]);
    expect(await names("listOptions.labelSelector=team!%3Da")).toEqual(
      ["four", "three"].concat(await names("listOptions.labelSelector=!team")).sort(),
    );
    expect(await names("listOptions.labelSelector=team%20in%20(b)")).toEqual(["four", "three"]);
    expect(await names("listOptions.labelSelector=team%20notin%20(a,b)")).not.toContain("one");
    expect(await names("listOptions.fieldSelector=metadata.name%3Dthree")).toEqual(["three"]);

    // every namespace: the path ends with a slash, as Argo's HTTP client sends it
    const all = (await (
      await t.call("/api/v1/workflows/?listOptions.labelSelector=team%3Da")
    ).json()) as List;
    expect((all.items ?? []).map((w) => `${w.metadata.namespace}/${w.metadata.name}`).sort()).toEqual([
      "argo/one",
      "argo/two",
      "other/five",
    ]);

    // Offset pages are stable while the set does not change: let the workflows finish first.
    for (const name of ["one", "two", "three", "four"]) await waitForWorkflow(t.store, "argo", name, isDone);
    const seen: string[] = [];
    let token = "";
    for (let page = 0; page < 10; page++) {
      const q = `listOptions.labelSelector=team&listOptions.limit=2${token ? `&listOptions.continue=${token}` : ""}`;
      const list = (await (await t.call(`/api/v1/workflows/argo?${q}`)).json()) as List;
      expect((list.items ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(list.items ?? []).map((w) => w.metadata.name ?? ""));
      token = list.metadata.continue ?? "";
      if (!token) break;
    }
    expect(seen.sort()).toEqual(["four", "one", "three", "two"]);
  });

  it("keeps only the requested fields, and never lists nodes", async () => {
    const list = (await (
      await t.call("/api/v1/workflows/argo?fields=items.metadata.name,items.status.phase,metadata.continue")
    ).json()) as List;
    for (const item of list.items ?? []) {
      expect(Object.keys(item)).toEqual(expect.arrayContaining(["metadata"]));
      expect(Object.keys(item.metadata)).toEqual(["name"]);
      expect(item.spec).toBeUndefined();
    }
    const full = (await (await t.call("/api/v1/workflows/argo")).json()) as List;
    for (const item of full.items ?? []) expect(item.status?.nodes).toBeUndefined();
    const excluded = (await (
      await t.call("/api/v1/workflows/argo/one?fields=-status.nodes,spec")
    ).json()) as Workflow;
    expect(excluded.status?.phase).toBe("Succeeded");
    expect(excluded.status?.nodes).toBeUndefined();
    expect(excluded.spec).toBeUndefined();
  });

  it("answers Argo's error JSON", async () => {
    const missing = await t.call("/api/v1/workflows/argo/nope");
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 5, message: 'workflows.argoproj.io "nope" not found' });

    const bad = await t.call("/api/v1/workflows/argo", {
      method: "POST",
      json: {
        workflow: {
          metadata: { name: "bad" },
          spec: { entrypoint: "nowhere", templates: [{ name: "main", container: { image: "busybox" } }] },
        },
      },
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { code: number; message: string };
    expect(body.code).toBe(3);
    expect(body.message).toMatch(/nowhere/);

    const dup = await t.call("/api/v1/workflows/argo", { method: "POST", json: { workflow: echo("one") } });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { code: number }).code).toBe(6);

    const badSelector = await t.call("/api/v1/workflows/argo?listOptions.fieldSelector=spec.foo%3D1");
    expect(badSelector.status).toBe(400);
    expect(await badSelector.json()).toEqual({ code: 3, message: "unsupported requirement spec.foo=1" });

    const notJson = await t.call("/api/v1/workflows/argo", {
      method: "POST",
      body: "{",
      headers: { "Content-Type": "application/json" },
    });
    expect(notJson.status).toBe(400);
  });

  it("lints without storing, and deletes", async () => {
    const lint = await t.call("/api/v1/workflows/argo/lint", {
      method: "POST",
      json: { workflow: echo("linted") },
    });
    expect(lint.status).toBe(200);
    expect(await t.store.get("Workflow", "argo", "linted")).toBeUndefined();
    const del = await t.call("/api/v1/workflows/argo/two", { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({});
    expect((await t.call("/api/v1/workflows/argo/two", { method: "DELETE" })).status).toBe(404);
  });

  it("logs one line per request without query strings or headers", () => {
    expect(t.logLines.some((l) => /^GET \/api\/v1\/workflows\/argo 200 \d+\.\dms$/.test(l))).toBe(true);
    expect(t.logLines.every((l) => !l.includes("?"))).toBe(true);
  });
});
