/** Store suite, part 3: the workflow archive (archive, list with filters, get, delete, archiveTTL). */
import { describe, expect, it } from "vitest";
import type { Workflow, WorkflowPhase } from "../spec/types.js";
import { type CurrentStore, node, workflow } from "./store-suite-fixtures.js";

const PERSISTED = { "workflows.argoproj.io/workflow-archiving-status": "Persisted" };

interface Finished {
  name: string;
  namespace?: string;
  uid?: string;
  phase?: WorkflowPhase;
  startedAt?: string;
  finishedAt?: string;
  labels?: Record<string, string>;
  nodes?: number;
}

/** A finished workflow as the controller would archive it: uid, times, phase and nodes. */
function finished(f: Finished): Workflow {
  const base = workflow(f.name, f.namespace);
  const nodes = Object.fromEntries(
    Array.from({ length: f.nodes ?? 2 }, (_, i) => [`${f.name}-${i}`, node(`${f.name}-${i}`, "Succeeded")]),
  );
  return {
    ...base,
    metadata: {
      ...base.metadata,
      uid: f.uid ?? `uid-${f.namespace ?? "default"}-${f.name}`,
      creationTimestamp: "2024-01-01T00:00:00Z",
      labels: f.labels ?? { app: "suite" },
    },
    status: {
      phase: f.phase ?? "Succeeded",
      startedAt: f.startedAt ?? "2024-01-01T00:00:00Z",
      finishedAt: f.finishedAt ?? "2024-01-01T00:01:00Z",
      nodes,
    },
  };
}

