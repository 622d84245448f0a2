import { afterEach, describe, expect, it } from "vitest";
import { conflict, internal, invalid } from "../../util/errors.js";
import { CronHarness, cronWorkflow } from "./testing.js";

let h: CronHarness;
afterEach(async () => {
  await h.close();
});

const hourly = (extra: Record<string, unknown> = {}) =>
  cronWorkflow("job", { schedules: ["0 * * * *"], ...extra });
const activeNames = async () =>
  ((await h.status("job")).active as { name: string }[] | null)?.map((r) => r.name) ?? [];

async function started(options: Partial<Parameters<typeof CronHarness.open>[0]> = {}): Promise<CronHarness> {
  h = await CronHarness.open({ at: "2024-01-01T00:00:00Z", ...options });
  await h.start();
  return h;
}

describe("concurrencyPolicy", () => {
  it("Allow (the default) runs while earlier children are still running", async () => {
    await started();
    await h.create(hourly());
    await h.advanceTo("2024-01-01T03:00:00Z");
    expect(await activeNames()).toEqual(["job-1704070800", "job-1704074400", "job-1704078000"]);
  });

  it("Forbid skips while a child is active, and runs again once it has finished", async () => {
    await started();
    await h.create(hourly({ concurrencyPolicy: "Forbid" }));
    await h.advanceTo("2024-01-01T02:30:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
    await h.finish("job-1704070800", "Succeeded");
    expect(await activeNames()).toEqual([]);
    await h.advanceTo("2024-01-01T03:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
    // The skipped 02:00 run was not made up (no startingDeadlineSeconds).
    expect((await h.status("job")).lastScheduledTime).toBe("2024-01-01T03:00:00Z");
  });

  it("Forbid with startingDeadlineSeconds starts the skipped run when the child finishes within the deadline", async () => {
    await started();
    await h.create(hourly({ concurrencyPolicy: "Forbid", startingDeadlineSeconds: 1200 }));
    await h.advanceTo("2024-01-01T02:10:00Z");
    await h.finish("job-1704070800", "Succeeded");
    // 02:00 was skipped; 10 minutes later, within the 20-minute deadline, it runs.
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704074400"]);
    await h.advanceTo("2024-01-01T02:20:00Z");
    await h.finish("job-1704074400", "Succeeded");
    await h.advanceTo("2024-01-01T03:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704074400", "job-1704078000"]);

    // 04:00 is skipped, and the child finishes past the deadline: 04:00 is not made up.
    await h.advanceTo("2024-01-01T04:30:00Z");
    await h.finish("job-1704078000", "Succeeded");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704074400", "job-1704078000"]);
  });

  it("Replace terminates the active children, then starts the new one", async () => {
    await started();
    await h.create(hourly({ concurrencyPolicy: "Replace" }));
    await h.advanceTo("2024-01-01T02:00:00Z");
    expect(h.terminated).toEqual(["job-1704070800"]);
    expect(await activeNames()).toEqual(["job-1704074400"]);
    const status = await h.status("job");
    // The terminated child ended Failed, and was counted.
    expect(status.failed).toBe(1);
  });

  it("Replace goes on when the active child finished meanwhile", async () => {
    await started({
      terminateError: () => invalid("cannot shutdown a completed workflow: workflow phase is Succeeded"),
    });
    await h.create(hourly({ concurrencyPolicy: "Replace" }));
    await h.advanceTo("2024-01-01T02:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704074400"]);
    expect((await h.status("job")).conditions).toBeNull();
  });

  it("Replace reports a child that cannot be stopped as a SubmissionError and does not start another", async () => {
    await started({ terminateError: () => internal("executor unreachable") });
    await h.create(hourly({ concurrencyPolicy: "Replace" }));
    await h.advanceTo("2024-01-01T02:00:00Z");
    const status = await h.status("job");
    expect(status.conditions).toEqual([
      {
        type: "SubmissionError",
        status: "True",
        message: "run policy error: error stopping workflow job-1704070800: executor unreachable",
      },
    ]);
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  });
});

