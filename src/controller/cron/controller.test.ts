import { afterEach, describe, expect, it } from "vitest";
import { CronHarness, cronWorkflow } from "./testing.js";

let h: CronHarness;
afterEach(async () => {
  await h.close();
});

async function started(at: string, timezone?: string): Promise<CronHarness> {
  h = await CronHarness.open({ at, ...(timezone ? { timezone } : {}) });
  await h.start();
  return h;
}

describe("CronController scheduling", () => {
  it("starts a child at each scheduled time, with Argo's name, labels and status", async () => {
    await started("2024-01-01T00:00:30Z");
    const cron = await h.create(cronWorkflow("every-minute", { schedules: ["* * * * *"] }));
    expect(await h.childNames("every-minute")).toEqual([]);

    await h.advanceTo("2024-01-01T00:03:10Z");
    const children = await h.children("every-minute");
    expect(children.map((wf) => wf.metadata.name)).toEqual([
      "every-minute-1704067260",
      "every-minute-1704067320",
      "every-minute-1704067380",
    ]);
    const first = children[0]!;
    expect(first.metadata.labels).toEqual({ "workflows.argoproj.io/cron-workflow": "every-minute" });
    expect(first.metadata.annotations).toEqual({
      "workflows.argoproj.io/scheduled-time": "2024-01-01T00:01:00Z",
    });
    expect(first.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "CronWorkflow",
      uid: cron.metadata.uid,
    });

    const stored = await h.cron("every-minute");
    expect(stored.metadata.annotations).toEqual({
      "cronworkflows.argoproj.io/last-used-schedule": "* * * * *",
    });
    expect(stored.status).toEqual({
      active: children.map((wf) => ({
        kind: "Workflow",
        apiVersion: "argoproj.io/v1alpha1",
        name: wf.metadata.name,
        namespace: "default",
        uid: wf.metadata.uid,
        resourceVersion: wf.metadata.resourceVersion,
      })),
      lastScheduledTime: "2024-01-01T00:03:00Z",
      conditions: null,
      succeeded: 0,
      failed: 0,
      phase: "Active",
    });
  });

  it("runs once when two schedules fall on the same time", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("two", { schedules: ["*/30 * * * *", "0 * * * *"] }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect(await h.childNames("two")).toEqual(["two-1704069000", "two-1704070800"]);
  });

  it("reads the single v3.6 `schedule` field", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("old", { schedule: "@hourly" }));
    await h.advanceTo("2024-01-01T02:00:00Z");
    expect(await h.childNames("old")).toEqual(["old-1704070800", "old-1704074400"]);
  });

  it("runs @every from when it was armed", async () => {
    await started("2024-01-01T00:00:00.400Z");
    await h.create(cronWorkflow("tick", { schedules: ["@every 10s"] }));
    await h.advanceTo("2024-01-01T00:00:35Z");
    expect(await h.childNames("tick")).toEqual(["tick-1704067210", "tick-1704067220", "tick-1704067230"]);
  });

  it("follows the timezone across DST: a daily 02:30 in New York skips the spring-forward day", async () => {
    await started("2024-03-08T12:00:00Z");
    await h.create(cronWorkflow("ny", { schedules: ["30 2 * * *"], timezone: "America/New_York" }));
    await h.advanceTo("2024-03-12T12:00:00Z");
    const times = (await h.children("ny")).map(
      (wf) => wf.metadata.annotations?.["workflows.argoproj.io/scheduled-time"],
    );
    // 02:30 EST on the 9th, nothing on the 10th, then 02:30 EDT.
    expect(times).toEqual(["2024-03-09T07:30:00Z", "2024-03-11T06:30:00Z", "2024-03-12T06:30:00Z"]);
    expect((await h.cron("ny")).metadata.annotations?.["cronworkflows.argoproj.io/last-used-schedule"]).toBe(
      "CRON_TZ=America/New_York 30 2 * * *",
    );
  });

  it("runs a daily 02:30 in New York once on the fall-back day", async () => {
    await started("2024-11-02T12:00:00Z");
    await h.create(cronWorkflow("ny", { schedules: ["CRON_TZ=America/New_York 30 2 * * *"] }));
    await h.advanceTo("2024-11-04T12:00:00Z");
    expect(await h.childNames("ny")).toEqual(["ny-1730619000", "ny-1730705400"]);
  });

  it("uses the controller's zone for schedules without one", async () => {
    await started("2024-07-01T00:00:00Z", "Europe/Paris");
    await h.create(cronWorkflow("paris", { schedules: ["0 9 * * *"] }));
    await h.advanceTo("2024-07-01T08:00:00Z");
    expect(await h.childNames("paris")).toEqual(["paris-1719817200"]);
  });
});

