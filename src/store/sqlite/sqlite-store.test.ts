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
      expect(versions).toEqual([1, 2]);
    } finally {
      db.close();
    }
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
