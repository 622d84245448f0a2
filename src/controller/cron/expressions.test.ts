import { describe, expect, it } from "vitest";
import { evaluateCronWhen, evaluateStopExpression } from "./expressions.js";
import { cronWorkflow } from "./testing.js";

const now = Date.parse("2024-01-01T12:00:00Z");

function cronWith(status: Record<string, unknown>) {
  const cron = cronWorkflow("nightly", { schedules: ["@daily"] }, "team");
  cron.metadata.labels = { env: "prod", "app.kubernetes.io/name": "etl" };
  cron.metadata.annotations = { owner: "alice" };
  cron.status = status;
  return cron;
}

describe("when", () => {
  it.each([
    ["", {}, true],
    ["true", {}, true],
    ["{{= cronworkflow.lastScheduledTime == nil }}", {}, true],
    ["{{= cronworkflow.lastScheduledTime != nil }}", {}, false],
    [
      "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 3600 }}",
      { lastScheduledTime: "2024-01-01T11:30:00Z" },
      false,
    ],
    [
      "{{= cronworkflow.lastScheduledTime == nil || (now() - cronworkflow.lastScheduledTime).Seconds() > 3600 }}",
      { lastScheduledTime: "2024-01-01T10:30:00Z" },
      true,
    ],
    [
      "{{= (now() - cronworkflow.lastScheduledTime).Minutes() >= 30 }}",
      { lastScheduledTime: "2024-01-01T11:30:00Z" },
      true,
    ],
    [
      "{{= cronworkflow.lastScheduledTime == nil && (now() - cronworkflow.lastScheduledTime).Seconds() < 30 }}",
      { lastScheduledTime: "2024-01-01T11:30:00Z" },
      false,
    ],
    ["{{= cronworkflow.failed < 2 }}", { failed: 2 }, false],
    ["{{= cronworkflow.succeeded == 1 }}", { succeeded: 1 }, true],
    ["{{= cronworkflow.labels.env == 'prod' }}", {}, true],
    ["{{= cronworkflow.labels['app.kubernetes.io/name'] == 'etl' }}", {}, true],
    ["{{= cronworkflow.annotations.owner == 'alice' }}", {}, true],
    ["{{= cronworkflow.name + '/' + cronworkflow.namespace == 'nightly/team' }}", {}, true],
    ["{{cronworkflow.labels.env}} == prod", {}, true],
    ["{{cronworkflow.failed}} > 1", { failed: 3 }, true],
    ["{{cronworkflow.name}} == other", {}, false],
  ])("%s with status %j → %s", (when, status, expected) => {
    expect(evaluateCronWhen(cronWith(status), when, now)).toBe(expected);
  });

  it("fails with Argo's messages", () => {
    expect(() => evaluateCronWhen(cronWith({}), "{{= cronworkflow.nope.deeper }}", now)).toThrow(
      /^failed to evaluate expression/,
    );
    expect(() => evaluateCronWhen(cronWith({}), "{{= nil }}", now)).toThrow(
      'failed to evaluate expression "nil"',
    );
    expect(() => evaluateCronWhen(cronWith({}), "1 +", now)).toThrow(/Invalid 'when' expression '1 \+'/);
    expect(() => evaluateCronWhen(cronWith({}), "{{= 1 + 1 }}", now)).toThrow(/bool/);
  });
});

describe("stopStrategy.expression", () => {
  it.each([
    ["cronworkflow.failed >= 3", { failed: 3 }, true],
    ["cronworkflow.failed >= 3", { failed: 2 }, false],
    ["cronworkflow.succeeded >= 1", { succeeded: 1 }, true],
    ["cronworkflow.labels.env == 'prod' && cronworkflow.succeeded > 0", { succeeded: 1 }, true],
    ["cronworkflow.lastScheduledTime != nil", { lastScheduledTime: "2024-01-01T11:00:00Z" }, true],
  ])("%s with %j → %s", (expression, status, expected) => {
    expect(evaluateStopExpression(cronWith(status), expression, now)).toBe(expected);
  });

  it("must be a boolean", () => {
    expect(() => evaluateStopExpression(cronWith({}), "cronworkflow.failed", now)).toThrow(
      /^failed to evaluate stop expression: unable to cast expression result '0' to bool/,
    );
    expect(() => evaluateStopExpression(cronWith({}), "cronworkflow.failed >=", now)).toThrow(
      /^failed to evaluate stop expression: /,
    );
  });
});
