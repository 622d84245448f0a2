import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { isDone, manifest, startTestServer, type TestServer, waitForWorkflow } from "./testing.js";

let t: TestServer;
let podNode = "";
let uid = "";

beforeAll(async () => {
  t = await startTestServer();
  await t.controller.submit(
    manifest(`
metadata: {name: arts, namespace: argo}
spec:
  entrypoint: main
  templates:
  - name: main
    container:
      image: busybox
      command: [sh, -c, "echo plain > /tmp/plain.txt; echo packed > /tmp/packed.txt; mkdir -p /tmp/site/sub; echo a > /tmp/site/a.txt; echo b > /tmp/site/sub/b.txt"]
    outputs:
      artifacts:
      - {name: plain, path: /tmp/plain.txt, archive: {none: {}}}
      - {name: packed, path: /tmp/packed.txt}
      - {name: site, path: /tmp/site, archive: {none: {}}}
`),
  );
  const done = await waitForWorkflow(t.store, "argo", "arts", isDone);
  expect(done.status?.phase).toBe("Succeeded");
  podNode = Object.values(done.status?.nodes ?? {}).find((n) => n.type === "Pod")?.id ?? "";
  uid = done.metadata.uid ?? "";
  await t.store.archiveWorkflow(done as Workflow);
});
afterAll(async () => {
  await t.close();
});

describe("artifact downloads", () => {
  const base = () => `/artifact-files/argo/workflows/arts/${podNode}/outputs`;

  it("serves a file artifact as stored", async () => {
    const res = await t.call(`${base()}/plain`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("plain\n");
    expect(res.headers.get("content-security-policy")).toMatch(/sandbox/);
    const legacy = await t.call(`/artifacts/argo/arts/${podNode}/plain`);
    expect(await legacy.text()).toBe("plain\n");
    const byUid = await t.call(`/artifact-files/argo/archived-workflows/${uid}/${podNode}/outputs/plain`);
    expect(await byUid.text()).toBe("plain\n");
  });

  it("serves a tar+gzip artifact as its archive", async () => {
    const res = await t.call(`${base()}/packed`);
    expect(res.status).toBe(200);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    expect(res.headers.get("content-disposition")).toMatch(/\.tgz"$/);
  });

  it("redirects to a directory, lists it, and serves its files", async () => {
    const redirect = await t.call(`${base()}/site`, { redirect: "manual" });
    expect(redirect.status).toBe(307);
    expect(redirect.headers.get("location")).toMatch(/\/site\/$/);
    const listing = await (await t.call(`${base()}/site/`)).text();
    expect(listing).toContain('href="./a.txt"');
    expect(listing).toContain('href="./sub/"');
    expect(await (await t.call(`${base()}/site/sub/b.txt`)).text()).toBe("b\n");
  });

  it("answers 404 for unknown artifacts and nodes, 400 for a bad direction", async () => {
    expect((await t.call(`${base()}/nope`)).status).toBe(404);
    expect((await t.call("/artifact-files/argo/workflows/arts/no-node/outputs/plain")).status).toBe(404);
    expect((await t.call(`/artifact-files/argo/workflows/arts/${podNode}/sideways/plain`)).status).toBe(400);
    expect((await t.call(`${base()}/site/..%2F..%2Fetc/passwd`)).status).not.toBe(200);
  });
});
