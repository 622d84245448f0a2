import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authMiddleware, createToken } from "./auth/index.js";
import type { ServerEnv } from "./authorize.js";
import { manifest, startTestServer, type TestServer } from "./testing.js";

describe("info, version and the UI", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ managedNamespace: "argo" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers info, version and userinfo as Argo does", async () => {
    expect(await (await t.call("/api/v1/info")).json()).toEqual({
      managedNamespace: "argo",
      links: [],
      columns: [],
      modals: { feedback: false, firstTimeUser: false, newVersion: false },
      navColor: "",
    });
    const version = (await (await t.call("/api/v1/version")).json()) as Record<string, string>;
    expect(version.version).toBe("v0.1.0");
    expect(version.platform).toMatch(/^[a-z]+\/[a-z0-9]+$/);
    expect(await (await t.call("/api/v1/userinfo")).json()).toEqual({});
    // A namespaced server (--namespaced) serves its own namespace only.
    expect((await t.call("/api/v1/workflows/argo")).status).toBe(200);
    const other = await t.call("/api/v1/workflows/default");
    expect(other.status).toBe(403);
    expect(((await other.json()) as { message: string }).message).toMatch(/not managed by this server/);
    const unknown = await t.call("/api/v1/nothing-here");
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: number }).code).toBe(5);
  });

  it("serves a placeholder page without a built UI, then the UI once built", async () => {
    const page = await t.call("/");
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Argosy v0.1.0");
    await t.server.close();
    const ui = join(t.home, "ui");
    await mkdir(join(ui, "assets"), { recursive: true });
    await writeFile(join(ui, "index.html"), "<html>app</html>");
    await writeFile(join(ui, "assets", "app.js"), "console.log(1)");
    const { startServer } = await import("./serve.js");
    t.server = await startServer({
      store: t.store,
      controller: t.controller,
      metrics: t.metrics,
      version: "0.1.0",
      port: 0,
      uiDir: ui,
    });
    const url = t.server.url;
    expect(await (await fetch(`${url}/`)).text()).toBe("<html>app</html>");
    const js = await fetch(`${url}/assets/app.js`);
    expect(js.headers.get("content-type")).toMatch(/javascript/);
    expect(await (await fetch(`${url}/workflows/argo/some-page`)).text()).toBe("<html>app</html>");
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${url}/..%2f..%2fpackage.json`)).status).not.toBe(200);
  });
});

describe("with auth", () => {
  let t: TestServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    const tokenFile = join(
      await import("node:os").then((os) => os.tmpdir()),
      `argosy-tokens-${process.pid}-${Date.now()}.json`,
    );
    for (const [name, role, namespaces] of [
      ["viewer", "view", ["argo"]],
      ["editor", "edit", ["argo"]],
      ["admin", "admin", ["*"]],
    ] as const) {
      tokens[name] = (await createToken({ tokenFile, name, role, namespaces: [...namespaces] })).token;
    }
    t = await startTestServer({ auth: authMiddleware<ServerEnv>({ mode: "client", tokenFile }) });
  });
  afterAll(async () => {
    await t.close();
  });

  const as = (who: string | undefined, path: string, init: RequestInit & { json?: unknown } = {}) =>
    t.call(path, { ...init, headers: who ? { Authorization: `Bearer ${tokens[who]}` } : {} });
  const wf = manifest(`
metadata: {generateName: authz-}
spec:
  entrypoint: main
  templates: [{name: main, container: {image: busybox, command: ["true"]}}]
`);

  it("needs a token for the API but not for the UI", async () => {
    expect((await as(undefined, "/api/v1/workflows/argo")).status).toBe(401);
    expect((await as(undefined, "/")).status).toBe(200);
    expect((await as("viewer", "/api/v1/workflows/argo")).status).toBe(200);
    expect(await (await as("viewer", "/api/v1/userinfo")).json()).toMatchObject({ subject: "viewer" });
  });

  it("keeps tokens to their namespaces and roles", async () => {
    const other = await as("editor", "/api/v1/workflows/other");
    expect(other.status).toBe(403);
    expect(((await other.json()) as { code: number }).code).toBe(7);
    expect(
      (await as("viewer", "/api/v1/workflows/argo", { method: "POST", json: { workflow: wf } })).status,
    ).toBe(403);
    expect(
      (await as("editor", "/api/v1/workflows/argo", { method: "POST", json: { workflow: wf } })).status,
    ).toBe(200);
    expect((await as("editor", "/api/v1/workflows/")).status).toBe(403);
    expect(
      (await as("editor", "/api/v1/workflows/?listOptions.fieldSelector=metadata.namespace%3Dargo")).status,
    ).toBe(200);
    expect((await as("admin", "/api/v1/workflows/")).status).toBe(200);
    expect((await as("editor", "/api/v1/workflow-events/other")).status).toBe(403);
    expect((await as("editor", "/metrics")).status).toBe(403);
    expect((await as("admin", "/metrics")).status).toBe(200);
  });
});
