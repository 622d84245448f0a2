import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openSqliteStore } from "../../store/index.js";
import type { Store, WatchEvent } from "../../store/types.js";
import { CronDraft, submissionError, upsertCondition } from "./status.js";
import { cronWorkflow } from "./testing.js";
import type { CronObject } from "./types.js";

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore({ path: ":memory:" });
});
afterEach(async () => {
  await store.close();
});

describe("CronDraft", () => {
  it("writes Argo's full status shape", async () => {
    const cron = await store.create<CronObject>(cronWorkflow("c", { schedules: ["@daily"] }));
    const draft = new CronDraft(store, cron);
    draft.apply(submissionError("Failed to submit Workflow: boom"));
    await draft.save();
    expect((await store.get<CronObject>("CronWorkflow", "default", "c"))?.status).toEqual({
      active: null,
      lastScheduledTime: null,
      conditions: [{ type: "SubmissionError", status: "True", message: "Failed to submit Workflow: boom" }],
      succeeded: 0,
      failed: 1,
      phase: "",
    });
  });

  it("writes nothing when nothing changed (so no watch event)", async () => {
    const cron = await store.create<CronObject>(cronWorkflow("c", { schedules: ["@daily"] }));
    const events: WatchEvent[] = [];
    store.watch("CronWorkflow", (e) => events.push(e));
    const draft = new CronDraft(store, cron);
    draft.apply((_c, s) => {
      s.failed += 0;
    });
    expect(await draft.save()).toBe(cron);
    expect(events).toEqual([]);
  });

  it("replays its changes on the newer object after a conflict, keeping the other writer's edit", async () => {
    const stale = await store.create<CronObject>(cronWorkflow("c", { schedules: ["@daily"] }));
    const draft = new CronDraft(store, stale);
    draft.apply(submissionError("first"));
    const edited = structuredClone(stale);
    (edited.spec as { suspend: boolean }).suspend = true;
    edited.status = { failed: 5 };
    await store.update(edited);

    const saved = await draft.save();
    expect(saved?.spec).toMatchObject({ suspend: true });
    expect(saved?.status).toMatchObject({
      failed: 6,
      conditions: [{ type: "SubmissionError", message: "first" }],
    });
  });

  it("gives up quietly when the cron was deleted or replaced", async () => {
    const cron = await store.create<CronObject>(cronWorkflow("c", { schedules: ["@daily"] }));
    const draft = new CronDraft(store, cron);
    draft.apply(upsertCondition("SpecError", "x"));
    await store.delete("CronWorkflow", "default", "c");
    expect(await draft.save()).toBeUndefined();

    const old = await store.create<CronObject>(cronWorkflow("d", { schedules: ["@daily"] }));
    const replaced = new CronDraft(store, old);
    replaced.apply(upsertCondition("SpecError", "x"));
    await store.delete("CronWorkflow", "default", "d");
    await store.create(cronWorkflow("d", { schedules: ["@daily"] }));
    expect(await replaced.save()).toBeUndefined();
    expect((await store.get<CronObject>("CronWorkflow", "default", "d"))?.status).toBeUndefined();
  });
});