describe("suspend", () => {
  it("runs nothing while suspended, and resuming does not make up missed runs", async () => {
    await started();
    await h.create(hourly());
    await h.advanceTo("2024-01-01T01:00:00Z");
    await h.edit("job", (c) => {
      (c.spec as { suspend: boolean }).suspend = true;
    });
    await h.advanceTo("2024-01-01T03:30:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
    await h.edit("job", (c) => {
      (c.spec as { suspend: boolean }).suspend = false;
    });
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
    await h.advanceTo("2024-01-01T04:00:00Z");
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704081600"]);
  });

  it("resuming makes up the most recent missed run once when it is within startingDeadlineSeconds", async () => {
    await started();
    await h.create(hourly({ startingDeadlineSeconds: 600 }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    await h.edit("job", (c) => {
      (c.spec as { suspend: boolean }).suspend = true;
    });
    await h.advanceTo("2024-01-01T03:05:00Z");
    await h.edit("job", (c) => {
      (c.spec as { suspend: boolean }).suspend = false;
    });
    // 02:00 is older than the deadline; 03:00 is 5 minutes old: run it, once.
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
    await h.edit("job", (c) => {
      c.metadata.labels = { touched: "yes" };
    });
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000"]);
  });
});

describe("when", () => {
  it("runs only when the expression is true", async () => {
    await started();
    await h.create(
      hourly({
        when: "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 5400 }}",
      }),
    );
    await h.advanceTo("2024-01-01T05:00:00Z");
    // 01:00 (first), 02:00 skipped (1 h), 03:00 (2 h), 04:00 skipped, 05:00.
    expect(await h.childNames("job")).toEqual(["job-1704070800", "job-1704078000", "job-1704085200"]);
  });

  it("runs Argo's documented recipe for a 02:30 run on the spring-forward day at 03:00 instead", async () => {
    await started({ at: "2024-03-08T12:00:00Z" });
    await h.create(
      cronWorkflow("job", {
        schedules: ["30 2 * * *", "0 3 * * *"],
        timezone: "America/New_York",
        when: "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 3600 }}",
      }),
    );
    await h.advanceTo("2024-03-12T12:00:00Z");
    const times = (await h.children("job")).map(
      (wf) => wf.metadata.annotations?.["workflows.argoproj.io/scheduled-time"],
    );
    // 9th 02:30 EST; 10th 03:00 EDT (02:30 does not exist); 11th and 12th 02:30 EDT.
    expect(times).toEqual([
      "2024-03-09T07:30:00Z",
      "2024-03-10T07:00:00Z",
      "2024-03-11T06:30:00Z",
      "2024-03-12T06:30:00Z",
    ]);
  });

  it("reports a failing expression as a SubmissionError and counts it as failed", async () => {
    await started();
    await h.create(hourly({ when: "{{= cronworkflow.nope.deeper }}" }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    const status = await h.status("job");
    expect(status.failed).toBe(1);
    expect((status.conditions as { type: string; message: string }[])[0]).toMatchObject({
      type: "SubmissionError",
      message: expect.stringMatching(/^run policy error: failed to evaluate expression/),
    });
    expect(await h.childNames("job")).toEqual([]);
  });
});

describe("submission", () => {
  it("records a SubmissionError when submit fails, and clears it on the next success", async () => {
    let failing = true;
    await started({ submitError: () => (failing ? internal("disk full") : undefined) });
    await h.create(hourly());
    await h.advanceTo("2024-01-01T01:00:00Z");
    let status = await h.status("job");
    expect(status.conditions).toEqual([
      { type: "SubmissionError", status: "True", message: "Failed to submit Workflow: disk full" },
    ]);
    expect(status.failed).toBe(1);
    expect(status.lastScheduledTime).toBeNull();
    expect(status.phase).toBe("");
    failing = false;
    await h.advanceTo("2024-01-01T02:00:00Z");
    status = await h.status("job");
    expect(status.conditions).toBeNull();
    expect(status.lastScheduledTime).toBe("2024-01-01T02:00:00Z");
    expect(status.phase).toBe("Active");
  });

  it("does not retry a failed scheduled time through startingDeadlineSeconds", async () => {
    let failing = false;
    await started({ submitError: () => (failing ? internal("disk full") : undefined) });
    await h.create(hourly({ startingDeadlineSeconds: 3000 }));
    await h.advanceTo("2024-01-01T01:00:00Z");
    failing = true;
    await h.advanceTo("2024-01-01T02:10:00Z");
    failing = false;
    // Any change of the cron re-checks missed runs; 02:00 is within the deadline but already failed.
    await h.edit("job", (c) => {
      c.metadata.labels = { touched: "yes" };
    });
    const status = await h.status("job");
    expect(status.failed).toBe(1);
    expect(await h.childNames("job")).toEqual(["job-1704070800"]);
  });

  it("reports an invalid workflowSpec as a SpecError without counting a failure", async () => {
    await started({ submitError: () => invalid("spec.entrypoint is required") });
    await h.create(hourly());
    await h.advanceTo("2024-01-01T01:00:00Z");
    const status = await h.status("job");
    expect(status.conditions).toEqual([
      { type: "SpecError", status: "True", message: "cannot validate Workflow: spec.entrypoint is required" },
    ]);
    expect(status.failed).toBe(0);
  });

  it("leaves a same-named workflow it did not make alone", async () => {
    await started({ submitError: () => conflict("exists") });
    await h.store.create({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: { name: "job-1704070800", namespace: "default" },
      spec: {},
    });
    await h.create(hourly());
    await h.advanceTo("2024-01-01T01:00:00Z");
    const status = await h.status("job");
    expect(status.lastScheduledTime).toBeNull();
    expect(status.conditions).toBeNull();
    expect(status.active).toBeNull();
  });
});
