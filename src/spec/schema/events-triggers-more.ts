/**
 * The trigger types Argosy does not run (awsLambda, kafka, slack, openWhisk, azureEventHubs,
 * azureServiceBus, pulsar, custom, email), closed with Argo Events v1.9's field names so that a
 * Sensor written for Argo lints the same here, misspellings included.
 */
import { list, map, merge, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";
const parameters = list("TriggerParameter");
const payloadFields: Record<string, Shape> = { payload: parameters, parameters };

export const moreTriggerStructs: Record<string, StructDef> = {
  AWSLambdaTrigger: {
    fields: merge(payloadFields, {
      functionName: "string",
      accessKey: secret,
      secretKey: secret,
      region: "string",
      invocationType: "string",
      roleARN: "string",
    }),
  },
  AzureEventHubsTrigger: {
    fields: merge(payloadFields, {
      fqdn: "string",
      hubName: "string",
      sharedAccessKeyName: secret,
      sharedAccessKey: secret,
    }),
  },
  AzureServiceBusTrigger: {
    fields: merge(payloadFields, {
      connectionString: secret,
      queueName: "string",
      topicName: "string",
      subscriptionName: "string",
      tls: "EventsTLSConfig",
    }),
  },
  KafkaTrigger: {
    fields: merge(payloadFields, {
      url: "string",
      topic: "string",
      partition: "int",
      requiredAcks: "int",
      compress: "bool",
      flushFrequency: "int",
      tls: "EventsTLSConfig",
      partitioningKey: "string",
      version: "string",
      sasl: "EventsSASLConfig",
      schemaRegistry: "SchemaRegistryConfig",
      headers: map("string"),
      secureHeaders: list("SecureHeader"),
    }),
  },
  PulsarTrigger: {
    fields: merge(payloadFields, {
      url: "string",
      topic: "string",
      tlsTrustCertsSecret: secret,
      tlsAllowInsecureConnection: "bool",
      tlsValidateHostname: "bool",
      tls: "EventsTLSConfig",
      authTokenSecret: secret,
      connectionBackoff: "EventsBackoff",
      authAthenzParams: map("string"),
      authAthenzSecret: secret,
    }),
  },
  CustomTrigger: {
    fields: merge(payloadFields, {
      serverURL: "string",
      secure: "bool",
      certSecret: secret,
      serverNameOverride: "string",
      spec: map("string"),
    }),
  },
  EmailTrigger: {
    fields: {
      parameters,
      username: "string",
      smtpPassword: secret,
      host: "string",
      port: "int",
      to: list("string"),
      from: "string",
      subject: "string",
      body: "string",
    },
  },
  SlackTrigger: {
    fields: {
      parameters,
      slackToken: secret,
      channel: "string",
      message: "string",
      attachments: "string",
      blocks: "string",
      thread: "SlackThread",
      sender: "SlackSender",
    },
  },
  SlackThread: { fields: { messageAggregationKey: "string", broadcastMessageToChannel: "bool" } },
  SlackSender: { fields: { username: "string", icon: "string" } },
  OpenWhiskTrigger: {
    fields: merge(payloadFields, {
      host: "string",
      version: "string",
      namespace: "string",
      authToken: secret,
      actionName: "string",
    }),
  },
};