/** Registers the archive tests; `store()` is the store of the running test. */
export function registerArchiveTests(store: CurrentStore): void {
  const names = async (options?: Parameters<ReturnType<CurrentStore>["listArchivedWorkflows"]>[0]) =>
    (await store().listArchivedWorkflows(options)).map((w) => w.metadata.name);

  async function archiveAll(...list: Finished[]): Promise<void> {
    for (const f of list) await store().archiveWorkflow(finished(f));
  }

  describe("archiveWorkflow and getArchivedWorkflow", () => {
    it("keeps the whole workflow with its nodes, labelled Persisted, and leaves the input alone", async () => {
      const wf = finished({ name: "wf", nodes: 3 });
      const before = structuredClone(wf);
      await store().archiveWorkflow(wf);
      expect(wf).toEqual(before);
      const got = await store().getArchivedWorkflow("uid-default-wf");
      expect(got).toEqual({ ...wf, metadata: { ...wf.metadata, labels: { app: "suite", ...PERSISTED } } });
      expect(Object.keys(got?.status?.nodes ?? {})).toEqual(["wf-0", "wf-1", "wf-2"]);
    });

    it("returns undefined for an unknown uid", async () => {
      expect(await store().getArchivedWorkflow("nope")).toBeUndefined();
    });

    it("replaces the copy of a uid archived again, labels included", async () => {
      await archiveAll({ name: "wf", phase: "Failed", labels: { team: "a" } });
      await archiveAll({ name: "wf", phase: "Succeeded", labels: { team: "b" }, nodes: 1 });
      const list = await store().listArchivedWorkflows();
      expect(list.length).toBe(1);
      expect(list[0]?.status?.phase).toBe("Succeeded");
      expect(await names({ labels: { team: "a" } })).toEqual([]);
      expect(await names({ labels: { team: "b" } })).toEqual(["wf"]);
      const got = await store().getArchivedWorkflow("uid-default-wf");
      expect(Object.keys(got?.status?.nodes ?? {})).toEqual(["wf-0"]);
    });

    it("keeps the copy after the live workflow is deleted", async () => {
      const live = await store().create(workflow("wf"));
      await store().archiveWorkflow({ ...live, status: { phase: "Succeeded" } });
      await store().delete("Workflow", "default", "wf");
      expect((await store().getArchivedWorkflow(live.metadata.uid!))?.metadata.name).toBe("wf");
    });

    it("archives a workflow without nodes and gives it back without nodes", async () => {
      const wf = finished({ name: "bare" });
      delete wf.status?.nodes;
      await store().archiveWorkflow(wf);
      expect((await store().getArchivedWorkflow("uid-default-bare"))?.status).toEqual(wf.status);
    });

    it("keeps two thousand nodes", async () => {
      await store().archiveWorkflow(finished({ name: "big", nodes: 2000 }));
      const got = await store().getArchivedWorkflow("uid-default-big");
      expect(Object.keys(got?.status?.nodes ?? {}).length).toBe(2000);
      expect(got?.status?.nodes?.["big-1999"]).toEqual(node("big-1999", "Succeeded"));
    });

    it("rejects a workflow without uid or with a bad time as Invalid and stores nothing", async () => {
      const noUid = finished({ name: "a" });
      delete noUid.metadata.uid;
      await expect(store().archiveWorkflow(noUid)).rejects.toMatchObject({ code: "Invalid" });
      const badTime = finished({ name: "b", startedAt: "yesterday" });
      await expect(store().archiveWorkflow(badTime)).rejects.toMatchObject({ code: "Invalid" });
      expect(await store().listArchivedWorkflows()).toEqual([]);
    });
  });

  describe("listArchivedWorkflows", () => {
    it("lists newest first by startedAt, without nodes", async () => {
      await archiveAll(
        { name: "old", startedAt: "2024-01-01T00:00:00Z" },
        { name: "new", startedAt: "2024-03-01T00:00:00Z" },
        { name: "mid", startedAt: "2024-02-01T00:00:00.500Z" },
      );
      const list = await store().listArchivedWorkflows();
      expect(list.map((w) => w.metadata.name)).toEqual(["new", "mid", "old"]);
      for (const w of list) expect(w.status?.nodes).toBeUndefined();
      expect(list[0]?.status?.phase).toBe("Succeeded");
      expect(list[0]?.metadata.labels).toEqual({ app: "suite", ...PERSISTED });
    });

    it("filters by namespace", async () => {
      await archiveAll({ name: "a", namespace: "ns1" }, { name: "b", namespace: "ns2" });
      expect(await names({ namespace: "ns1" })).toEqual(["a"]);
      expect((await names()).sort()).toEqual(["a", "b"]);
    });

    it("filters by name prefix, case-sensitively and with no wildcards", async () => {
      await archiveAll({ name: "build-1" }, { name: "build-2" }, { name: "Build-3" }, { name: "deploy" });
      await archiveAll({ name: "b%x" });
      expect((await names({ namePrefix: "build-" })).sort()).toEqual(["build-1", "build-2"]);
      expect(await names({ namePrefix: "b%" })).toEqual(["b%x"]);
      expect(await names({ namePrefix: "b_" })).toEqual([]);
    });

    it("filters by every given label", async () => {
      await archiveAll(
        { name: "a", labels: { team: "x", env: "prod" } },
        { name: "b", labels: { team: "x", env: "dev" } },
        { name: "c", labels: { team: "y", env: "prod" } },
      );
      expect((await names({ labels: { team: "x" } })).sort()).toEqual(["a", "b"]);
      expect(await names({ labels: { team: "x", env: "prod" } })).toEqual(["a"]);
      expect(await names({ labels: { team: "z" } })).toEqual([]);
      expect((await names({ labels: PERSISTED })).length).toBe(3);
    });

    it("filters by start time, both bounds inclusive", async () => {
      await archiveAll(
        { name: "jan", startedAt: "2024-01-15T00:00:00Z" },
        { name: "feb", startedAt: "2024-02-15T00:00:00Z" },
        { name: "mar", startedAt: "2024-03-15T00:00:00Z" },
      );
      expect(await names({ startedAfter: "2024-02-15T00:00:00Z" })).toEqual(["mar", "feb"]);
      expect(await names({ startedBefore: "2024-02-15T00:00:00.000Z" })).toEqual(["feb", "jan"]);
      expect(
        await names({ startedAfter: "2024-02-01T00:00:00Z", startedBefore: "2024-03-01T00:00:00Z" }),
      ).toEqual(["feb"]);
    });

    it("pages with limit and offset; limit 0 lists all", async () => {
      for (let i = 1; i <= 5; i++)
        await archiveAll({ name: `wf-${i}`, startedAt: `2024-01-0${i}T00:00:00Z` });
      expect(await names({ limit: 2 })).toEqual(["wf-5", "wf-4"]);
      expect(await names({ limit: 2, offset: 2 })).toEqual(["wf-3", "wf-2"]);
      expect(await names({ limit: 2, offset: 4 })).toEqual(["wf-1"]);
      expect(await names({ offset: 3 })).toEqual(["wf-2", "wf-1"]);
      expect((await names({ limit: 0 })).length).toBe(5);
    });

    it("combines filters", async () => {
      await archiveAll(
        { name: "ci-1", namespace: "ci", labels: { team: "x" }, startedAt: "2024-01-01T00:00:00Z" },
        { name: "ci-2", namespace: "ci", labels: { team: "x" }, startedAt: "2024-01-02T00:00:00Z" },
        { name: "ci-3", namespace: "ci", labels: { team: "y" }, startedAt: "2024-01-03T00:00:00Z" },
        { name: "ci-4", namespace: "other", labels: { team: "x" }, startedAt: "2024-01-04T00:00:00Z" },
      );
      const got = await names({ namespace: "ci", namePrefix: "ci-", labels: { team: "x" }, limit: 1 });
      expect(got).toEqual(["ci-2"]);
    });

    it("rejects bad options as Invalid", async () => {
      await expect(store().listArchivedWorkflows({ limit: -1 })).rejects.toMatchObject({ code: "Invalid" });
      await expect(store().listArchivedWorkflows({ offset: 1.5 })).rejects.toMatchObject({ code: "Invalid" });
      await expect(store().listArchivedWorkflows({ startedAfter: "soon" })).rejects.toMatchObject({
        code: "Invalid",
      });
    });
  });

  describe("deleting archived workflows", () => {
    it("deletes one by uid, and says whether it existed", async () => {
      await archiveAll({ name: "a", labels: { team: "x" } }, { name: "b", labels: { team: "x" } });
      expect(await store().deleteArchivedWorkflow("uid-default-a")).toBe(true);
      expect(await store().deleteArchivedWorkflow("uid-default-a")).toBe(false);
      expect(await store().getArchivedWorkflow("uid-default-a")).toBeUndefined();
      expect(await names({ labels: { team: "x" } })).toEqual(["b"]);
    });

    it("deletes those that finished before a time (archiveTTL) and counts them", async () => {
      await archiveAll(
        { name: "old", finishedAt: "2024-01-01T00:00:00Z" },
        { name: "edge", finishedAt: "2024-01-10T00:00:00Z" },
        { name: "new", finishedAt: "2024-01-20T00:00:00Z" },
      );
      expect(await store().deleteArchivedWorkflowsBefore("2024-01-10T00:00:00Z")).toBe(1);
      expect((await names()).sort()).toEqual(["edge", "new"]);
      expect(await store().deleteArchivedWorkflowsBefore("2024-01-10T00:00:00Z")).toBe(0);
      await expect(store().deleteArchivedWorkflowsBefore("never")).rejects.toMatchObject({ code: "Invalid" });
    });
  });
}
