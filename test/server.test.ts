/**
 * `argosy server` end to end: a real server process on a free port with a temporary ARGOSY_HOME,
 * driven through the CLI (submit, get, logs, watch, list), the REST API and the SSE watch stream;
 * a real `@every 2s` CronWorkflow; and client-mode auth with tokens.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../src/spec/types.js";
import { argosyAsync } from "./helpers.js";
import { api, isDone, type ServerProcess, startServerProcess, waitFor } from "./server-helpers.js";

const hello = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: greet
        template: say
  - name: say
    container:
      image: busybox
      command: [sh, -c, "echo hello from argosy; sleep 0.3; echo bye"]
`;

describe("argosy server with the CLI, REST and SSE", () => {
  let home = "";
  let server: ServerProcess;
  let env: NodeJS.ProcessEnv;
  let file = "";
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "argosy-server-"));
    server = await startServerProcess(home);
    env = { ARGO_SERVER: server.address, ARGOSY_HOME: home };
    file = join(home, "hello.yaml");
    await writeFile(file, hello);
  });
  afterAll(async () => {
    await server?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("submits with --wait, then get, logs and watch follow it; REST lists it; SSE streams it", async () => {
    // The SSE stream opens first, so it sees the workflow appear and change.
    const controller = new AbortController();
    const events: Array<{ type: string; name: string; phase?: string }> = [];
    const sse = fetch(`${server.url}/api/v1/workflow-events/default`, {
      signal: controller.signal,
      headers: { accept: "text/event-stream" },
    }).then(async (res) => {
      expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let buffered = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffered += decoder.decode(value, { stream: true });
        let at = buffered.indexOf("\n\n");
        while (at >= 0) {
          const frame = buffered.slice(0, at);
          buffered = buffered.slice(at + 2);
          const data = frame
            .split("\n")
            .filter((l) => l.startsWith("data:"))
            .map((l) => l.slice(5).trim())
            .join("");
          if (data) {
            const { result } = JSON.parse(data) as { result: { type: string; object: Workflow } };
            events.push({
              type: result.type,
              name: result.object.metadata.name ?? "",
              ...(result.object.status?.phase ? { phase: result.object.status.phase } : {}),
            });
          }
          at = buffered.indexOf("\n\n");
        }
      }
    });

    const submitted = await argosyAsync(["submit", file, "--wait", "-o", "name"], env);
    expect(submitted.code, submitted.stderr).toBe(0);
    const name = submitted.stdout.trim().split("\n")[0] as string;
    expect(name).toMatch(/^hello-[a-z0-9]{5}$/);

    const got = await argosyAsync(["get", name], env);
    expect(got.code, got.stderr).toBe(0);
    expect(got.stdout).toMatch(/Status:\s+Succeeded/);
    expect(got.stdout).toMatch(/greet/);

    const logs = await argosyAsync(["logs", name], env);
    expect(logs.code, logs.stderr).toBe(0);
    expect(logs.stdout).toMatch(/hello from argosy/);
    expect(logs.stdout).toMatch(/bye/);

    const watched = await argosyAsync(["watch", name], env);
    expect(watched.code, watched.stderr).toBe(0);
    expect(watched.stdout).toMatch(/Succeeded/);

    const list = await api<{ items: Workflow[] }>(server.url, "/api/v1/workflows/default");
    expect(list.status).toBe(200);
    const listed = list.body.items.find((w) => w.metadata.name === name);
    expect(listed?.status?.phase).toBe("Succeeded");
    expect(listed?.status?.nodes).toBeUndefined();

    for (let i = 0; i < 50 && !events.some((e) => e.name === name && e.phase === "Succeeded"); i++)
      await new Promise((r) => setTimeout(r, 100));
    controller.abort();
    await sse.catch(() => undefined);
    const mine = events.filter((e) => e.name === name);
    expect(mine[0]?.type).toBe("ADDED");
    expect(mine.some((e) => e.type === "MODIFIED" && e.phase === "Running")).toBe(true);
    expect(mine.at(-1)?.phase).toBe("Succeeded");
  });

  it("answers Argo's error shape for a missing workflow, and lists through the CLI", async () => {
    const missing = await api<{ code: number; message: string }>(
      server.url,
      "/api/v1/workflows/default/nope",
    );
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5);
    const listed = await argosyAsync(["list"], env);
    expect(listed.code, listed.stderr).toBe(0);
    expect(listed.stdout).toMatch(/^NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY/m);
    expect(listed.stdout).toMatch(/hello-\w{5}\s+Succeeded/);
  });

  it("runs an @every 2s CronWorkflow on schedule", async () => {
    const cron = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "tick", namespace: "default" },
      spec: {
        schedules: ["@every 2s"],
        workflowSpec: {
          entrypoint: "main",
          templates: [{ name: "main", container: { image: "busybox", command: ["true"] } }],
        },
      },
    };
    const created = await api(server.url, "/api/v1/cron-workflows/default", {
      method: "POST",
      body: { cronWorkflow: cron },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const until = Date.now() + 20_000;
    let children: Workflow[] = [];
    while (Date.now() < until) {
      const r = await api<{ items: Workflow[] | null }>(
        server.url,
        "/api/v1/workflows/default?listOptions.labelSelector=workflows.argoproj.io/cron-workflow%3Dtick",
      );
      children = r.body.items ?? [];
      if (children.filter(isDone).length >= 2) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    const done = children.filter(isDone);
    expect(done.length).toBeGreaterThanOrEqual(2);
    for (const c of done) {
      expect(c.metadata.name).toMatch(/^tick-\d{10}$/);
      expect(c.status?.phase).toBe("Succeeded");
    }
    const times = done.map((c) => Number((c.metadata.name ?? "").slice(5))).sort();
    expect((times[1] as number) - (times[0] as number)).toBeGreaterThanOrEqual(2);
    await api(server.url, "/api/v1/cron-workflows/default/tick", { method: "DELETE" });
    const got = await waitFor(server.url, "default", done[0]?.metadata.name ?? "", isDone);
    expect(got.metadata.annotations?.["workflows.argoproj.io/scheduled-time"]).toBeTruthy();
  });
});

describe("argosy server --auth-mode client", () => {
  let home = "";
  let server: ServerProcess;
  let tokenA = "";
  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "argosy-auth-"));
    const created = await argosyAsync(
      ["auth", "token", "create", "--name", "team-a", "--namespace", "a", "--role", "edit"],
      { ARGOSY_HOME: home },
    );
    expect(created.code, created.stderr).toBe(0);
    tokenA = created.stdout.trim().split("\n").at(-1) as string;
    server = await startServerProcess(home, ["--auth-mode", "client"]);
  });
  afterAll(async () => {
    await server?.stop();
    if (home) await rm(home, { recursive: true, force: true });
  });

  it("needs a token, keeps each token to its namespaces, and never logs it", async () => {
    expect((await api(server.url, "/api/v1/workflows/a")).status).toBe(401);
    expect((await api(server.url, "/api/v1/workflows/a", { token: "argosy_wrong" })).status).toBe(401);
    expect((await api(server.url, "/api/v1/workflows/a", { token: tokenA })).status).toBe(200);
    const other = await api<{ code: number }>(server.url, "/api/v1/workflows/b", { token: tokenA });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe(7);
    const submitted = await api(server.url, "/api/v1/workflows/b", {
      method: "POST",
      token: tokenA,
      body: { workflow: { metadata: { name: "x" }, spec: { entrypoint: "m", templates: [] } } },
    });
    expect(submitted.status).toBe(403);
    expect(tokenA).toMatch(/^argosy_/);
    expect(server.output()).not.toContain(tokenA);
    expect(server.output()).not.toContain("argosy_wrong");
  });
});
