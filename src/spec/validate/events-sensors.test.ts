import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";

/** A Sensor whose `spec.dependencies` list is `deps`, starting at line 6, and one log trigger. */
function sensorWith(deps: string): string {
  const body = deps
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  const head =
    "apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: s}\nspec:\n  dependencies:\n";
  return `${head}${body}\n  triggers: [{template: {name: t, log: {}}}]\n`;
}

// Modelled on Argo Events' examples/sensors (webhook, filters, conditions, transform).
const webhookSensor = yaml`
  apiVersion: argoproj.io/v1alpha1
  kind: Sensor
  metadata:
    name: webhook
  spec:
    template:
      serviceAccountName: operate-workflow-sa
    eventBusName: default
    errorOnFailedRound: true
    loggingFields: {team: data}
    dependencies:
      - name: test-dep
        eventSourceName: webhook
        eventName: example
        filtersLogicalOperator: or
        filters:
          dataLogicalOperator: and
          data:
            - path: body.value
              type: number
              comparator: ">"
              value: ["50.0"]
            - path: body.message
              type: string
              value: [hello, hi]
          exprs:
            - expr: a == "b" || c != 10
              fields:
                - {name: a, path: a}
                - {name: c, path: c}
          context:
            type: webhook
            source: webhook
          time:
            start: "22:14:05"
            stop: "01:04:05"
            timezone: America/New_York
          script: |-
            if event.body.a == "b" then return true else return false end
        transform:
          jq: ".body.message *= 2"
      - name: test-dep-calendar
        eventSourceName: calendar
        eventName: example-with-interval
    triggers:
      - template:
          name: webhook-workflow-trigger
          conditions: "test-dep && (test_dep_calendar || test-dep)"
          conditionsReset:
            - byTime:
                cron: "59 23 * * *"
                timezone: America/Los_Angeles
          argoWorkflow:
            operation: submit
            source:
              resource:
                apiVersion: argoproj.io/v1alpha1
                kind: Workflow
                metadata:
                  generateName: webhook-
                spec:
                  entrypoint: print
                  arguments:
                    parameters: [{name: message, value: hello world}]
                  templates:
                    - name: print
                      inputs: {parameters: [{name: message}]}
                      container:
                        image: busybox
                        command: [echo]
                        args: ["{{inputs.parameters.message}}"]
            parameters:
              - src:
                  dependencyName: test-dep
                  dataKey: body
                dest: spec.arguments.parameters.0.value
                operation: overwrite
        retryStrategy:
          steps: 3
          duration: 3s
          factor: 2
          jitter: 0.1
        rateLimit:
          unit: Second
          requestsPerUnit: 10
        atLeastOnce: true
        dlqTrigger:
          atLeastOnce: true
          template:
            name: dlq
            log:
              intervalSeconds: 1
`;

describe("Sensor: valid manifests", () => {
  it("lints Argo's webhook sensor with filters, conditions and a dead-letter trigger clean", () => {
    expect(problemsIn(webhookSensor)).toEqual([]);
  });
});

