import { describe, expect, it } from "vitest";
import type { CronWorkflow } from "../../spec/types.js";
import { lintCronWorkflow } from "./lint.js";
import { cronWorkflow } from "./testing.js";

describe("lintCronWorkflow", () => {
  it("accepts schedules, descriptors, CRON_TZ= and a timezone", () => {
    expect(
      lintCronWorkflow(cronWorkflow("ok", { schedules: ["0 * * * *", "@daily", "@every 1h30m"] })),
    ).toEqual([]);
    expect(lintCronWorkflow(cronWorkflow("ok", { schedules: ["CRON_TZ=Asia/Tokyo 5 4 * * *"] }))).toEqual([]);
    expect(
      lintCronWorkflow(cronWorkflow("ok", { schedules: ["5 4 * * *"], timezone: "America/New_York" })),
    ).toEqual([]);
    expect(lintCronWorkflow(cronWorkflow("ok", { schedule: "5 4 * * *" }))).toEqual([]);
  });

  it("reports each problem in Argo's words", () => {
    const cron = cronWorkflow("a".repeat(53), {
      schedules: ["* * * * *", "10 * * 12737123 *"],
      concurrencyPolicy: "Sometimes",
      startingDeadlineSeconds: -1,
    });
    expect(lintCronWorkflow(cron)).toEqual([
      `cron workflow name "${"a".repeat(53)}" must not be more than 52 characters long (currently 53)`,
      "cron schedule 10 * * 12737123 * is malformed: end of range (12737123) above maximum (12): 12737123",
      "'Sometimes' is not a valid concurrencyPolicy",
      "startingDeadlineSeconds must be positive",
    ]);
  });

  it("needs at least one schedule, and not both schedule and schedules", () => {
    expect(lintCronWorkflow(cronWorkflow("c", { schedules: [] }))).toEqual([
      "cron workflow must have at least one schedule",
    ]);
    expect(lintCronWorkflow(cronWorkflow("c", {}))).toEqual([
      "cron workflow must have at least one schedule",
    ]);
    expect(lintCronWorkflow(cronWorkflow("c", { schedule: "@daily", schedules: ["@hourly"] }))).toEqual([
      "cron workflow cant be configured with both Spec.Schedule and Spec.Schedules",
    ]);
  });

  it("rejects an unknown timezone once, not once per schedule", () => {
    expect(
      lintCronWorkflow(cronWorkflow("c", { schedules: ["@daily", "@hourly"], timezone: "Mars/Base" })),
    ).toEqual(['invalid timezone "Mars/Base": unknown time zone Mars/Base']);
  });

  it("rejects a CRON_TZ= line combined with a timezone (Argo's scheduler would fail to add it)", () => {
    const cron = cronWorkflow("c", { schedules: ["CRON_TZ=UTC 0 * * * *"], timezone: "Asia/Tokyo" });
    expect(lintCronWorkflow(cron)).toEqual([
      "cron schedule CRON_TZ=UTC 0 * * * * is malformed: expected exactly 5 fields, found 6: [CRON_TZ=UTC 0 * * * *]",
    ]);
  });

  it("takes src/spec's typed CronWorkflow", () => {
    const typed: CronWorkflow = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "CronWorkflow",
      metadata: { name: "typed" },
      spec: { schedules: ["@daily"], workflowSpec: { entrypoint: "main" } },
    };
    expect(lintCronWorkflow(typed)).toEqual([]);
  });

  it("never throws on junk", () => {
    const junk = {
      kind: "CronWorkflow",
      metadata: { name: "j" },
      spec: { schedules: [1, null], timezone: 3 },
    };
    expect(lintCronWorkflow(junk)).toEqual([
      "cron schedule 1 is malformed: expected exactly 5 fields, found 1: [1]",
      "cron schedule null is malformed: expected exactly 5 fields, found 1: [null]",
    ]);
    expect(lintCronWorkflow({ kind: "CronWorkflow", metadata: {}, spec: "x" })).toEqual([
      "cron workflow must have at least one schedule",
    ]);
  });
});
