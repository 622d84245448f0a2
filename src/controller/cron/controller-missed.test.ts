import { afterEach, describe, expect, it } from "vitest";
import { CronHarness, cronWorkflow } from "./testing.js";

let h: CronHarness;
afterEach(async () => {
  await h.close();
});

/** A cron that ran at 01:00, then a controller that was down until `until`. */
async function downUntil(until: string, spec: Record<string, unknown>): Promise<void> {
  h = await CronHarness.open({ at: "2024-01-01T00:00:00Z" });
  await h.start();
  await h.create(cronWorkflow("job", { schedules: ["0 * * * *"], ...spec }));
  await h.advanceTo("2024-01-01T01:00:00Z");
  expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  await h.restartAt(until);
}

describe("missed runs after downtime (startingDeadlineSeconds)", () => {
  it("are not made up without startingDeadlineSeconds", async () => {
    await downUntil("2024-01-01T03:00:30Z", {});
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
    await h.advanceTo("2024-01-01T04:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704081600"]);
  });

  it("are not made up with startingDeadlineSeconds: 0", async () => {
    await downUntil("2024-01-01T03:00:00.500Z", { startingDeadlineSeconds: 0 });
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  });

  it("make up the most recent missed time, once, when within the deadline", async () => {
    await downUntil("2024-01-01T03:00:30Z", { startingDeadlineSeconds: 60 });
    // 02:00 and 03:00 were missed; only 03:00 is within 60 s.
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
    const status = await h.status("job");
    expect(status.lastScheduledTime).toBe("2024-01-01T03:00:00Z");
    await h.advanceTo("2024-01-01T04:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000", "job-1704081600"]);
  });

  it("are dropped when the most recent one is past the deadline", async () => {
    await downUntil("2024-01-01T03:02:00Z", { startingDeadlineSeconds: 60 });
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  });

  it("are not made up right after the schedule was changed", async () => {
    h = await CronHarness.open({ at: "2024-01-01T00:00:00Z" });
    await h.start();
    await h.create(cronWorkflow("job", { schedules: ["0 * * * *"], startingDeadlineSeconds: 600 }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    h.controller.stop();
    await h.edit("job", (c) => {
      (c.spec as { schedules: string[] }).schedules = ["30 * * * *"];
    });
    await h.restartAt("2024-01-01T01:35:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  });

  it("do not run twice when the child of that time already exists", async () => {
    await downUntil("2024-01-01T03:00:30Z", { startingDeadlineSeconds: 60 });
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
    // Lose the status write (as after a crash between submit and status) and restart.
    h.controller.stop();
    await h.edit("job", (c) => {
      const status = c.status as { lastScheduledTime: string; active: unknown };
      status.lastScheduledTime = "2024-01-01T01:00:00Z";
      status.active = null;
    });
    await h.restartAt("2024-01-01T03:00:40Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
    const status = await h.status("job");
    expect(status.lastScheduledTime).toBe("2024-01-01T03:00:00Z");
    expect((status.active as { name: string }[]).map((r) => r.name)).toEqual([
      "job-1704070800",
      "job-1704078000",
    ]);
  });

  it("resume timers after a restart without making up anything", async () => {
    await downUntil("2024-01-01T01:30:00Z", { startingDeadlineSeconds: 3600 });
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
    await h.advanceTo("2024-01-01T02:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704074400"]);
  });
});

describe("children that changed while the controller was down", () => {
  it("are counted on start", async () => {
    await downUntil("2024-01-01T01:30:00Z", {});
    h.controller.stop();
    await h.finish("job-1704070800", "Succeeded");
    await h.restartAt("2024-01-01T01:40:00Z");
    const status = await h.status("job");
    expect(status.succeeded).toBe(1);
    expect(status.active).toBeNull();
  });
});
