import { afterEach, describe, expect, it } from "vitest";
import { CronHarness, cronWorkflow } from "./testing.js";

let h: CronHarness;
afterEach(async () => {
  await h.close();
});

const everyMinute = (extra: Record<string, unknown> = {}) =>
  cronWorkflow("job", { schedules: ["* * * * *"], ...extra });

async function started(): Promise<CronHarness> {
  h = await CronHarness.open({ at: "2024-01-01T00:00:00Z" });
  await h.start();
  return h;
}

/** Runs one child per minute, finishing each with the given phase 5 seconds after it starts. */
async function runAndFinish(phases: ("Succeeded" | "Failed" | "Error")[]): Promise<string[]> {
  const names: string[] = [];
  let minute = Math.floor(h.clock.nowMs / 60_000) * 60_000;
  for (const phase of phases) {
    minute += 60_000;
    await h.clock.advanceTo(minute, () => h.controller.idle());
    const name = `job-${minute / 1000}`;
    await h.advanceBy(5_000);
    await h.finish(name, phase);
    names.push(name);
  }
  return names;
}

describe("children finishing", () => {
  it("leave the active list and count as succeeded or failed (Error counts as failed)", async () => {
    await started();
    await h.create(everyMinute({ successfulJobsHistoryLimit: 10, failedJobsHistoryLimit: 10 }));
    await h.advanceTo("2024-01-01T00:03:00Z");
    await h.finish("job-1704067260", "Succeeded");
    await h.finish("job-1704067320", "Error");
    const status = await h.status("job");
    expect(status.succeeded).toBe(1);
    expect(status.failed).toBe(1);
    expect((status.active as { name: string }[]).map((r) => r.name)).toEqual(["job-1704067380"]);
  });

  it("a child deleted while running leaves the active list without being counted", async () => {
    await started();
    await h.create(everyMinute());
    await h.advanceTo("2024-01-01T00:01:00Z");
    await h.store.delete("Workflow", "default", "job-1704067260");
    await h.controller.idle();
    const status = await h.status("job");
    expect(status.active).toBeNull();
    expect(status.succeeded).toBe(0);
    expect(status.failed).toBe(0);
  });
});

describe("history limits", () => {
  it("keep 3 successful and 1 failed child by default, deleting the oldest", async () => {
    await started();
    await h.create(everyMinute());
    const names = await runAndFinish(["Succeeded", "Failed", "Succeeded", "Succeeded", "Error", "Succeeded"]);
    const [s1, f1, s2, s3, f2, s4] = names;
    expect((await h.childNames("job")).sort()).toEqual([s2, s3, f2, s4].sort());
    expect(h.deleted.sort()).toEqual([s1, f1].sort());
    const status = await h.status("job");
    expect(status.succeeded).toBe(4);
    expect(status.failed).toBe(2);
  });

  it("follow successfulJobsHistoryLimit and failedJobsHistoryLimit (0 keeps none)", async () => {
    await started();
    await h.create(everyMinute({ successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 0 }));
    const [s1, f1, s2] = await runAndFinish(["Succeeded", "Failed", "Succeeded"]);
    expect(await h.childNames("job")).toEqual([s2]);
    expect(h.deleted.sort()).toEqual([s1, f1].sort());
    // Counted even though deleted at once.
    expect((await h.status("job")).failed).toBe(1);
  });

  it("never delete running children", async () => {
    await started();
    await h.create(everyMinute({ successfulJobsHistoryLimit: 0, failedJobsHistoryLimit: 0 }));
    await h.advanceTo("2024-01-01T00:05:00Z");
    expect(await h.childNames("job")).toHaveLength(5);
    expect(h.deleted).toEqual([]);
  });
});

describe("stopStrategy", () => {
  it("stops scheduling once the expression holds: phase Stopped and the completed label", async () => {
    await started();
    await h.create(
      everyMinute({ stopStrategy: { expression: "cronworkflow.failed >= 2" }, failedJobsHistoryLimit: 5 }),
    );
    await runAndFinish(["Failed", "Succeeded", "Failed"]);
    const cron = await h.cron("job");
    expect((cron.status as { phase: string }).phase).toBe("Stopped");
    expect(cron.metadata.labels).toEqual({ "cronworkflows.argoproj.io/completed": "true" });
    const before = await h.childNames("job");
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect(await h.childNames("job")).toEqual(before);
    expect(h.clock.pending).toBe(0);
  });

  it("is checked at run time too, so a cron created already past its limit never runs", async () => {
    await started();
    const cron = everyMinute({ stopStrategy: { expression: "cronworkflow.succeeded >= 1" } });
    cron.status = {
      succeeded: 1,
      failed: 0,
      active: null,
      lastScheduledTime: null,
      conditions: null,
      phase: "",
    };
    await h.create(cron);
    await h.advanceTo("2024-01-01T00:02:00Z");
    expect(await h.childNames("job")).toEqual([]);
    expect((await h.status("job")).phase).toBe("Stopped");
  });

  it("reports a broken expression as a SpecError", async () => {
    await started();
    await h.create(everyMinute({ stopStrategy: { expression: "cronworkflow.failed" } }));
    await h.advanceTo("2024-01-01T00:01:00Z");
    const conditions = (await h.status("job")).conditions as { type: string; message: string }[];
    expect(conditions).toHaveLength(1);
    expect(conditions[0]?.type).toBe("SpecError");
    expect(conditions[0]?.message).toMatch(
      /^failed to check CronWorkflow 'job' stopping condition: failed to evaluate stop expression: unable to cast/,
    );
    expect(await h.childNames("job")).toEqual([]);
  });
});
