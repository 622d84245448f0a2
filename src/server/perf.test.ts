import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NodeStatus, Workflow } from "../spec/types.js";
import type { Store } from "../store/types.js";
import { type RunningServer, startServer } from "./serve.js";
import { startTestServer, type TestServer } from "./testing.js";

/** The store, counting the reads that assemble nodes. */
function countingReads(store: Store) {
  const counts = { getWorkflow: 0 };
  const view = new Proxy(store, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target);
      if (typeof value !== "function") return value;
      if (prop === "getWorkflow") {
        return (...args: unknown[]) => {
          counts.getWorkflow++;
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return value.bind(target);
    },
  });
  return { store: view, counts };
}

const node = (wf: string, i: number): NodeStatus =>
  ({
    id: i === 0 ? wf : `${wf}-${i}`,
    name: i === 0 ? wf : `${wf}[0].step(${i})`,
    displayName: i === 0 ? wf : `step(${i})`,
    type: i === 0 ? "Steps" : "Pod",
    phase: "Succeeded",
    templateName: "main",
    startedAt: "2024-01-01T00:00:00Z",
    finishedAt: "2024-01-01T00:00:01Z",
  }) as NodeStatus;

function finished(namespace: string, name: string, nodes: number): Workflow {
  const all: Record<string, NodeStatus> = {};
  for (let i = 0; i < nodes; i++) {
    const n = node(name, i);
    all[n.id] = n;
  }
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace, labels: { batch: "perf" } },
    spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
    status: {
      phase: "Succeeded",
      startedAt: "2024-01-01T00:00:00Z",
      finishedAt: "2024-01-01T00:00:01Z",
      nodes: all,
    },
  } as Workflow;
}

let t: TestServer;
let server: RunningServer;
let counts: { getWorkflow: number };

beforeAll(async () => {
  t = await startTestServer();
  const view = countingReads(t.store);
  counts = view.counts;
  server = await startServer({
    store: view.store,
    controller: t.controller,
    metrics: t.metrics,
    version: "0.1.0",
    port: 0,
  });
  for (let i = 0; i < 1000; i++)
    await t.store.create(finished("perf", `wf-${String(i).padStart(4, "0")}`, 3));
  await t.store.create(finished("big", "big", 10_001));
});
afterAll(async () => {
  await server.close();
  await t.close();
});

describe("performance shape", () => {
  it("lists 1,000 workflows without reading a node", async () => {
    const before = counts.getWorkflow;
    const started = performance.now();
    const res = await fetch(`${server.url}/api/v1/workflows/perf`);
    const list = (await res.json()) as { items: Workflow[] };
    const ms = performance.now() - started;
    expect(list.items).toHaveLength(1000);
    expect(list.items.every((w) => w.status?.nodes === undefined)).toBe(true);
    expect(counts.getWorkflow).toBe(before);
    const page = (await (
      await fetch(`${server.url}/api/v1/workflows/perf?listOptions.limit=100&listOptions.continue=900`)
    ).json()) as {
      items: Workflow[];
      metadata: { continue?: string };
    };
    expect(page.items).toHaveLength(100);
    expect(page.metadata.continue).toBeUndefined();
    console.log(`list of 1,000 workflows: ${ms.toFixed(0)} ms`);
  });

  it("gets a 10,000-node workflow with one store read", async () => {
    const before = counts.getWorkflow;
    const started = performance.now();
    const wf = (await (await fetch(`${server.url}/api/v1/workflows/big/big`)).json()) as Workflow;
    const ms = performance.now() - started;
    expect(Object.keys(wf.status?.nodes ?? {})).toHaveLength(10_001);
    expect(counts.getWorkflow).toBe(before + 1);
    const light = (await (
      await fetch(`${server.url}/api/v1/workflows/big/big?fields=-status.nodes`)
    ).json()) as Workflow;
    expect(light.status?.nodes).toBeUndefined();
    expect(counts.getWorkflow).toBe(before + 1);
    console.log(`get of a 10,001-node workflow: ${ms.toFixed(0)} ms`);
  });
});
