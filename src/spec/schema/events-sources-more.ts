/**
 * The EventSource entry types Argosy does not run (kafka, sns, sqs, pubSub, github, gitlab, …),
 * closed with Argo Events v1.9's field names all the same: a manifest written for Argo should lint
 * the same here, misspellings included, even if Argosy reports the type as unsupported at run time.
 */
import { list, map, merge, type Shape, type StructDef } from "./shape.js";

const secret = "SecretKeySelector";
const common: Record<string, Shape> = { metadata: map("string"), filter: "EventSourceFilter" };
const hook: Record<string, Shape> = { webhook: "WebhookContext", metadata: map("string") };
const queue: Record<string, Shape> = merge(common, {
  connectionBackoff: "EventsBackoff",
  jsonBody: "bool",
  tls: "EventsTLSConfig",
});

export const moreEventSourceStructs: Record<string, StructDef> = {
  ResourceEventSource: {
    fields: {
      namespace: "string",
      filter: "ResourceFilter",
      group: "string",
      version: "string",
      resource: "string",
      eventTypes: list("string"),
      metadata: map("string"),
    },
  },
  ResourceFilter: {
    fields: {
      prefix: "string",
      labels: list("ResourceSelector"),
      fields: list("ResourceSelector"),
      createdBy: "any",
      afterStart: "bool",
    },
  },
  ResourceSelector: { fields: { key: "string", operation: "string", value: "string" } },
  KafkaEventSource: {
    fields: merge(queue, {
      url: "string",
      partition: "string",
      topic: "string",
      consumerGroup: "KafkaConsumerGroup",
      limitEventsPerSecond: "int",
      version: "string",
      sasl: "EventsSASLConfig",
      config: "string",
      schemaRegistry: "SchemaRegistryConfig",
      awsMskIamAuth: "AWSMSKIAMConfig",
    }),
  },
  SNSEventSource: {
    fields: merge(hook, {
      topicArn: "string",
      accessKey: secret,
      secretKey: secret,
      region: "string",
      roleARN: "string",
      validateSignature: "bool",
      filter: "EventSourceFilter",
      endpoint: "string",
    }),
  },
  SQSEventSource: {
    fields: merge(common, {
      accessKey: secret,
      secretKey: secret,
      region: "string",
      queue: "string",
      waitTimeSeconds: "int",
      roleARN: "string",
      jsonBody: "bool",
      queueAccountId: "string",
      dlq: "bool",
      endpoint: "string",
      sessionToken: secret,
    }),
  },
  PubSubEventSource: {
    fields: merge(common, {
      projectID: "string",
      topicProjectID: "string",
      topic: "string",
      subscriptionID: "string",
      credentialSecret: secret,
      deleteSubscriptionOnFinish: "bool",
      jsonBody: "bool",
    }),
  },
  GithubEventSource: {
    fields: merge(hook, {
      id: "int",
      owner: "string",
      repository: "string",
      events: list("string"),
      apiToken: secret,
      webhookSecret: secret,
      insecure: "bool",
      active: "bool",
      contentType: "string",
      githubBaseURL: "string",
      githubUploadURL: "string",
      deleteHookOnFinish: "bool",
      repositories: list("OwnedRepositories"),
      organizations: list("string"),
      githubApp: "GithubAppCreds",
      filter: "EventSourceFilter",
    }),
  },
  OwnedRepositories: { fields: { owner: "string", names: list("string") } },
  GitlabEventSource: {
    fields: merge(hook, {
      projectID: "string",
      events: list("string"),
      accessToken: secret,
      enableSSLVerification: "bool",
      gitlabBaseURL: "string",
      deleteHookOnFinish: "bool",
      projects: list("string"),
      secretToken: secret,
      filter: "EventSourceFilter",
      groups: list("string"),
    }),
  },
  BitbucketEventSource: {
    fields: merge(hook, {
      deleteHookOnFinish: "bool",
      auth: "BitbucketAuth",
      events: list("string"),
      owner: "string",
      projectKey: "string",
      repositorySlug: "string",
      repositories: list("BitbucketRepository"),
      filter: "EventSourceFilter",
    }),
  },
  BitbucketRepository: { fields: { owner: "string", repositorySlug: "string" } },
  BitbucketAuth: { fields: { basic: "BitbucketBasicAuth", oauthToken: secret } },
  BitbucketBasicAuth: { fields: { username: secret, password: secret } },
  BitbucketServerEventSource: {
    fields: merge(hook, {
      projectKey: "string",
      repositorySlug: "string",
      projects: list("string"),
      repositories: list("BitbucketServerRepository"),
      events: list("string"),
      skipBranchRefsChangedOnOpenPR: "bool",
      oneEventPerChange: "bool",
      accessToken: secret,
      webhookSecret: secret,
      bitbucketserverBaseURL: "string",
      deleteHookOnFinish: "bool",
      filter: "EventSourceFilter",
      tls: "EventsTLSConfig",
      checkInterval: "string",
    }),
  },
  BitbucketServerRepository: { fields: { projectKey: "string", repositorySlug: "string" } },
  GerritEventSource: {
    fields: merge(hook, {
      hookName: "string",
      events: list("string"),
      auth: "EventsBasicAuth",
      gerritBaseURL: "string",
      deleteHookOnFinish: "bool",
      projects: list("string"),
      sslVerify: "bool",
      filter: "EventSourceFilter",
      maxTries: "int",
    }),
  },
  HDFSEventSource: {
    fields: merge(common, {
      directory: "string",
      path: "string",
      pathRegexp: "string",
      type: "string",
      checkInterval: "string",
      addresses: list("string"),
      hdfsUser: "string",
      krbCCacheSecret: secret,
      krbKeytabSecret: secret,
      krbUsername: "string",
      krbRealm: "string",
      krbConfigConfigMap: "ConfigMapKeySelector",
      krbServicePrincipalName: "string",
    }),
  },
  SFTPEventSource: {
    fields: merge(common, {
      eventType: "string",
      watchPathConfig: "WatchPathConfig",
      username: secret,
      password: secret,
      sshKeySecret: secret,
      address: secret,
      pollIntervalDuration: "string",
    }),
  },
  SlackEventSource: {
    fields: merge(hook, { signingSecret: secret, token: secret, filter: "EventSourceFilter" }),
  },
  StorageGridEventSource: {
    fields: merge(hook, {
      events: list("string"),
      filter: "StorageGridFilter",
      topicArn: "string",
      bucket: "string",
      region: "string",
      authToken: secret,
      apiURL: "string",
      tls: "EventsTLSConfig",
    }),
  },
  StorageGridFilter: { fields: { prefix: "string", suffix: "string" } },
  StripeEventSource: {
    fields: merge(hook, { createWebhook: "bool", apiKey: secret, eventFilter: list("string") }),
  },
  AzureEventsHubEventSource: {
    fields: merge(common, {
      fqdn: "string",
      sharedAccessKeyName: secret,
      sharedAccessKey: secret,
      hubName: "string",
    }),
  },
  AzureServiceBusEventSource: {
    fields: merge(common, {
      connectionString: secret,
      queueName: "string",
      topicName: "string",
      subscriptionName: "string",
      tls: "EventsTLSConfig",
      jsonBody: "bool",
      fullyQualifiedNamespace: "string",
      deferDelete: "bool",
    }),
  },
  AzureQueueStorageEventSource: {
    fields: merge(common, {
      storageAccountName: "string",
      connectionString: secret,
      queueName: "string",
      jsonBody: "bool",
      dlq: "bool",
      decodeMessage: "bool",
      waitTimeInSeconds: "int",
    }),
  },
  EmitterEventSource: {
    fields: merge(queue, {
      broker: "string",
      channelKey: "string",
      channelName: "string",
      username: secret,
      password: secret,
    }),
  },
  NSQEventSource: {
    fields: merge(queue, { hostAddress: "string", topic: "string", channel: "string" }),
  },
  PulsarEventSource: {
    fields: merge(queue, {
      topics: list("string"),
      type: "string",
      url: "string",
      tlsTrustCertsSecret: secret,
      tlsAllowInsecureConnection: "bool",
      tlsValidateHostname: "bool",
      authTokenSecret: secret,
      authAthenzParams: map("string"),
      authAthenzSecret: secret,
    }),
  },
  MNSEventSource: {
    fields: {
      accessKey: secret,
      secretKey: secret,
      queue: "string",
      jsonBody: "bool",
      endpoint: "string",
      filter: "EventSourceFilter",
    },
  },
};
