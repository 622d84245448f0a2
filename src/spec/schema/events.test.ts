import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";
import { checkSchema } from "./check.js";
import { triggerTypes } from "./events-sensors.js";
import { eventSourceTypes } from "./events-sources.js";
import { structModules } from "./registry.js";

describe("events schema data", () => {
  it("gives every struct a name no other module uses, so none replaces another", () => {
    const owners = new Map<string, number>();
    const clashes: string[] = [];
    structModules.forEach((module, i) => {
      for (const name of Object.keys(module)) {
        if (owners.has(name)) clashes.push(name);
        owners.set(name, i);
      }
    });
    expect(clashes).toEqual([]);
  });

  it("knows every source type of Argo Events v1.9's EventSourceSpec", () => {
    // The json names of EventSourceSpec's map fields in pkg/apis/events/v1alpha1/eventsource_types.go.
    const argo =
      "minio calendar file resource webhook amqp kafka mqtt nats sns sqs pubSub github gitlab hdfs slack storageGrid azureEventsHub stripe emitter redis nsq pulsar generic bitbucketserver bitbucket redisStream azureServiceBus azureQueueStorage sftp gerrit mns";
    expect(Object.keys(eventSourceTypes).sort()).toEqual(argo.split(" ").sort());
  });

  it("knows every trigger type of Argo Events v1.9's TriggerTemplate, and Argosy's amqp", () => {
    const argo =
      "k8s argoWorkflow http awsLambda custom kafka nats slack openWhisk log azureEventHubs pulsar azureServiceBus email";
    expect(Object.keys(triggerTypes).sort()).toEqual([...argo.split(" "), "amqp"].sort());
  });
});

describe("events schema checks", () => {
  it("reports a misspelt source type and entry field with a suggestion, at their lines", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: EventSource
      metadata: {name: es}
      spec:
        webhooks:
          a: {}
        calendar:
          b:
            intervall: 10s
    `;
    expect(problemsIn(text).map((p) => [p.path, p.line, p.message])).toEqual([
      ["spec.webhooks", 5, 'unknown field "webhooks" (did you mean "webhook"?)'],
      ["spec.calendar.b.schedule", 8, "must have either schedule or interval"],
      ["spec.calendar.b.intervall", 9, 'unknown field "intervall" (did you mean "interval"?)'],
    ]);
  });

  it("checks types the way Argo decodes them", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: EventSource
      metadata: {name: es}
      spec:
        replicas: "2"
        redis:
          r:
            hostAddress: localhost:6379
            channels: chan
            db: "0"
            jsonBody: yes
    `;
    expect(errorsIn(text)).toEqual([
      { code: "type", path: "spec.replicas", line: 5 },
      { code: "type", path: "spec.redis.r.channels", line: 9 },
      { code: "type", path: "spec.redis.r.db", line: 10 },
      { code: "type", path: "spec.redis.r.jsonBody", line: 11 },
    ]);
  });

  it("closes the types Argosy does not run too", () => {
    const issues = checkSchema("EventSource", {
      spec: { github: { repo: { repositories: [{ owner: "o", names: ["n"] }], event: ["push"] } } },
    });
    expect(issues).toMatchObject([{ code: "unknown-field", at: ["spec", "github", "repo", "event"] }]);
  });

  it("checks Sensors, their nested dead-letter triggers, and EventBuses", () => {
    const sensor = checkSchema("Sensor", {
      spec: {
        dependencies: [{ name: "d", eventSourceName: "a", eventName: "b" }],
        triggers: [{ template: { name: "t", log: {} }, dlqTrigger: { template: { name: "x", lg: {} } } }],
      },
    });
    expect(sensor).toMatchObject([
      { code: "unknown-field", at: ["spec", "triggers", 0, "dlqTrigger", "template", "lg"] },
    ]);
    const bus = checkSchema("EventBus", { spec: { jetstream: { version: "latest", replicas: "3" } } });
    expect(bus).toMatchObject([{ code: "type", at: ["spec", "jetstream", "replicas"] }]);
  });

  it("requires a spec", () => {
    expect(checkSchema("Sensor", { metadata: { name: "s" } })).toMatchObject([
      { code: "required", at: ["spec"] },
    ]);
  });
});
