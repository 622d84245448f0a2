/**
 * Structs that Argo Events' three kinds share: backoff, TLS, basic auth, the pod template and
 * service of the deployments Argo would create, webhook contexts, Kafka and NATS auth details.
 * Field lists follow Argo Events v1.9's Go types (`pkg/apis/events/v1alpha1`). Names that would
 * collide with Argo Workflows' structs (Backoff, Metadata, Template, Container, S3Artifact…) carry an
 * `Events` prefix; a test checks that no events struct replaces a workflow one.
 */
import { list, map, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";

/** Argo's WebhookContext; the webhook source inlines it, other HTTP-based sources nest it. */
export const webhookContextFields: Record<string, Shape> = {
  endpoint: "string",
  method: "string",
  port: "string",
  url: "string",
  serverCertSecret: secret,
  serverKeySecret: secret,
  metadata: map("string"),
  authSecret: secret,
  maxPayloadSize: "int",
};

export const eventsCommonStructs: Record<string, StructDef> = {
  /** `duration` is an Int64OrString; `factor` and `jitter` are Argo's Amount, a JSON number. */
  EventsBackoff: { fields: { duration: "intOrString", factor: "number", jitter: "number", steps: "int" } },
  EventsTLSConfig: {
    fields: {
      caCertSecret: secret,
      clientCertSecret: secret,
      clientKeySecret: secret,
      insecureSkipVerify: "bool",
      enabled: "bool",
    },
  },
  EventsBasicAuth: { fields: { username: secret, password: secret } },
  EventsMetadata: { fields: { annotations: map("string"), labels: map("string") } },
  /** The pod of an EventSource's or Sensor's deployment; Argosy runs no pods for them and ignores it. */
  EventsPodTemplate: {
    fields: {
      metadata: "EventsMetadata",
      serviceAccountName: "string",
      container: "EventsContainer",
      volumes: list("object"),
      securityContext: "object",
      nodeSelector: map("string"),
      tolerations: list("object"),
      imagePullSecrets: list("object"),
      priorityClassName: "string",
      priority: "int",
      affinity: "object",
    },
  },
  EventsContainer: {
    fields: {
      resources: "object",
      imagePullPolicy: "string",
      securityContext: "object",
      volumeMounts: list("VolumeMount"),
      env: list("EnvVar"),
      envFrom: list("object"),
    },
  },
  /** Where an HTTP-based source listens (webhook, and the webhook part of github, gitlab, sns…). */
  WebhookContext: { fields: webhookContextFields },
  EventSourceFilter: { fields: { expression: "string" } },
  WatchPathConfig: { fields: { directory: "string", path: "string", pathRegexp: "string" } },
  EventsSASLConfig: { fields: { mechanism: "string", userSecret: secret, passwordSecret: secret } },
  KafkaConsumerGroup: { fields: { groupName: "string", oldest: "bool", rebalanceStrategy: "string" } },
  SchemaRegistryConfig: { fields: { url: "string", schemaId: "int", auth: "EventsBasicAuth" } },
  AWSMSKIAMConfig: { fields: { region: "string" } },
  NATSAuth: { fields: { basic: "EventsBasicAuth", token: secret, nkey: secret, credential: secret } },
  GithubAppCreds: { fields: { privateKey: secret, appID: "int", installationID: "int" } },
  /** Minio event sources and S3 trigger sources. */
  EventsS3Artifact: {
    fields: {
      endpoint: "string",
      bucket: "EventsS3Bucket",
      region: "string",
      insecure: "bool",
      accessKey: secret,
      secretKey: secret,
      events: list("string"),
      filter: "EventsS3Filter",
      metadata: map("string"),
      caCertificate: secret,
    },
  },
  EventsS3Bucket: { fields: { key: "string", name: "string" } },
  EventsS3Filter: { fields: { prefix: "string", suffix: "string" } },
};
