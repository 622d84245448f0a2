/** Store suite, part 2: workflows, their node rows, commits and pending actions. */
import { describe, expect, it } from "vitest";
import type { NodeStatus, Workflow } from "../spec/types.js";
import { type CurrentStore, node, rv, workflow } from "./store-suite-fixtures.js";
import type { WorkflowCommit } from "./types.js";

const NS = "default";

function commit(name: string, parts: Partial<WorkflowCommit> = {}): WorkflowCommit {
  return { namespace: NS, name, status: { phase: "Running" }, changedNodes: [], actions: [], ...parts };
}

function startPod(id: string, extra: Record<string, unknown> = {}) {
  return { id: `startPod/${id}`, kind: "startPod", payload: { nodeId: id, ...extra } };
}

/** Registers the workflow tests; `store()` is the store of the running test. */
export function registerWorkflowTests(store: CurrentStore): void {
  const nodesOf = async (name: string, namespace = NS) =>
    (await store().getWorkflow(namespace, name))?.status?.nodes ?? {};

  describe("workflow nodes", () => {
    it("keeps nodes out of get and assembles them, keyed by id, in getWorkflow", async () => {
      const nodes = { a: node("a"), b: node("b", "Succeeded") };
      await store().create<Workflow>({ ...workflow("wf"), status: { phase: "Running", nodes } });
      const got = await store().get<Workflow>("Workflow", NS, "wf");
      expect(got?.status).toEqual({ phase: "Running" });
      const full = await store().getWorkflow(NS, "wf");
      expect(full?.status).toEqual({ phase: "Running", nodes });
      expect(full?.spec).toEqual(workflow("wf").spec);
      expect(full?.metadata).toEqual(got?.metadata);
    });

    it("returns undefined from getWorkflow for a missing workflow", async () => {
      expect(await store().getWorkflow(NS, "nope")).toBeUndefined();
    });

    it("keeps node rows when an update carries no nodes, and replaces them when it does", async () => {
      await store().create<Workflow>({
        ...workflow("wf"),
        status: { nodes: { a: node("a"), b: node("b") } },
      });
      const plain = await store().get<Workflow>("Workflow", NS, "wf");
      await store().update({ ...plain!, metadata: { ...plain!.metadata, labels: { x: "y" } } });
      expect(Object.keys(await nodesOf("wf"))).toEqual(["a", "b"]);
      await store().update<Workflow>({ ...plain!, status: { nodes: { c: node("c") } } });
      expect(Object.keys(await nodesOf("wf"))).toEqual(["c"]);
    });
  });

  describe("commitWorkflow", () => {
    it("replaces the status, keeps metadata and spec, and bumps resourceVersion", async () => {
      const created = await store().create(workflow("wf"));
      await store().commitWorkflow(
        commit("wf", { status: { phase: "Running", startedAt: "2024-01-02T03:04:05Z" } }),
      );
      await store().commitWorkflow(commit("wf", { status: { phase: "Succeeded", message: "done" } }));
      const got = await store().get<Workflow>("Workflow", NS, "wf");
      expect(got?.status).toEqual({ phase: "Succeeded", message: "done" });
      expect(got?.spec).toEqual(created.spec);
      expect(got?.metadata.uid).toBe(created.metadata.uid);
      expect(got?.metadata.labels).toEqual(created.metadata.labels);
      expect(rv(got)).toBeGreaterThan(rv(created));
    });

    it("replaces the labels when the commit carries them, so label selection sees them", async () => {
      await store().create(workflow("wf"));
      const labels = { "workflows.argoproj.io/phase": "Running", "workflows.argoproj.io/completed": "false" };
      await store().commitWorkflow(commit("wf", { labels }));
      expect((await store().get<Workflow>("Workflow", NS, "wf"))?.metadata.labels).toEqual(labels);
      const running = await store().list("Workflow", NS, {
        labels: { "workflows.argoproj.io/phase": "Running" },
      });
      expect(running.map((w) => w.metadata.name)).toEqual(["wf"]);
      await store().commitWorkflow(commit("wf", { status: { phase: "Succeeded" } }));
      expect((await store().get<Workflow>("Workflow", NS, "wf"))?.metadata.labels).toEqual(labels);
    });

    it("writes only the nodes it is given and keeps the others", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow(commit("wf", { changedNodes: [node("a"), node("b")] }));
      const bDone = node("b", "Succeeded", { finishedAt: "2024-01-02T03:04:05Z" });
      await store().commitWorkflow(commit("wf", { changedNodes: [bDone, node("c")] }));
      expect(await nodesOf("wf")).toEqual({ a: node("a"), b: bDone, c: node("c") });
    });

    it("never stores nodes passed inside the status in the object row", async () => {
      await store().create(workflow("wf"));
      const status = { phase: "Running", nodes: { x: node("x") } } as WorkflowCommit["status"];
      await store().commitWorkflow(commit("wf", { status }));
      expect((await store().get<Workflow>("Workflow", NS, "wf"))?.status).toEqual({ phase: "Running" });
    });

    it("fails with NotFound for a missing workflow and records nothing", async () => {
      const c = commit("wf", { changedNodes: [node("a")], actions: [startPod("a")] });
      await expect(store().commitWorkflow(c)).rejects.toMatchObject({ code: "NotFound" });
      await store().create(workflow("wf"));
      expect(await nodesOf("wf")).toEqual({});
      expect(await store().pendingActions(NS, "wf")).toEqual([]);
    });

    it("leaves no partial change when it fails halfway", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow(commit("wf", { changedNodes: [node("a")], actions: [startPod("a")] }));
      const before = await store().getWorkflow(NS, "wf");
      const circular: NodeStatus & { self?: unknown } = node("b");
      circular.self = circular;
      const failing = commit("wf", {
        status: { phase: "Failed" },
        changedNodes: [node("a", "Succeeded"), circular],
        actions: [startPod("c")],
      });
      await expect(store().commitWorkflow(failing)).rejects.toMatchObject({ code: "Invalid" });
      expect(await store().getWorkflow(NS, "wf")).toEqual(before);
      expect((await store().pendingActions(NS, "wf")).map((a) => a.id)).toEqual(["startPod/a"]);
    });

    it("stores a thousand changed nodes in one commit", async () => {
      await store().create(workflow("big"));
      const nodes = Array.from({ length: 1000 }, (_, i) => node(`big-${i}`));
      await store().commitWorkflow(commit("big", { changedNodes: nodes }));
      const stored = await nodesOf("big");
      expect(Object.keys(stored).length).toBe(1000);
      expect(stored["big-999"]).toEqual(nodes[999]);
    });
  });

  describe("pending actions", () => {
    it("stay pending, oldest first, until completed", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow(commit("wf", { actions: [startPod("a"), startPod("b")] }));
      await store().commitWorkflow(
        commit("wf", { actions: [{ id: "wakeAt/wf", kind: "wakeAt", payload: 5 }] }),
      );
      const ids = async () => (await store().pendingActions(NS, "wf")).map((a) => a.id);
      expect(await ids()).toEqual(["startPod/a", "startPod/b", "wakeAt/wf"]);
      await store().completeAction(NS, "wf", "startPod/b");
      expect(await ids()).toEqual(["startPod/a", "wakeAt/wf"]);
      expect((await store().pendingActions(NS, "wf"))[1]).toEqual({
        id: "wakeAt/wf",
        kind: "wakeAt",
        payload: 5,
      });
    });

    it("records an id already pending only once, keeping the first payload", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow(commit("wf", { actions: [startPod("a", { attempt: 1 })] }));
      await store().commitWorkflow(commit("wf", { actions: [startPod("a", { attempt: 2 }), startPod("b")] }));
      expect(await store().pendingActions(NS, "wf")).toEqual([startPod("a", { attempt: 1 }), startPod("b")]);
    });

    it("ignores completing an unknown action", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow(commit("wf", { actions: [startPod("a")] }));
      await store().completeAction(NS, "wf", "startPod/zzz");
      await store().completeAction(NS, "nope", "startPod/a");
      expect(await store().pendingActions(NS, "wf")).toEqual([startPod("a")]);
    });

    it("are empty for a workflow that has none or does not exist", async () => {
      await store().create(workflow("wf"));
      expect(await store().pendingActions(NS, "wf")).toEqual([]);
      expect(await store().pendingActions(NS, "nope")).toEqual([]);
    });
  });

  describe("workflow isolation and deletion", () => {
    it("keeps nodes and actions of same-named workflows in other namespaces apart", async () => {
      await store().create(workflow("wf", "ns1"));
      await store().create(workflow("wf", "ns2"));
      await store().commitWorkflow({
        ...commit("wf", { changedNodes: [node("a")], actions: [startPod("a")] }),
        namespace: "ns1",
      });
      await store().commitWorkflow({ ...commit("wf", { changedNodes: [node("b")] }), namespace: "ns2" });
      expect(Object.keys(await nodesOf("wf", "ns1"))).toEqual(["a"]);
      expect(Object.keys(await nodesOf("wf", "ns2"))).toEqual(["b"]);
      expect(await store().pendingActions("ns2", "wf")).toEqual([]);
    });

    it("removes a deleted workflow's nodes and actions, so a new one starts empty", async () => {
      await store().create(workflow("wf"));
      await store().create(workflow("other"));
      await store().commitWorkflow(commit("wf", { changedNodes: [node("a")], actions: [startPod("a")] }));
      await store().commitWorkflow(commit("other", { changedNodes: [node("o")], actions: [startPod("o")] }));
      expect(await store().delete("Workflow", NS, "wf")).toBe(true);
      expect(await store().getWorkflow(NS, "wf")).toBeUndefined();
      await store().create(workflow("wf"));
      expect(await nodesOf("wf")).toEqual({});
      expect(await store().pendingActions(NS, "wf")).toEqual([]);
      expect(Object.keys(await nodesOf("other"))).toEqual(["o"]);
      expect(await store().pendingActions(NS, "other")).toEqual([startPod("o")]);
    });
  });
}
