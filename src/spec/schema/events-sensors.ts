/**
 * The Sensor kind (Argo Events v1.9): dependencies with their filters and transforms, triggers with
 * their template, parameters, policy, retry, rate limit and dead-letter trigger, and the trigger
 * types Argosy runs (argoWorkflow, k8s, http, log, nats, and Argosy's own amqp). The trigger types
 * Argosy does not run are in `events-triggers-more.ts`.
 */
import { list, map, merge, oneOf, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";

/** Every trigger type key of a trigger template, with its struct. `amqp` is Argosy's own. */
export const triggerTypes: Readonly<Record<string, string>> = {
  k8s: "StandardK8STrigger",
  argoWorkflow: "ArgoWorkflowTrigger",
  http: "HTTPTrigger",
  awsLambda: "AWSLambdaTrigger",
  custom: "CustomTrigger",
  kafka: "KafkaTrigger",
  nats: "NATSTrigger",
  slack: "SlackTrigger",
  openWhisk: "OpenWhiskTrigger",
  log: "LogTrigger",
  azureEventHubs: "AzureEventHubsTrigger",
  pulsar: "PulsarTrigger",
  azureServiceBus: "AzureServiceBusTrigger",
  email: "EmailTrigger",
  amqp: "AMQPTrigger",
};

const logicalOperator = oneOf("", "and", "or");
const parameters = list("TriggerParameter");
/** Fields of the triggers that send a payload built from parameters. */
const payloadFields: Record<string, Shape> = { payload: parameters, parameters };

export const sensorStructs: Record<string, StructDef> = {
  Sensor: {
    fields: {
      apiVersion: "string",
      kind: "string",
      metadata: "ObjectMeta",
      spec: "SensorSpec",
      status: "any",
    },
    required: ["spec"],
  },
  SensorSpec: {
    fields: {
      dependencies: list("EventDependency"),
      triggers: list("Trigger"),
      template: "EventsPodTemplate",
      errorOnFailedRound: "bool",
      eventBusName: "string",
      replicas: "int",
      revisionHistoryLimit: "int",
      loggingFields: map("string"),
    },
  },
  EventDependency: {
    fields: {
      name: "string",
      eventSourceName: "string",
      eventName: "string",
      filters: "EventDependencyFilter",
      transform: "EventDependencyTransformer",
      filtersLogicalOperator: logicalOperator,
    },
  },
  EventDependencyTransformer: { fields: { jq: "string", script: "string" } },
  EventDependencyFilter: {
    fields: {
      time: "TimeFilter",
      context: "EventContext",
      data: list("DataFilter"),
      exprs: list("ExprFilter"),
      dataLogicalOperator: logicalOperator,
      exprLogicalOperator: logicalOperator,
      script: "string",
    },
  },
  TimeFilter: { fields: { start: "string", stop: "string", timezone: "string" } },
  EventContext: {
    fields: {
      id: "string",
      source: "string",
      specversion: "string",
      type: "string",
      datacontenttype: "string",
      subject: "string",
      time: "string",
    },
  },
  DataFilter: {
    fields: {
      path: "string",
      type: oneOf("", "string", "number", "bool"),
      value: list("string"),
      comparator: oneOf("", "=", "!=", ">", ">=", "<", "<="),
      template: "string",
    },
  },
  ExprFilter: { fields: { expr: "string", fields: list("PayloadField") } },
  PayloadField: { fields: { path: "string", name: "string" } },
  Trigger: {
    fields: {
      template: "TriggerTemplate",
      parameters,
      policy: "TriggerPolicy",
      retryStrategy: "EventsBackoff",
      rateLimit: "RateLimit",
      atLeastOnce: "bool",
      dlqTrigger: "Trigger",
    },
  },
  RateLimit: { fields: { unit: oneOf("", "Second", "Minute", "Hour"), requestsPerUnit: "int" } },
  TriggerPolicy: { fields: { k8s: "K8SResourcePolicy", status: "StatusPolicy" } },
  K8SResourcePolicy: {
    fields: { labels: map("string"), backoff: "EventsBackoff", errorOnBackoffTimeout: "bool" },
  },
  StatusPolicy: { fields: { allow: list("int") } },
  TriggerTemplate: {
    fields: merge(
      { name: "string", conditions: "string", conditionsReset: list("ConditionsResetCriteria") },
      triggerTypes,
    ),
  },
  ConditionsResetCriteria: { fields: { byTime: "ConditionsResetByTime" } },
  ConditionsResetByTime: { fields: { cron: "string", timezone: "string" } },
  TriggerParameter: {
    fields: {
      src: "TriggerParameterSource",
      dest: "string",
      operation: oneOf("", "append", "overwrite", "prepend"),
    },
  },
  TriggerParameterSource: {
    fields: {
      dependencyName: "string",
      contextKey: "string",
      contextTemplate: "string",
      dataKey: "string",
      dataTemplate: "string",
      value: "string",
      useRawData: "bool",
    },
  },
  ArgoWorkflowTrigger: {
    fields: {
      source: "EventsArtifactLocation",
      operation: oneOf(
        "",
        "submit",
        "submit-from",
        "resubmit",
        "retry",
        "resume",
        "suspend",
        "terminate",
        "stop",
      ),
      parameters,
      args: list("string"),
    },
  },
  StandardK8STrigger: {
    fields: {
      source: "EventsArtifactLocation",
      operation: oneOf("", "create", "update", "patch", "delete"),
      parameters,
      patchStrategy: "string",
      liveObject: "bool",
    },
  },
  /** Where a trigger's resource comes from: Argo's ArtifactLocation of the events API. */
  EventsArtifactLocation: {
    fields: {
      s3: "EventsS3Artifact",
      inline: "string",
      file: "EventsFileArtifact",
      url: "EventsURLArtifact",
      configmap: "ConfigMapKeySelector",
      git: "EventsGitArtifact",
      resource: "object",
    },
  },
  EventsFileArtifact: { fields: { path: "string" } },
  EventsURLArtifact: { fields: { path: "string", verifyCert: "bool" } },
  EventsGitArtifact: {
    fields: {
      url: "string",
      cloneDirectory: "string",
      creds: "EventsGitCreds",
      sshKeySecret: secret,
      filePath: "string",
      branch: "string",
      tag: "string",
      ref: "string",
      remote: "EventsGitRemoteConfig",
      insecureIgnoreHostKey: "bool",
      githubApp: "GithubAppCreds",
    },
  },
  EventsGitCreds: { fields: { username: secret, password: secret } },
  EventsGitRemoteConfig: { fields: { name: "string", urls: list("string") } },
  HTTPTrigger: {
    fields: merge(payloadFields, {
      url: "string",
      tls: "EventsTLSConfig",
      method: oneOf("", "GET", "DELETE", "PATCH", "POST", "PUT"),
      timeout: "int",
      basicAuth: "EventsBasicAuth",
      headers: map("string"),
      secureHeaders: list("SecureHeader"),
      dynamicHeaders: parameters,
      host: "string",
    }),
  },
  SecureHeader: { fields: { name: "string", valueFrom: "ValueFromSource" } },
  ValueFromSource: { fields: { secretKeyRef: secret, configMapKeyRef: "ConfigMapKeySelector" } },
  LogTrigger: { fields: { intervalSeconds: "int" } },
  NATSTrigger: {
    fields: merge(payloadFields, {
      url: "string",
      subject: "string",
      tls: "EventsTLSConfig",
      auth: "NATSAuth",
    }),
  },
  /** Argosy's own: publish the payload to an AMQP exchange (Argo Events has no such trigger). */
  AMQPTrigger: {
    fields: merge(payloadFields, {
      url: "string",
      exchangeName: "string",
      exchangeType: oneOf("", "direct", "fanout", "topic", "headers"),
      routingKey: "string",
    }),
  },
};
