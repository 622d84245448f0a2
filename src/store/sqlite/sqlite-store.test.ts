import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import type { Workflow } from "../../spec/types.js";
import { runStoreSuite } from "../store-suite.js";
import { node, workflow } from "../store-suite-fixtures.js";
import { openSqliteStore } from "./sqlite-store.js";

const dir = mkdtempSync(join(tmpdir(), "argosy-store-"));
let files = 0;
const freshFile = () => join(dir, `store-${++files}.db`);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

runStoreSuite("sqlite :memory:", async () => openSqliteStore({ path: ":memory:" }));
runStoreSuite("sqlite file", async () => openSqliteStore({ path: freshFile() }));

describe("sqlite file store", () => {
  it("keeps a workflow, its nodes and its pending actions across close and reopen", async () => {
    const path = freshFile();
    const first = openSqliteStore({ path });
    await first.create(workflow("wf"));
    await first.commitWorkflow({
      namespace: "default",
      name: "wf",
      status: { phase: "Running" },
      changedNodes: [node("wf"), node("wf-1")],
      actions: [{ id: "startPod/wf-1", kind: "startPod", payload: { nodeId: "wf-1" } }],
    });
    const before = await first.getWorkflow("default", "wf");
    await first.close();

    const second = openSqliteStore({ path });
    expect(await second.getWorkflow("default", "wf")).toEqual(before);
    expect(await second.pendingActions("default", "wf")).toEqual([
      { id: "startPod/wf-1", kind: "startPod", payload: { nodeId: "wf-1" } },
    ]);
    const next = await second.create(workflow("later"));
    expect(BigInt(next.metadata.resourceVersion!)).toBeGreaterThan(BigInt(before!.metadata.resourceVersion!));
    await second.close();
  });

  it("opens in WAL mode and applies each migration once", async () => {
    const path = freshFile();
    await openSqliteStore({ path }).close();
    await openSqliteStore({ path }).close();
    const db = new Database(path, { readonly: true });
    try {
      expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
      const versions = db.prepare("SELECT version FROM schema_migrations").pluck().all();
      expect(versions).toEqual([1, 2, 3, 4]);
    } finally {
      db.close();
    }
  });

  it("reads a workflow stored before its status had a column, and commits without touching its body", async () => {
    const path = freshFile();
    const store = openSqliteStore({ path });
    await store.create(workflow("old"));
    await store.close();
    // As 0001/0002 stored it: the status inside body_json, no status column value.
    const raw = new Database(path);
    raw
      .prepare(
        "UPDATE objects SET body_json = json_set(body_json, '$.status', json(?)), status_json = NULL WHERE name = 'old'",
      )
      .run(JSON.stringify({ phase: "Running" }));
    const bodyBefore = raw.prepare("SELECT body_json FROM objects WHERE name = 'old'").pluck().get();
    raw.close();

    const reopened = openSqliteStore({ path });
    expect((await reopened.get<Workflow>("Workflow", "default", "old"))?.status).toEqual({
      phase: "Running",
    });
    await reopened.commitWorkflow({
      namespace: "default",
      name: "old",
      status: { phase: "Succeeded" },
      changedNodes: [],
      actions: [],
    });
    expect((await reopened.get<Workflow>("Workflow", "default", "old"))?.status).toEqual({
      phase: "Succeeded",
    });
    await reopened.close();
    const after = new Database(path, { readonly: true });
    try {
      expect(after.prepare("SELECT body_json FROM objects WHERE name = 'old'").pluck().get()).toBe(
        bodyBefore,
      );
    } finally {
      after.close();
    }
  });

  it("keeps a completion that a failed write rolled back, and applies it with the next one", async () => {
    const path = freshFile();
    const store = openSqliteStore({ path });
    await store.create(workflow("wf"));
    const pod = (id: string) => ({ id: `startPod/${id}`, kind: "startPod", payload: { nodeId: id } });
    await store.commitWorkflow({
      namespace: "default",
      name: "wf",
      status: {},
      changedNodes: [],
      actions: [pod("a"), pod("b")],
    });
    await store.completeAction("default", "wf", "startPod/a");
    const missing = { namespace: "default", name: "gone", status: {}, changedNodes: [], actions: [] };
    await expect(store.commitWorkflow(missing)).rejects.toMatchObject({ code: "NotFound" });
    expect((await store.pendingActions("default", "wf")).map((a) => a.id)).toEqual(["startPod/b"]);
    await store.completeAction("default", "wf", "startPod/b");
    await store.close();
    // Closing writes what was completed: a reopened store has nothing pending.
    const reopened = openSqliteStore({ path });
    expect(await reopened.pendingActions("default", "wf")).toEqual([]);
    await reopened.close();
  });

  it("detects a conflicting update made through another connection", async () => {
    const path = freshFile();
    const a = openSqliteStore({ path });
    const b = openSqliteStore({ path });
    try {
      const created = await a.create(workflow("wf"));
      const seenByB = await b.get<Workflow>("Workflow", "default", "wf");
      await a.update(created, created.metadata.resourceVersion);
      await expect(b.update(seenByB!, seenByB!.metadata.resourceVersion)).rejects.toMatchObject({
        code: "Conflict",
      });
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("creates the folder of a new database file", async () => {
    const path = join(dir, "home", "nested", "argosy.db");
    const store = openSqliteStore({ path });
    await store.create(workflow("wf"));
    await store.close();
    expect(existsSync(path)).toBe(true);
  });

  it("uses the injected clock for creationTimestamp", async () => {
    const store = openSqliteStore({ path: ":memory:", now: () => new Date("2024-01-02T03:04:05.678Z") });
    const created = await store.create(workflow("wf"));
    expect(created.metadata.creationTimestamp).toBe("2024-01-02T03:04:05Z");
    await store.close();
  });
});
