import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";

/**
 * A Sensor with dependencies `dep` and `other-dep` whose `spec.triggers` list is `triggers`; the
 * list's first line is line 9.
 */
function sensorWith(triggers: string): string {
  const body = triggers
    .trim()
    .split("\n")
    .map((l) => `  ${l}`)
    .join("\n");
  const head = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: Sensor
    metadata: {name: s}
    spec:
      dependencies:
      - {name: dep, eventSourceName: webhook, eventName: example}
      - {name: other-dep, eventSourceName: calendar, eventName: example}
      triggers:
  `;
  return `${head}${body}\n`;
}

// Modelled on Argo Events' http, k8s, nats and log trigger examples, plus Argosy's amqp trigger.
const triggers = yaml`
  - template:
      name: http-trigger
      http:
        url: https://example.com/hook
        method: POST
        payload:
          - src: {dependencyName: dep, dataKey: body.message}
            dest: message
          - src: {dependencyName: other-dep, contextKey: time}
        headers: {Content-Type: application/json}
        secureHeaders:
          - name: Authorization
            valueFrom:
              secretKeyRef: {name: token, key: value}
        timeout: 10
    policy:
      status:
        allow: [200, 201]
  - template:
      name: k8s-trigger
      k8s:
        operation: create
        source:
          resource:
            apiVersion: v1
            kind: ConfigMap
            metadata: {generateName: from-event-}
            data: {value: ""}
        parameters:
          - src: {dependencyName: dep, dataTemplate: "{{ .Input.body.value }}"}
            dest: data.value
    policy:
      k8s:
        labels: {workflows.argoproj.io/completed: "true"}
        backoff: {duration: 10s, factor: 2, steps: 5}
        errorOnBackoffTimeout: true
  - template:
      name: submit-from-template
      argoWorkflow:
        operation: submit-from
        source:
          inline: |
            apiVersion: argoproj.io/v1alpha1
            kind: WorkflowTemplate
            metadata: {name: my-template}
  - template:
      name: nats-trigger
      nats:
        url: nats://localhost:4222
        subject: minio-events
        payload:
          - src: {dependencyName: dep, dataKey: body}
            dest: event
  - template:
      name: amqp-trigger
      amqp:
        url: amqp://localhost:5672
        exchangeName: events
        exchangeType: topic
        routingKey: workflows.started
        payload:
          - src: {dependencyName: dep, value: started}
            dest: status
  - template:
      name: log-trigger
      log: {intervalSeconds: 10}
`;

describe("Sensor triggers: valid manifests", () => {
  it("lints http, k8s, argoWorkflow, nats, amqp and log triggers clean", () => {
    expect(problemsIn(sensorWith(triggers))).toEqual([]);
  });
});

describe("Sensor trigger rules", () => {
  const cases: {
    name: string;
    triggers: string;
    path: string;
    line: number;
    code?: string;
    message?: string;
  }[] = [
    {
      name: "a trigger without template",
      triggers: "- atLeastOnce: true",
      path: "spec.triggers[0].template",
      line: 9,
      message: "trigger template can't be nil",
    },
    {
      name: "a template without name",
      triggers: "- template:\n    log: {}",
      path: "spec.triggers[0].template.name",
      line: 9,
      message: "trigger must define a name",
    },
    {
      name: "a repeated trigger name",
      triggers: "- template: {name: t, log: {}}\n- template: {name: t, log: {}}",
      path: "spec.triggers[1].template.name",
      line: 10,
      code: "duplicate-name",
      message: "duplicate trigger name: t",
    },
    {
      name: "a template without a trigger type",
      triggers: "- template:\n    name: t",
      path: "spec.triggers[0].template",
      line: 9,
      code: "trigger-type",
    },
    {
      name: "a template with two trigger types",
      triggers: "- template:\n    name: t\n    log: {}\n    http: {url: 'http://x'}",
      path: "spec.triggers[0].template.http",
      line: 12,
      code: "trigger-type",
      message: "trigger 't' has more than one trigger type: log, http",
    },
    {
      name: "conditions naming an unknown dependency",
      triggers: "- template:\n    name: t\n    conditions: dep && missing\n    log: {}",
      path: "spec.triggers[0].template.conditions",
      line: 11,
      code: "condition",
      message: "conditions refer to unknown dependency 'missing'",
    },
    {
      name: "conditions that do not parse",
      triggers: "- template:\n    name: t\n    conditions: (dep && other-dep\n    log: {}",
      path: "spec.triggers[0].template.conditions",
      line: 11,
      code: "condition",
    },
    {
      name: "conditions with an operator Argo does not have",
      triggers: "- template:\n    name: t\n    conditions: '!dep'\n    log: {}",
      path: "spec.triggers[0].template.conditions",
      line: 11,
      code: "condition",
    },
    {
      name: "a conditionsReset without byTime",
      triggers: "- template:\n    name: t\n    conditionsReset:\n    - {}\n    log: {}",
      path: "spec.triggers[0].template.conditionsReset[0].byTime",
      line: 12,
      message: "invalid conditionsReset",
    },
    {
      name: "a conditionsReset with a bad cron",
      triggers: "- template:\n    name: t\n    conditionsReset:\n    - byTime: {cron: '@daily'}\n    log: {}",
      path: "spec.triggers[0].template.conditionsReset[0].byTime.cron",
      line: 12,
      code: "cron",
    },
    {
      name: "an argoWorkflow operation Argo does not have",
      triggers:
        "- template:\n    name: t\n    argoWorkflow:\n      operation: delete\n      source: {inline: x}",
      path: "spec.triggers[0].template.argoWorkflow.operation",
      line: 12,
      code: "invalid-value",
    },
    {
      name: "an argoWorkflow trigger without source",
      triggers: "- template:\n    name: t\n    argoWorkflow:\n      operation: submit",
      path: "spec.triggers[0].template.argoWorkflow.source",
      line: 11,
      message: "argoWorkflow trigger does not contain an absolute action",
    },
    {
      name: "an argoWorkflow trigger with an empty source",
      triggers: "- template:\n    name: t\n    argoWorkflow:\n      operation: submit\n      source: {}",
      path: "spec.triggers[0].template.argoWorkflow.source",
      line: 13,
    },
    {
      name: "a k8s operation Argo does not have",
      triggers: "- template:\n    name: t\n    k8s:\n      operation: apply\n      source: {inline: x}",
      path: "spec.triggers[0].template.k8s.operation",
      line: 12,
      code: "invalid-value",
    },
    {
      name: "an http trigger without url",
      triggers: "- template:\n    name: t\n    http:\n      method: POST",
      path: "spec.triggers[0].template.http.url",
      line: 11,
      message: "server URL is not specified",
    },
    {
      name: "an http method Argo does not allow",
      triggers: "- template:\n    name: t\n    http:\n      url: http://x\n      method: HEAD",
      path: "spec.triggers[0].template.http.method",
      line: 13,
      code: "invalid-value",
    },
    {
      name: "a nats trigger without payload",
      triggers: "- template:\n    name: t\n    nats:\n      url: nats://h:4222\n      subject: s",
      path: "spec.triggers[0].template.nats.payload",
      line: 11,
      message: "payload can't be nil",
    },
    {
      name: "an amqp trigger without routingKey",
      triggers: "- template:\n    name: t\n    amqp:\n      url: amqp://h",
      path: "spec.triggers[0].template.amqp.routingKey",
      line: 11,
    },
    {
      name: "a parameter from an unknown dependency",
      triggers:
        "- template: {name: t, log: {}}\n  parameters:\n  - src: {dependencyName: nope, dataKey: body}\n    dest: log.intervalSeconds",
      path: "spec.triggers[0].parameters[0].src.dependencyName",
      line: 11,
      code: "reference",
      message: "parameter refers to unknown dependency 'nope'",
    },
    {
      name: "a parameter without dest",
      triggers:
        "- template:\n    name: t\n    k8s:\n      source: {inline: x}\n      parameters:\n      - src: {dependencyName: dep}",
      path: "spec.triggers[0].template.k8s.parameters[0].dest",
      line: 14,
      message: "parameter destination can't be empty",
    },
    {
      name: "a parameter without src",
      triggers:
        "- template:\n    name: t\n    nats:\n      url: u\n      subject: s\n      payload:\n      - dest: x",
      path: "spec.triggers[0].template.nats.payload[0].src",
      line: 15,
      message: "parameter source can't be empty",
    },
    {
      name: "a parameter operation Argo does not have",
      triggers:
        "- template: {name: t, log: {}}\n  parameters:\n  - src: {dependencyName: dep}\n    dest: x\n    operation: replace",
      path: "spec.triggers[0].parameters[0].operation",
      line: 13,
      code: "invalid-value",
    },
    {
      name: "a rate limit unit that is not Second, Minute or Hour",
      triggers: "- template: {name: t, log: {}}\n  rateLimit: {unit: Day, requestsPerUnit: 1}",
      path: "spec.triggers[0].rateLimit.unit",
      line: 10,
      code: "invalid-value",
    },
    {
      name: "a k8s policy without labels",
      triggers:
        "- template:\n    name: t\n    k8s: {source: {inline: x}}\n  policy:\n    k8s: {backoff: {steps: 2}}",
      path: "spec.triggers[0].policy.k8s.labels",
      line: 13,
      message: "resource labels are not specified",
    },
    {
      name: "an http status policy without allow",
      triggers: "- template:\n    name: t\n    http: {url: 'http://x'}\n  policy:\n    status: {}",
      path: "spec.triggers[0].policy.status.allow",
      line: 13,
      message: "list of allowed response status is not specified",
    },
    {
      name: "a bad retry duration",
      triggers: "- template: {name: t, log: {}}\n  retryStrategy: {duration: 5 seconds}",
      path: "spec.triggers[0].retryStrategy.duration",
      line: 10,
      code: "invalid-value",
    },
    {
      name: "a dlqTrigger without atLeastOnce on its trigger",
      triggers:
        "- template: {name: t, log: {}}\n  dlqTrigger:\n    atLeastOnce: true\n    template: {name: d, log: {}}",
      path: "spec.triggers[0].atLeastOnce",
      line: 9,
      code: "invalid-value",
      message: "to use dlqTrigger, trigger.atLeastOnce must be set to true",
    },
    {
      name: "a dlqTrigger without atLeastOnce",
      triggers:
        "- template: {name: t, log: {}}\n  atLeastOnce: true\n  dlqTrigger:\n    template: {name: d, log: {}}",
      path: "spec.triggers[0].dlqTrigger.atLeastOnce",
      line: 11,
      code: "invalid-value",
      message: "atLeastOnce must be set to true within the dlqTrigger",
    },
    {
      name: "a dlqTrigger that is itself invalid",
      triggers:
        "- template: {name: t, log: {}}\n  atLeastOnce: true\n  dlqTrigger:\n    atLeastOnce: true\n    template:\n      name: d\n      http: {method: GET}",
      path: "spec.triggers[0].dlqTrigger.template.http.url",
      line: 15,
      message: "server URL is not specified",
    },
  ];

  it.each(cases)("reports $name", ({ triggers, path, line, code = "required", message }) => {
    const text = sensorWith(triggers);
    expect(errorsIn(text)).toEqual([{ code, path, line }]);
    if (message !== undefined)
      expect(problemsIn(text).find((p) => p.severity === "error")?.message).toBe(message);
  });

  it("needs at least one trigger", () => {
    const text = sensorWith("").replace("  triggers:\n", "  triggers: []\n");
    expect(errorsIn(text)).toEqual([{ code: "required", path: "spec.triggers", line: 8 }]);
    expect(problemsIn(text)[0]?.message).toBe("no triggers found");
  });

  it("matches dependency names in conditions with - and _ alike, as Argo does", () => {
    const text = sensorWith(
      "- template:\n    name: t\n    conditions: other_dep || (dep && other-dep)\n    log: {}",
    );
    expect(problemsIn(text)).toEqual([]);
  });

  it("lets an http payload parameter leave dest empty, as Argo does", () => {
    const text = sensorWith(
      "- template:\n    name: t\n    http:\n      url: http://x\n      payload:\n      - src: {dependencyName: dep}",
    );
    expect(problemsIn(text)).toEqual([]);
  });

  it("warns about trigger types Argosy does not run, resources it cannot read, and a missing operation", () => {
    const text = sensorWith(
      [
        "- template:",
        "    name: lambda",
        "    awsLambda: {functionName: f, region: us-east-1, payload: []}",
        "- template:",
        "    name: from-git",
        "    k8s:",
        "      source: {git: {url: 'https://g', cloneDirectory: /x, filePath: w.yaml}}",
        "- template:",
        "    name: no-operation",
        "    argoWorkflow:",
        "      source: {inline: x}",
      ].join("\n"),
    );
    expect(errorsIn(text)).toEqual([]);
    expect(problemsIn(text).map((p) => [p.code, p.path, p.line])).toEqual([
      ["unsupported", "spec.triggers[0].template.awsLambda", 11],
      ["unsupported", "spec.triggers[1].template.k8s.source.git", 15],
      ["argo-compatibility", "spec.triggers[2].template.argoWorkflow.operation", 18],
    ]);
  });

  it("checks the required fields of trigger types Argosy does not run, as Argo does", () => {
    const text = sensorWith("- template:\n    name: t\n    kafka:\n      url: k:9092");
    expect(errorsIn(text)).toEqual([
      { code: "required", path: "spec.triggers[0].template.kafka.topic", line: 11 },
      { code: "required", path: "spec.triggers[0].template.kafka.payload", line: 11 },
    ]);
  });

  it("reports misspelt trigger fields with a suggestion", () => {
    const text = sensorWith("- template:\n    name: t\n    openwhisk: {host: h}\n  atLeastonce: true");
    expect(problemsIn(text).map((p) => [p.path, p.line, p.message])).toEqual([
      ["spec.triggers[0].template", 9, expect.stringMatching(/has no trigger type/)],
      ["spec.triggers[0].template.openwhisk", 11, 'unknown field "openwhisk" (did you mean "openWhisk"?)'],
      ["spec.triggers[0].atLeastonce", 12, 'unknown field "atLeastonce" (did you mean "atLeastOnce"?)'],
    ]);
  });
});
