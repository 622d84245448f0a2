/**
 * The EventSource kind (Argo Events v1.9): its spec, with every source type Argo has as a map of
 * named entries, and the entries of the types Argosy runs (webhook, calendar, file, redis,
 * redisStream, nats, amqp, mqtt, generic). The other types are in `events-sources-more.ts`.
 */
import { webhookContextFields } from "./events-common.js";
import { list, map, merge, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";

/** Every source type key of an EventSource spec, with the struct of one entry. */
export const eventSourceTypes: Readonly<Record<string, string>> = {
  minio: "EventsS3Artifact",
  calendar: "CalendarEventSource",
  file: "FileEventSource",
  resource: "ResourceEventSource",
  webhook: "WebhookEventSource",
  amqp: "AMQPEventSource",
  kafka: "KafkaEventSource",
  mqtt: "MQTTEventSource",
  nats: "NATSEventsSource",
  sns: "SNSEventSource",
  sqs: "SQSEventSource",
  pubSub: "PubSubEventSource",
  github: "GithubEventSource",
  gitlab: "GitlabEventSource",
  hdfs: "HDFSEventSource",
  slack: "SlackEventSource",
  storageGrid: "StorageGridEventSource",
  azureEventsHub: "AzureEventsHubEventSource",
  stripe: "StripeEventSource",
  emitter: "EmitterEventSource",
  redis: "RedisEventSource",
  nsq: "NSQEventSource",
  pulsar: "PulsarEventSource",
  generic: "GenericEventSource",
  bitbucketserver: "BitbucketServerEventSource",
  bitbucket: "BitbucketEventSource",
  redisStream: "RedisStreamEventSource",
  azureServiceBus: "AzureServiceBusEventSource",
  azureQueueStorage: "AzureQueueStorageEventSource",
  sftp: "SFTPEventSource",
  gerrit: "GerritEventSource",
  mns: "MNSEventSource",
};

const sourceMaps: Record<string, Shape> = Object.fromEntries(
  Object.entries(eventSourceTypes).map(([key, struct]) => [key, map(struct)]),
);

/** Fields most message-queue sources share. */
const common: Record<string, Shape> = {
  metadata: map("string"),
  filter: "EventSourceFilter",
};

export const eventSourceStructs: Record<string, StructDef> = {
  EventSource: {
    fields: {
      apiVersion: "string",
      kind: "string",
      metadata: "ObjectMeta",
      spec: "EventSourceSpec",
      status: "any",
    },
    required: ["spec"],
  },
  EventSourceSpec: {
    fields: merge(sourceMaps, {
      eventBusName: "string",
      template: "EventsPodTemplate",
      service: "EventSourceService",
      replicas: "int",
    }),
  },
  EventSourceService: {
    fields: { metadata: "EventsMetadata", ports: list("object"), clusterIP: "string" },
  },
  /** Inlines WebhookContext, as Go's embedded struct does. */
  WebhookEventSource: { fields: merge(webhookContextFields, { filter: "EventSourceFilter" }) },
  CalendarEventSource: {
    fields: merge(common, {
      schedule: "string",
      interval: "string",
      exclusionDates: list("string"),
      timezone: "string",
      persistence: "EventPersistence",
    }),
  },
  EventPersistence: { fields: { catchup: "CatchupConfiguration", configMap: "ConfigMapPersistence" } },
  CatchupConfiguration: { fields: { enabled: "bool", maxDuration: "string" } },
  ConfigMapPersistence: { fields: { name: "string", createIfNotExist: "bool" } },
  FileEventSource: {
    fields: merge(common, { eventType: "string", watchPathConfig: "WatchPathConfig", polling: "bool" }),
  },
  RedisEventSource: {
    fields: merge(common, {
      hostAddress: "string",
      password: secret,
      namespace: "string",
      db: "int",
      channels: list("string"),
      tls: "EventsTLSConfig",
      jsonBody: "bool",
      username: "string",
    }),
  },
  RedisStreamEventSource: {
    fields: merge(common, {
      hostAddress: "string",
      password: secret,
      db: "int",
      streams: list("string"),
      maxMsgCountPerRead: "int",
      consumerGroup: "string",
      tls: "EventsTLSConfig",
      username: "string",
    }),
  },
  NATSEventsSource: {
    fields: merge(common, {
      url: "string",
      subject: "string",
      connectionBackoff: "EventsBackoff",
      jsonBody: "bool",
      tls: "EventsTLSConfig",
      auth: "NATSAuth",
      queue: "string",
    }),
  },
  AMQPEventSource: {
    fields: merge(common, {
      url: "string",
      exchangeName: "string",
      exchangeType: "string",
      routingKey: "string",
      connectionBackoff: "EventsBackoff",
      jsonBody: "bool",
      tls: "EventsTLSConfig",
      exchangeDeclare: "AMQPExchangeDeclareConfig",
      queueDeclare: "AMQPQueueDeclareConfig",
      queueBind: "AMQPQueueBindConfig",
      consume: "AMQPConsumeConfig",
      auth: "EventsBasicAuth",
      urlSecret: secret,
    }),
  },
  AMQPExchangeDeclareConfig: {
    fields: { durable: "bool", autoDelete: "bool", internal: "bool", noWait: "bool" },
  },
  AMQPQueueDeclareConfig: {
    fields: {
      name: "string",
      durable: "bool",
      autoDelete: "bool",
      exclusive: "bool",
      noWait: "bool",
      arguments: "string",
    },
  },
  AMQPQueueBindConfig: { fields: { noWait: "bool" } },
  AMQPConsumeConfig: {
    fields: { consumerTag: "string", autoAck: "bool", exclusive: "bool", noLocal: "bool", noWait: "bool" },
  },
  MQTTEventSource: {
    fields: merge(common, {
      url: "string",
      topic: "string",
      clientId: "string",
      connectionBackoff: "EventsBackoff",
      jsonBody: "bool",
      tls: "EventsTLSConfig",
      auth: "EventsBasicAuth",
    }),
  },
  GenericEventSource: {
    fields: merge(common, {
      url: "string",
      config: "string",
      insecure: "bool",
      jsonBody: "bool",
      authSecret: secret,
    }),
  },
};
