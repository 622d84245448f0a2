import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Workflow } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import { type RunDeps, runScheduled } from "./run.js";
import { CronDraft } from "./status.js";
import { cronWorkflow } from "./testing.js";
import type { CronObject } from "./types.js";

let store: Store;
let submitted: string[];
let terminated: string[];
let deps: RunDeps;
const at = Date.parse("2024-01-01T01:00:00Z");

beforeEach(async () => {
  store = await openSqliteStore({ path: ":memory:" });
  submitted = [];
  terminated = [];
  deps = {
    submit: async (wf: Workflow) => {
      submitted.push(wf.metadata.name ?? "");
      return store.create(wf);
    },
    terminate: async (_ns, name) => {
      terminated.push(name);
    },
    getWorkflow: (ns, name) => store.get<Workflow>("Workflow", ns, name),
    now: () => at,
    log: () => {},
  };
});
afterEach(async () => {
  await store.close();
});

async function draftOf(spec: Record<string, unknown>, status?: Record<string, unknown>): Promise<CronDraft> {
  const cron = cronWorkflow("job", { schedules: ["0 * * * *"], ...spec });
  if (status) cron.status = status;
  return new CronDraft(store, await store.create<CronObject>(cron));
}

describe("runScheduled", () => {
  it("never runs a time at or before lastScheduledTime", async () => {
    const draft = await draftOf(
      { concurrencyPolicy: "Replace" },
      {
        lastScheduledTime: "2024-01-01T01:00:00Z",
        active: [
          {
            kind: "Workflow",
            apiVersion: "argoproj.io/v1alpha1",
            name: "job-1704070800",
            namespace: "default",
            uid: "u",
          },
        ],
      },
    );
    expect(await runScheduled(deps, draft, at)).toBe("skipped");
    expect(submitted).toEqual([]);
    expect(terminated).toEqual([]);
  });

  it("checks suspend before evaluating `when`, so a broken `when` is no error while suspended", async () => {
    const draft = await draftOf({ suspend: true, when: "{{= nope.nope }}" });
    expect(await runScheduled(deps, draft, at)).toBe("skipped");
    expect(draft.status.conditions).toBeNull();
    expect(draft.status.failed).toBe(0);
  });

  it("records the schedule it used, even when it skips", async () => {
    const draft = await draftOf({ suspend: true, timezone: "Asia/Tokyo" });
    await runScheduled(deps, draft, at);
    expect(draft.cron.metadata.annotations).toEqual({
      "cronworkflows.argoproj.io/last-used-schedule": "CRON_TZ=Asia/Tokyo 0 * * * *",
    });
  });

  it("submits and records the child", async () => {
    const draft = await draftOf({});
    expect(await runScheduled(deps, draft, at)).toBe("submitted");
    expect(submitted).toEqual(["job-1704070800"]);
    expect(draft.status).toMatchObject({
      phase: "Active",
      lastScheduledTime: "2024-01-01T01:00:00Z",
      active: [{ name: "job-1704070800", kind: "Workflow" }],
    });
  });
});