describe("Sensor dependency rules", () => {
  const cases: { name: string; deps: string; path: string; line: number; code?: string; message?: string }[] =
    [
      {
        name: "a dependency without a name",
        deps: "- eventSourceName: webhook\n  eventName: example",
        path: "spec.dependencies[0].name",
        line: 6,
        message: "event dependency must define a name",
      },
      {
        name: "a dependency without eventSourceName",
        deps: "- name: d\n  eventName: example",
        path: "spec.dependencies[0].eventSourceName",
        line: 6,
        message: "event dependency must define the EventSourceName",
      },
      {
        name: "a dependency without eventName",
        deps: "- name: d\n  eventSourceName: webhook",
        path: "spec.dependencies[0].eventName",
        line: 6,
        message: "event dependency must define the EventName",
      },
      {
        name: "a repeated dependency name",
        deps: "- {name: d, eventSourceName: a, eventName: b}\n- {name: d, eventSourceName: c, eventName: e}",
        path: "spec.dependencies[1].name",
        line: 7,
        code: "duplicate-name",
        message: "event dependency name 'd' is not unique",
      },
      {
        name: "a data filter type that is not string, number or bool",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    data:\n    - {path: body.x, type: int, value: ['1']}",
        path: "spec.dependencies[0].filters.data[0].type",
        line: 11,
        code: "invalid-value",
      },
      {
        name: "a data filter comparator that does not exist",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    data:\n    - {path: body.x, type: number, value: ['1'], comparator: '=>'}",
        path: "spec.dependencies[0].filters.data[0].comparator",
        line: 11,
        code: "invalid-value",
      },
      {
        name: "a data filter without value",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    data:\n    - {path: body.x, type: string}",
        path: "spec.dependencies[0].filters.data[0].value",
        line: 11,
        message: "one of data filters is not valid (type, path and value must be not empty)",
      },
      {
        name: "a data filter with an empty value",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    data:\n    - path: body.x\n      type: string\n      value: ['a', '']",
        path: "spec.dependencies[0].filters.data[0].value[1]",
        line: 13,
        message: "one of data filters is not valid (value must be not empty)",
      },
      {
        name: "an expr filter without fields",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    exprs:\n    - expr: a == 1",
        path: "spec.dependencies[0].filters.exprs[0].fields",
        line: 11,
        message: "one of expr filters is not valid (expr and fields must be not empty)",
      },
      {
        name: "an expr filter field without path",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    exprs:\n    - expr: a == 1\n      fields:\n      - name: a",
        path: "spec.dependencies[0].filters.exprs[0].fields[0].path",
        line: 13,
        message: "one of expr filters is not valid (path and name in a field must be not empty)",
      },
      {
        name: "a context filter with no field",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    context:\n      id: x",
        path: "spec.dependencies[0].filters.context",
        line: 10,
      },
      {
        name: "a time filter that is not HH:MM:SS",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    time:\n      start: '9am'\n      stop: '17:00:00'",
        path: "spec.dependencies[0].filters.time.start",
        line: 11,
        code: "invalid-value",
      },
      {
        name: "a time filter whose stop equals its start",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    time:\n      start: '09:00:00'\n      stop: '9:00:00'",
        path: "spec.dependencies[0].filters.time.stop",
        line: 12,
        code: "invalid-value",
        message: "invalid event time filter: stop '9:00:00' is equal to start '09:00:00'",
      },
      {
        name: "a time filter with an unknown time zone",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filters:\n    time:\n      start: '09:00:00'\n      stop: '10:00:00'\n      timezone: Nowhere/City",
        path: "spec.dependencies[0].filters.time.timezone",
        line: 13,
        code: "invalid-value",
      },
      {
        name: "a filtersLogicalOperator that is not and/or",
        deps: "- name: d\n  eventSourceName: a\n  eventName: b\n  filtersLogicalOperator: xor",
        path: "spec.dependencies[0].filtersLogicalOperator",
        line: 9,
        code: "invalid-value",
      },
    ];

  it.each(cases)("reports $name", ({ deps, path, line, code = "required", message }) => {
    const text = sensorWith(deps);
    expect(errorsIn(text)).toEqual([{ code, path, line }]);
    if (message !== undefined) expect(problemsIn(text)[0]?.message).toBe(message);
  });

  it("needs at least one dependency", () => {
    const text =
      "apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: s}\nspec:\n  dependencies: []\n  triggers: [{template: {name: t, log: {}}}]\n";
    expect(errorsIn(text)).toEqual([{ code: "required", path: "spec.dependencies", line: 5 }]);
    expect(problemsIn(text)[0]?.message).toBe("no event dependencies found");
  });

  it("reports misspelt fields of dependencies and filters at their line", () => {
    const text = sensorWith(
      "- name: d\n  eventSourceName: a\n  eventname: b\n  filters:\n    data:\n    - {path: x, type: string, value: [a], comparater: '='}",
    );
    expect(errorsIn(text)).toEqual([
      { code: "required", path: "spec.dependencies[0].eventName", line: 6 },
      { code: "unknown-field", path: "spec.dependencies[0].eventname", line: 8 },
      { code: "unknown-field", path: "spec.dependencies[0].filters.data[0].comparater", line: 11 },
    ]);
  });
});