describe("CronController robustness", () => {
  it("waits past the longest timer a host allows (@yearly)", async () => {
    await started("2024-01-01T00:00:01Z");
    await h.create(cronWorkflow("y", { schedules: ["@yearly"] }));
    await h.advanceTo("2025-06-01T00:00:00Z");
    expect(await h.childNames("y")).toEqual(["y-1735689600"]);
  });

  it("turns a malformed CronWorkflow into a SpecError and keeps scheduling the others", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "junk", namespace: "default" },
      spec: null,
    });
    await h.create({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "odd", namespace: "default" },
      spec: {
        schedules: ["@hourly"],
        workflowSpec: "not a spec",
        startingDeadlineSeconds: "soon",
        status: 7,
      },
      status: "garbage",
    });
    await h.create(cronWorkflow("fine", { schedules: ["@hourly"] }));
    expect((await h.status("junk")).conditions).toEqual([
      { type: "SpecError", status: "True", message: "cron workflow must have at least one schedule" },
    ]);
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect(await h.childNames("fine")).toEqual(["fine-1704070800"]);
    const odd = await h.children("odd");
    expect(odd.map((wf) => [wf.metadata.name, wf.spec])).toEqual([["odd-1704070800", {}]]);
    expect((await h.status("odd")).lastScheduledTime).toBe("2024-01-01T01:00:00Z");
  });
});

describe("CronController watching the store", () => {
  it("re-arms when the schedule is edited, and stops when the cron is deleted (deleting its children)", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("w", { schedules: ["0 * * * *"] }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    await h.edit("w", (c) => {
      (c.spec as { schedules: string[] }).schedules = ["15 * * * *"];
    });
    await h.advanceTo("2024-01-01T02:30:00Z");
    expect(await h.childNames("w")).toEqual(["w-1704070800", "w-1704071700", "w-1704075300"]);

    await h.store.create({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "bystander", namespace: "default" },
      spec: {},
    });
    await h.store.delete("CronWorkflow", "default", "w");
    await h.controller.idle();
    expect(await h.childNames("w")).toEqual([]);
    expect(h.deleted.sort()).toEqual(["w-1704070800", "w-1704071700", "w-1704075300"]);
    expect(await h.store.get("Workflow", "default", "bystander")).toBeDefined();
    expect(h.clock.pending).toBe(0);
    await h.advanceTo("2024-01-01T05:00:00Z");
    expect(await h.childNames("w")).toEqual([]);
  });

  it("picks up CronWorkflows stored before it started", async () => {
    h = await CronHarness.open({ at: "2024-01-01T00:00:00Z" });
    await h.store.create(cronWorkflow("early", { schedules: ["@hourly"] }));
    await h.start();
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect(await h.childNames("early")).toEqual(["early-1704070800"]);
  });

  it("stops scheduling when stopped", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("s", { schedules: ["@hourly"] }));
    h.controller.stop();
    await h.advanceTo("2024-01-01T03:00:00Z");
    expect(await h.childNames("s")).toEqual([]);
    expect(h.clock.pending).toBe(0);
  });

  it("keeps CronWorkflows of different namespaces apart", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("same", { schedules: ["@hourly"] }, "a"));
    await h.create(cronWorkflow("same", { schedules: ["30 * * * *"] }, "b"));
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect((await h.children("same", "a")).map((wf) => wf.metadata.name)).toEqual(["same-1704070800"]);
    expect((await h.children("same", "b")).map((wf) => wf.metadata.name)).toEqual(["same-1704069000"]);
  });
});

describe("CronController spec errors", () => {
  it("records a SpecError for a bad schedule, runs nothing, and recovers when it is fixed", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("bad", { schedules: ["10 * * 12737123 *"] }));
    expect((await h.status("bad")).conditions).toEqual([
      {
        type: "SpecError",
        status: "True",
        message:
          "cron schedule 10 * * 12737123 * is malformed: end of range (12737123) above maximum (12): 12737123",
      },
    ]);
    expect(h.clock.pending).toBe(0);
    await h.edit("bad", (c) => {
      (c.spec as { schedules: string[] }).schedules = ["@hourly"];
    });
    expect((await h.status("bad")).conditions).toBeNull();
    await h.advanceTo("2024-01-01T01:00:00Z");
    expect(await h.childNames("bad")).toEqual(["bad-1704070800"]);
  });

  it("clears a SpecError an earlier controller wrote, once the spec is fixed", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("bad", { schedules: ["@often"] }));
    h.controller.stop();
    await h.edit("bad", (c) => {
      (c.spec as { schedules: string[] }).schedules = ["@hourly"];
    });
    await h.restartAt("2024-01-01T00:10:00Z");
    expect((await h.status("bad")).conditions).toBeNull();
  });

  it("records an invalid timezone", async () => {
    await started("2024-01-01T00:00:00Z");
    await h.create(cronWorkflow("tz", { schedules: ["@hourly"], timezone: "Mars/Base" }));
    expect((await h.status("tz")).conditions).toEqual([
      {
        type: "SpecError",
        status: "True",
        message: 'invalid timezone "Mars/Base": unknown time zone Mars/Base',
      },
    ]);
  });
});
