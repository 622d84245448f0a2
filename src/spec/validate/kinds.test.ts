import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";

const cron = (schedules: string, name = "nightly"): string => yaml`
  apiVersion: argoproj.io/v1alpha1
  kind: CronWorkflow
  metadata: {name: ${name}}
  spec:
    ${schedules}
    workflowSpec:
      entrypoint: main
      templates:
      - {name: main, suspend: {}}
`;

describe("CronWorkflow rules", () => {
  it("accepts a list of schedules", () => {
    expect(errorsIn(cron('schedules: ["0 * * * *", "@daily", "CRON_TZ=UTC 5 4 * * *"]'))).toEqual([]);
  });

  it("needs at least one schedule", () => {
    expect(errorsIn(cron("schedules: []"))).toEqual([{ code: "cron", path: "spec.schedules", line: 5 }]);
    expect(errorsIn(cron("timezone: UTC"))).toEqual([{ code: "cron", path: "spec", line: 4 }]);
  });

  it("reports v4's removed singular schedule with a hint", () => {
    const problems = problemsIn(cron('schedule: "0 * * * *"'));
    expect(problems.map((p) => [p.code, p.path, p.line])).toEqual([
      ["cron", "spec", 4],
      ["unknown-field", "spec.schedule", 5],
    ]);
    expect(problems[1]?.message).toMatch(/use "schedules"/);
  });

  it("reports a malformed schedule", () => {
    expect(errorsIn(cron('schedules: ["* * *"]'))).toEqual([
      { code: "cron", path: "spec.schedules[0]", line: 5 },
    ]);
  });

  it("validates the workflowSpec under its own path", () => {
    const text = cron("schedules: ['@hourly']").replace("{name: main, suspend: {}}", "{name: main}");
    expect(errorsIn(text)).toEqual([
      { code: "template-type", path: "spec.workflowSpec.templates[0]", line: 9 },
    ]);
  });

  it("limits the name to 52 characters", () => {
    expect(errorsIn(cron("schedules: ['@hourly']", "a".repeat(53)))).toEqual([
      { code: "invalid-name", path: "metadata.name", line: 3 },
    ]);
  });
});

describe("object metadata", () => {
  const wf = (metadata: string, apiVersion = "argoproj.io/v1alpha1"): string => yaml`
    apiVersion: ${apiVersion}
    kind: Workflow
    metadata: ${metadata}
    spec:
      entrypoint: main
      templates: [{name: main, suspend: {}}]
  `;

  it.each([
    ["{name: hello}", []],
    ["{generateName: hello-}", []],
    ["{name: Hello}", [{ code: "invalid-name", path: "metadata.name", line: 3 }]],
    ["{generateName: hello_}", [{ code: "invalid-name", path: "metadata.generateName", line: 3 }]],
    [`{name: ${"a".repeat(64)}}`, [{ code: "invalid-name", path: "metadata.name", line: 3 }]],
    ["{labels: {a: b}}", [{ code: "required", path: "metadata", line: 3 }]],
  ])("checks metadata %s", (metadata, expected) => {
    expect(errorsIn(wf(metadata))).toEqual(expected);
  });

  it("checks the apiVersion", () => {
    expect(errorsIn(wf("{name: a}", "argoproj.io/v1"))).toEqual([
      { code: "api-version", path: "apiVersion", line: 1 },
    ]);
  });
});
