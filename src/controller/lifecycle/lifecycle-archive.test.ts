import { afterEach, describe, expect, it } from "vitest";
import type { Workflow } from "../../spec/types.js";
import { commit, type Harness, harness, isoAt, lifecycleWorkflow, podNode } from "./testing.js";

let h: Harness;
afterEach(() => h?.controller.stop());

const STATUS = "workflows.argoproj.io/workflow-archiving-status";
const DAY = 86_400_000;

async function archiving(archiveTTL?: string, extra: Parameters<typeof harness>[0] = {}): Promise<Harness> {
  h = harness({ ...extra, config: { archive: true, ...(archiveTTL ? { archiveTTL } : {}) } });
  await h.controller.start();
  return h;
}

const live = (name = "wf") => h.store.get<Workflow>("Workflow", "default", name);

describe("archive", () => {
  it("archives a completed workflow with its nodes and labels the live one Archived", async () => {
    await archiving();
    const created = await h.store.create(lifecycleWorkflow("wf", {}, { team: "x" }));
    await commit(h, "wf", "Running", [podNode("wf", "a", "a", "Running")]);
    await h.advance(1000);
    expect(await h.store.listArchivedWorkflows()).toEqual([]);
    await commit(h, "wf", "Failed", [podNode("wf", "a", "a", "Failed")]);
    await h.advance(0);
    const copy = await h.store.getArchivedWorkflow(created.metadata.uid!);
    expect(copy?.status?.phase).toBe("Failed");
    expect(Object.values(copy?.status?.nodes ?? {}).map((n) => n.phase)).toEqual(["Failed"]);
    expect(copy?.metadata.labels).toEqual({ team: "x", [STATUS]: "Persisted" });
    expect((await live())?.metadata.labels).toEqual({ team: "x", [STATUS]: "Archived" });
    expect((await live())?.status?.phase).toBe("Failed");
    expect(h.store.calls.archiveWorkflow).toBe(1);
  });

  it('keeps out a workflow labelled workflows.argoproj.io/archive-strategy: "false"', async () => {
    await archiving();
    await h.store.create(lifecycleWorkflow("wf", {}, { "workflows.argoproj.io/archive-strategy": "false" }));
    await commit(h, "wf", "Succeeded");
    await h.advance(60_000);
    expect(await h.store.listArchivedWorkflows()).toEqual([]);
    expect((await live())?.metadata.labels?.[STATUS]).toBeUndefined();
  });

  it("archives nothing when the archive is off", async () => {
    h = harness({ config: { archive: false } });
    await h.controller.start();
    await h.store.create(lifecycleWorkflow("wf"));
    await commit(h, "wf", "Succeeded");
    await h.advance(60_000);
    expect(h.store.calls.archiveWorkflow).toBe(0);
  });

  it("archives before the TTL deletes, so a short-lived workflow is still in the archive", async () => {
    await archiving();
    const created = await h.store.create(
      lifecycleWorkflow("wf", { ttlStrategy: { secondsAfterCompletion: 0 } }),
    );
    await commit(h, "wf", "Succeeded");
    await h.advance(0);
    expect(h.deleted).toEqual(["default/wf"]);
    expect((await h.store.getArchivedWorkflow(created.metadata.uid!))?.metadata.name).toBe("wf");
  });

  it("archives again after a retry completes the workflow a second time", async () => {
    await archiving();
    const created = await h.store.create(lifecycleWorkflow("wf"));
    await commit(h, "wf", "Failed");
    await h.advance(1000);
    // A retry drops the archiving-status label (as Argo's retry does) and runs again.
    const wf = await live();
    const { [STATUS]: _gone, ...labels } = wf?.metadata.labels ?? {};
    await h.store.update({ ...wf!, metadata: { ...wf!.metadata, labels } });
    await commit(h, "wf", "Running");
    await h.advance(1000);
    await commit(h, "wf", "Succeeded");
    await h.advance(1000);
    expect(h.store.calls.archiveWorkflow).toBe(2);
    expect((await h.store.getArchivedWorkflow(created.metadata.uid!))?.status?.phase).toBe("Succeeded");
  });

  it("labels the live workflow even when its runner commits in between (resourceVersion conflict)", async () => {
    await archiving();
    await h.store.create(lifecycleWorkflow("wf"));
    await commit(h, "wf", "Succeeded");
    // Right after the controller reads the live workflow to label it, the runner commits once more.
    const get = h.store.get.bind(h.store);
    let raced = 0;
    h.store.get = (async (kind: string, ns: string, name: string) => {
      const got = await get(kind, ns, name);
      if (h.store.calls.archiveWorkflow === 1 && raced++ === 0) {
        await commit(h, "wf", "Succeeded", [], { message: "late" });
      }
      return got;
    }) as typeof h.store.get;
    await h.advance(0);
    const after = await live();
    expect(raced).toBeGreaterThanOrEqual(2);
    expect(after?.metadata.labels?.[STATUS]).toBe("Archived");
    expect(after?.status?.message).toBe("late");
  });
});

describe("archiveTTL", () => {
  async function archivedAt(name: string, finishedAt: number): Promise<void> {
    const wf = lifecycleWorkflow(name);
    await h.store.archiveWorkflow({
      ...wf,
      metadata: { ...wf.metadata, uid: `uid-${name}` },
      status: { phase: "Succeeded", startedAt: isoAt(finishedAt), finishedAt: isoAt(finishedAt) },
    });
  }

  const archivedNames = async () =>
    (await h.store.listArchivedWorkflows()).map((w) => w.metadata.name).sort();

  it("deletes archived workflows older than archiveTTL at start and then once per period", async () => {
    h = harness({ config: { archive: true, archiveTTL: "7d" }, archiveGCPeriodMs: DAY });
    const now = h.clock.nowMs;
    await archivedAt("old", now - 8 * DAY);
    await archivedAt("recent", now - 6 * DAY - 1000);
    await archivedAt("fresh", now);
    await h.controller.start();
    expect(await archivedNames()).toEqual(["fresh", "recent"]);
    await h.advance(DAY - 1);
    expect(await archivedNames()).toEqual(["fresh", "recent"]);
    await h.advance(1);
    expect(await archivedNames()).toEqual(["fresh"]);
    // "fresh" finished at the start: the run 8 days later is the first to find it 7 days old.
    await h.advance(6 * DAY);
    expect(await archivedNames()).toEqual(["fresh"]);
    await h.advance(DAY);
    expect(await archivedNames()).toEqual([]);
  });

  it("takes a Go duration too", async () => {
    h = harness({ config: { archive: true, archiveTTL: "1h30m" } });
    await archivedAt("a", h.clock.nowMs - 91 * 60_000);
    await archivedAt("b", h.clock.nowMs - 89 * 60_000);
    await h.controller.start();
    expect(await archivedNames()).toEqual(["b"]);
  });

  it("keeps archived workflows forever without archiveTTL", async () => {
    h = harness({ config: { archive: true } });
    await archivedAt("a", h.clock.nowMs - 400 * DAY);
    await h.controller.start();
    await h.advance(400 * DAY);
    expect(await archivedNames()).toEqual(["a"]);
  });

  it("logs an archiveTTL it cannot read and keeps the archive", async () => {
    h = harness({ config: { archive: true, archiveTTL: "a week" } });
    await archivedAt("a", h.clock.nowMs - 400 * DAY);
    await h.controller.start();
    await h.advance(2 * DAY);
    expect(await archivedNames()).toEqual(["a"]);
    expect(h.lines.some((l) => l.startsWith("archiveTTL ignored"))).toBe(true);
  });
});
