import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { openSqliteStore } from "../store/index.js";
import type { Store, WatchListener } from "../store/types.js";
import { manifest, readLines, startTestServer, type TestServer } from "./testing.js";

interface WatchEvent {
  type: string;
  object: Workflow;
}

/** The store, with a count of open watches, to see that a stream's watch is removed. */
function countingStore(store: Store): { store: Store; open: () => number } {
  let open = 0;
  const watch = (kind: string, listener: WatchListener) => {
    open++;
    const stop = store.watch(kind, listener);
    return () => {
      open--;
      stop();
    };
  };
  const counted = new Proxy(store, {
    get(target, prop) {
      if (prop === "watch") return watch;
      const value = Reflect.get(target, prop, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { store: counted, open: () => open };
}

let t: TestServer;
let watches: () => number;
beforeAll(async () => {
  // The server reads through a counting view of the same database file the controller writes.
  t = await startTestServer();
  const view = countingStore(t.store);
  watches = view.open;
  await t.server.close();
  const { startServer } = await import("./serve.js");
  t.server = await startServer({
    store: view.store,
    controller: t.controller,
    metrics: t.metrics,
    version: "0.1.0",
    port: 0,
    timings: { heartbeatMs: 200, coalesceMs: 20, logPollMs: 20 },
  });
  t.url = t.server.url;
});
afterAll(async () => {
  await t.close();
});

const events = (lines: string[]): WatchEvent[] =>
  lines
    .filter((l) => l.startsWith("data: "))
    .map((l) => (JSON.parse(l.slice(6)) as { result: WatchEvent }).result);

describe("workflow watch (SSE)", () => {
  it("streams ADDED then MODIFIED events until the workflow succeeds", async () => {
    const res = await fetch(
      `${t.url}/api/v1/workflow-events/argo?listOptions.fieldSelector=metadata.name%3Dwatched`,
      {
        headers: { Accept: "text/event-stream" },
      },
    );
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const succeeded = (line: string) =>
      line.startsWith("data: ") && events([line])[0]?.object.status?.phase === "Succeeded";
    const reading = readLines(res, succeeded);
    await t.controller.submit(
      manifest(`
metadata: {name: watched, namespace: argo}
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
    const got = events(await reading);
    expect(got[0]?.type).toBe("ADDED");
    expect(got.slice(1).every((e) => e.type === "MODIFIED")).toBe(true);
    const last = got.at(-1)?.object;
    expect(last?.status?.phase).toBe("Succeeded");
    expect(Object.values(last?.status?.nodes ?? {}).filter((n) => n.type === "Pod")).toHaveLength(2);
    expect(got.every((e) => e.object.metadata.name === "watched")).toBe(true);
  });

  it("sends existing workflows first, applies fields, and removes its watch when the client goes", async () => {
    const res = await fetch(
      `${t.url}/api/v1/workflow-events/argo?fields=result.type,result.object.metadata.name,result.object.status.phase`,
      { headers: { Accept: "text/event-stream" } },
    );
    let during = 0;
    const lines = await readLines(res, (line) => {
      during = watches();
      return line.startsWith("data: ");
    });
    expect(during).toBeGreaterThan(0);
    const [first] = events(lines);
    expect(first).toEqual({
      type: "ADDED",
      object: { metadata: { name: "watched" }, status: { phase: "Succeeded" } },
    });
    // readLines cancelled the body: the server notices and stops watching.
    for (let i = 0; i < 500 && watches() >= during; i++) await new Promise((r) => setTimeout(r, 10));
    expect(watches()).toBeLessThan(during);
  });

  it("coalesces a burst of commits into one event with the latest state", async () => {
    const store = t.store;
    await store.create({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "busy", namespace: "burst", labels: { n: "0" } },
      spec: { entrypoint: "main", templates: [] },
      status: { phase: "Succeeded", finishedAt: "2024-01-01T00:00:00Z" },
    } as never);
    const res = await fetch(
      `${t.url}/api/v1/workflow-events/burst?fields=result.type,result.object.metadata.labels`,
    );
    expect(res.headers.get("content-type")).toBe("application/json");
    const seen: string[] = [];
    const reading = readLines(res, (line, all) => {
      seen.push(line);
      if (all.length === 1) {
        // The initial ADDED arrived: now 100 commits in one burst.
        const current = store.get<Workflow>("Workflow", "burst", "busy");
        void current.then(async (wf) => {
          if (!wf) return;
          await Promise.all(
            Array.from({ length: 100 }, (_, i) =>
              store.update({ ...wf, metadata: { ...wf.metadata, labels: { n: String(i + 1) } } }),
            ),
          );
        });
      }
      return line.includes('"n":"100"');
    });
    const lines = await reading;
    const parsed = lines.map((l) => (JSON.parse(l) as { result: WatchEvent }).result);
    expect(parsed[0]?.type).toBe("ADDED");
    expect(parsed.length).toBeLessThan(10);
    expect(parsed.at(-1)?.object.metadata.labels).toEqual({ n: "100" });
  });

  it("sends keepalive comments while nothing happens", async () => {
    const res = await fetch(`${t.url}/api/v1/workflow-events/empty`, {
      headers: { Accept: "text/event-stream" },
    });
    const lines = await readLines(res, (line) => line === ":");
    expect(lines).toContain(":");
  });

  it("rejects a bad selector before streaming", async () => {
    const res = await fetch(`${t.url}/api/v1/workflow-events/argo?listOptions.labelSelector=%3D%3D`, {
      headers: { Accept: "text/event-stream" },
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: number }).code).toBe(3);
  });
});

it("countingStore forwards to the real store", async () => {
  const store = openSqliteStore({ path: ":memory:" });
  const view = countingStore(store);
  const stop = view.store.watch("Workflow", () => undefined);
  expect(view.open()).toBe(1);
  stop();
  expect(view.open()).toBe(0);
  await store.close();
});
