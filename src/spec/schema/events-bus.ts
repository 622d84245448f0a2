/**
 * The EventBus kind (Argo Events v1.9): `nats` (native or exotic, NATS Streaming), `jetstream`,
 * `jetstreamExotic` and `kafka`. Argosy runs the embedded bus for `nats` and an empty spec, and NATS
 * JetStream for `jetstream`/`jetstreamExotic`; the deployment fields (replicas, pod settings,
 * persistence) are accepted and, outside Kubernetes, ignored.
 */
import { list, map, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";

/** Fields of the NATS server pods Argo would run. */
const podFields: Record<string, Shape> = {
  containerTemplate: "ContainerTemplate",
  metricsContainerTemplate: "ContainerTemplate",
  persistence: "PersistenceStrategy",
  metadata: "EventsMetadata",
  nodeSelector: map("string"),
  tolerations: list("object"),
  securityContext: "object",
  imagePullSecrets: list("object"),
  serviceAccountName: "string",
  priorityClassName: "string",
  priority: "int",
  affinity: "object",
  maxPayload: "string",
};

export const eventBusStructs: Record<string, StructDef> = {
  EventBus: {
    fields: {
      apiVersion: "string",
      kind: "string",
      metadata: "ObjectMeta",
      spec: "EventBusSpec",
      status: "any",
    },
    required: ["spec"],
  },
  EventBusSpec: {
    fields: {
      nats: "NATSBus",
      jetstream: "JetStreamBus",
      kafka: "KafkaBus",
      jetstreamExotic: "JetStreamConfig",
    },
  },
  NATSBus: { fields: { native: "NativeStrategy", exotic: "NATSConfig" } },
  NativeStrategy: {
    fields: {
      ...podFields,
      replicas: "int",
      auth: "string",
      maxAge: "string",
      maxMsgs: "int",
      maxBytes: "string",
      maxSubs: "int",
      raftHeartbeatTimeout: "string",
      raftElectionTimeout: "string",
      raftLeaseTimeout: "string",
      raftCommitTimeout: "string",
    },
  },
  NATSConfig: { fields: { url: "string", clusterID: "string", auth: "string", accessSecret: secret } },
  JetStreamBus: {
    fields: {
      ...podFields,
      version: "string",
      replicas: "int",
      reloaderContainerTemplate: "ContainerTemplate",
      settings: "string",
      startArgs: list("string"),
      streamConfig: "string",
    },
  },
  JetStreamConfig: {
    fields: { url: "string", accessSecret: secret, streamConfig: "string", tls: "EventsTLSConfig" },
  },
  KafkaBus: {
    fields: {
      url: "string",
      topic: "string",
      version: "string",
      tls: "EventsTLSConfig",
      sasl: "EventsSASLConfig",
      consumerGroup: "KafkaConsumerGroup",
      partitioner: "string",
    },
  },
  ContainerTemplate: {
    fields: { resources: "object", imagePullPolicy: "string", securityContext: "object" },
  },
  PersistenceStrategy: {
    fields: { storageClassName: "string", accessMode: "string", volumeSize: "intOrString" },
  },
};
