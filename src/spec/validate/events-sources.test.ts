import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";

/**
 * An EventSource named `es` with one entry `example` of `type`. The entry's own key is line 6 and its
 * first field line 7, so a missing field is reported at line 6 and a bad one at 6 plus its line.
 */
function source(type: string, entry: string): string {
  const body = entry
    .trim()
    .split("\n")
    .map((l) => `      ${l}`)
    .join("\n");
  return `apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: es}\nspec:\n  ${type}:\n    example:\n${body}\n`;
}

// Modelled on Argo Events' examples/event-sources, one document per type as Argo deploys them.
const valid: Record<string, string> = {
  webhook: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: webhook
    spec:
      service:
        ports:
          - port: 12000
            targetPort: 12000
      webhook:
        example:
          port: "12000"
          endpoint: /example
          method: POST
        secured:
          port: "12000"
          endpoint: /secured
          method: POST
          authSecret: {name: webhook-token, key: token}
          maxPayloadSize: 1048576
          filter:
            expression: "body.kind == 'push'"
  `,
  calendar: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: calendar
    spec:
      calendar:
        example-with-interval:
          interval: 10s
        example-with-schedule:
          schedule: "30 */2 * JAN-JUN mon-fri"
          timezone: America/New_York
          exclusionDates:
            - "EXDATE:20241225T000000Z,20250101T000000Z"
          metadata:
            owner: team-a
          persistence:
            catchup:
              enabled: true
              maxDuration: 5m
            configMap:
              name: calendar-state
              createIfNotExist: true
  `,
  file: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: file
    spec:
      file:
        example:
          eventType: CREATE
          watchPathConfig:
            directory: /bin/
            path: x.txt
        example-with-path-pattern:
          eventType: WRITE
          polling: true
          watchPathConfig:
            directory: /var/data/
            pathRegexp: '(?P<name>[a-z]+)\\.txt'
  `,
  redis: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: redis
    spec:
      redis:
        example:
          hostAddress: redis.argo-events.svc:6379
          db: 0
          channels: [FOO, BAR]
          jsonBody: true
          password: {name: redis-secret, key: password}
          namespace: argo-events
  `,
  redisStream: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: redis-stream
    spec:
      redisStream:
        example:
          hostAddress: redis.argo-events.svc:6379
          db: 0
          streams: [FOO]
          maxMsgCountPerRead: 50
          consumerGroup: argo-events-cg
  `,
  nats: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: nats
    spec:
      nats:
        example:
          url: nats://nats.argo-events.svc:4222
          jsonBody: true
          subject: foo
          queue: workers
          connectionBackoff:
            duration: 10s
            steps: 5
            factor: 2
            jitter: 0.2
          auth:
            token: {name: nats-token, key: token}
  `,
  amqp: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: amqp
    spec:
      amqp:
        example:
          url: amqp://amqp.argo-events.svc:5672
          jsonBody: true
          exchangeName: test
          exchangeType: fanout
          routingKey: hello
          exchangeDeclare: {durable: true, autoDelete: false, internal: false, noWait: false}
          queueDeclare:
            name: ""
            durable: false
            exclusive: true
            arguments: |-
              { "x-queue-type": "quorum" }
          queueBind: {noWait: false}
          consume: {consumerTag: my-consumer, autoAck: true}
          tls:
            caCertSecret: {name: tls-secret, key: ca}
  `,
  mqtt: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: mqtt
    spec:
      mqtt:
        example:
          url: tcp://mqtt.argo-events.svc:1883
          topic: foo
          jsonBody: true
          clientId: "1234"
          auth:
            username: {name: mqtt, key: user}
            password: {name: mqtt, key: password}
  `,
  generic: yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: EventSource
    metadata:
      name: generic
    spec:
      eventBusName: default
      replicas: 1
      template:
        serviceAccountName: events-sa
        container:
          env: [{name: DEBUG, value: "true"}]
      generic:
        example:
          insecure: true
          url: generic-event-source-server.argo-events.svc:8080
          config: |-
            key1: value1
  `,
};

describe("EventSource: valid manifests", () => {
  it.each(Object.entries(valid))("%s lints clean", (_, text) => {
    expect(problemsIn(text)).toEqual([]);
  });

  it("accepts the types Argosy does not run, with a warning", () => {
    const text = source("kafka", "url: kafka.svc:9092\ntopic: t\npartition: '0'\nversion: 2.5.0");
    expect(errorsIn(text)).toEqual([]);
    expect(problemsIn(text)).toMatchObject([
      { code: "unsupported", severity: "warning", path: "spec.kafka", line: 5 },
    ]);
  });
});

describe("EventSource rules", () => {
  const at = (path: string, line: number, code = "required") => [{ code, path: `spec.${path}`, line }];
  const cases: { name: string; text: string; expected: ReturnType<typeof at>; message?: string }[] = [
    {
      name: "webhook without endpoint",
      text: source("webhook", 'port: "12000"\nmethod: POST'),
      expected: at("webhook.example.endpoint", 6),
      message: "endpoint can't be empty",
    },
    {
      name: "webhook endpoint without a leading slash",
      text: source("webhook", 'port: "12000"\nendpoint: example\nmethod: POST'),
      expected: at("webhook.example.endpoint", 8, "invalid-value"),
      message: 'endpoint example must start with "/"',
    },
    {
      name: "webhook without port",
      text: source("webhook", "endpoint: /x\nmethod: POST"),
      expected: at("webhook.example.port", 6),
      message: "port can't be empty",
    },
    {
      name: "webhook with a port that is not a number",
      text: source("webhook", "endpoint: /x\nport: http\nmethod: POST"),
      expected: at("webhook.example.port", 8, "invalid-value"),
      message: "failed to parse server port http",
    },
    {
      name: "webhook without method",
      text: source("webhook", 'endpoint: /x\nport: "80"'),
      expected: at("webhook.example.method", 6),
    },
    {
      name: "calendar without schedule or interval",
      text: source("calendar", "timezone: UTC"),
      expected: at("calendar.example.schedule", 6),
      message: "must have either schedule or interval",
    },
    {
      name: "calendar with a 6-field schedule",
      text: source("calendar", 'schedule: "0 0 * * * *"'),
      expected: at("calendar.example.schedule", 7, "cron"),
      message:
        "failed to parse schedule 0 0 * * * * from calendar event. Cause: expected exactly 5 fields, found 6: [0 0 * * * *]",
    },
    {
      name: "calendar with an hour out of range",
      text: source("calendar", 'schedule: "0 24 * * *"'),
      expected: at("calendar.example.schedule", 7, "cron"),
    },
    {
      name: "calendar with a bad interval",
      text: source("calendar", "interval: 10 seconds"),
      expected: at("calendar.example.interval", 7, "invalid-value"),
    },
    {
      name: "calendar with a bad exclusion date",
      text: source("calendar", "interval: 1h\nexclusionDates:\n  - EXDATE:20241301T000000Z"),
      expected: at("calendar.example.exclusionDates[0]", 9, "invalid-value"),
    },
    {
      name: "calendar with an unknown time zone",
      text: source("calendar", "interval: 1h\ntimezone: Mars/Olympus"),
      expected: at("calendar.example.timezone", 8, "invalid-value"),
    },
    {
      name: "file without eventType",
      text: source("file", "watchPathConfig: {directory: /tmp/, path: a}"),
      expected: at("file.example.eventType", 6),
      message: "type must be specified",
    },
    {
      name: "file with an eventType that never matches",
      text: source("file", "eventType: created\nwatchPathConfig: {directory: /tmp/, path: a}"),
      expected: at("file.example.eventType", 7, "invalid-value"),
    },
    {
      name: "file without watchPathConfig",
      text: source("file", "eventType: CREATE"),
      expected: at("file.example.watchPathConfig", 6),
      message: "directory is required",
    },
    {
      name: "file with a relative directory",
      text: source("file", "eventType: CREATE\nwatchPathConfig:\n  directory: tmp\n  path: a"),
      expected: at("file.example.watchPathConfig.directory", 9, "invalid-value"),
      message: "directory must be an absolute file path",
    },
    {
      name: "file without path or pathRegexp",
      text: source("file", "eventType: CREATE\nwatchPathConfig:\n  directory: /tmp/"),
      expected: at("file.example.watchPathConfig.path", 8),
      message: "either path or pathRegexp must be specified",
    },
    {
      name: "file with both path and pathRegexp",
      text: source(
        "file",
        "eventType: CREATE\nwatchPathConfig:\n  directory: /tmp/\n  path: a\n  pathRegexp: b",
      ),
      expected: at("file.example.watchPathConfig.pathRegexp", 11, "invalid-value"),
    },
    {
      name: "file with an absolute path",
      text: source("file", "eventType: CREATE\nwatchPathConfig:\n  directory: /tmp/\n  path: /a"),
      expected: at("file.example.watchPathConfig.path", 10, "invalid-value"),
    },
    {
      name: "file with a pathRegexp that does not compile",
      text: source("file", "eventType: CREATE\nwatchPathConfig:\n  directory: /tmp/\n  pathRegexp: '([a-z'"),
      expected: at("file.example.watchPathConfig.pathRegexp", 10, "invalid-value"),
    },
    {
      name: "redis without hostAddress",
      text: source("redis", "channels: [a]"),
      expected: at("redis.example.hostAddress", 6),
      message: "host address must be specified",
    },
    {
      name: "redis without channels",
      text: source("redis", "hostAddress: localhost:6379"),
      expected: at("redis.example.channels", 6),
      message: "channel/s must be specified",
    },
    {
      name: "redis with a client certificate but no key",
      text: source("redis", "hostAddress: h\nchannels: [a]\ntls:\n  clientCertSecret: {name: s, key: c}"),
      expected: at("redis.example.tls.clientKeySecret", 9),
    },
    {
      name: "redisStream without streams",
      text: source("redisStream", "hostAddress: localhost:6379"),
      expected: at("redisStream.example.streams", 6),
      message: "stream/streams must be specified",
    },
    {
      name: "redisStream with an empty tls",
      text: source("redisStream", "hostAddress: h\nstreams: [s]\ntls: {insecureSkipVerify: false}"),
      expected: at("redisStream.example.tls", 9, "invalid-value"),
    },
    {
      name: "nats without subject",
      text: source("nats", "url: nats://localhost:4222"),
      expected: at("nats.example.subject", 6),
      message: "subject must be specified",
    },
    {
      name: "nats without url",
      text: source("nats", "subject: foo"),
      expected: at("nats.example.url", 6),
      message: "url must be specified",
    },
    {
      name: "nats with an empty queue",
      text: source("nats", 'url: nats://h:4222\nsubject: foo\nqueue: ""'),
      expected: at("nats.example.queue", 9, "invalid-value"),
      message: "queue group cannot be empty if specified",
    },
    {
      name: "nats with a bad backoff duration",
      text: source("nats", "url: nats://h:4222\nsubject: foo\nconnectionBackoff: {duration: '10'}"),
      expected: at("nats.example.connectionBackoff.duration", 9, "invalid-value"),
    },
    {
      name: "amqp without url or urlSecret",
      text: source("amqp", "exchangeName: e\nexchangeType: fanout\nroutingKey: k"),
      expected: at("amqp.example.url", 6),
      message: "either url or urlSecret must be specified",
    },
    {
      name: "amqp with url and urlSecret",
      text: source(
        "amqp",
        "url: amqp://h\nurlSecret: {name: s, key: u}\nexchangeName: e\nexchangeType: t\nroutingKey: k",
      ),
      expected: at("amqp.example.urlSecret", 8, "invalid-value"),
    },
    {
      name: "amqp without exchangeName",
      text: source("amqp", "url: amqp://h\nexchangeType: fanout\nroutingKey: k"),
      expected: at("amqp.example.exchangeName", 6),
    },
    {
      name: "amqp without exchangeType",
      text: source("amqp", "url: amqp://h\nexchangeName: e\nroutingKey: k"),
      expected: at("amqp.example.exchangeType", 6),
      message: "exchange type must be specified",
    },
    {
      name: "amqp without routingKey",
      text: source("amqp", "url: amqp://h\nexchangeName: e\nexchangeType: fanout"),
      expected: at("amqp.example.routingKey", 6),
      message: "routing key must be specified",
    },
    {
      name: "amqp auth without password",
      text: source(
        "amqp",
        "url: amqp://h\nexchangeName: e\nexchangeType: t\nroutingKey: k\nauth:\n  username: {name: s, key: u}",
      ),
      expected: at("amqp.example.auth.password", 11),
      message: "password missing",
    },
    {
      name: "mqtt without clientId",
      text: source("mqtt", "url: tcp://h:1883\ntopic: t"),
      expected: at("mqtt.example.clientId", 6),
      message: "client id must be specified",
    },
    {
      name: "mqtt without topic",
      text: source("mqtt", "url: tcp://h:1883\nclientId: c"),
      expected: at("mqtt.example.topic", 6),
      message: "topic must be specified",
    },
    {
      name: "generic without config",
      text: source("generic", "url: h:8080"),
      expected: at("generic.example.config", 6),
      message: "config can't be empty",
    },
  ];

  it.each(cases)("reports $name", ({ text, expected, message }) => {
    expect(errorsIn(text)).toEqual(expected);
    if (message !== undefined) expect(problemsIn(text)[0]?.message).toBe(message);
  });

  it("needs at least one event source", () => {
    const text =
      "apiVersion: argoproj.io/v1alpha1\nkind: EventSource\nmetadata: {name: es}\nspec:\n  webhook: {}\n";
    expect(errorsIn(text)).toEqual([{ code: "required", path: "spec", line: 4 }]);
  });

  it("reports an event name used twice, even across types", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: EventSource
      metadata: {name: es}
      spec:
        webhook:
          same: {endpoint: /a, port: "80", method: POST}
        calendar:
          same: {interval: 1m}
    `;
    const problems = problemsIn(text);
    expect(problems.filter((p) => p.severity === "error")).toMatchObject([
      {
        code: "duplicate-name",
        path: "spec.calendar.same",
        line: 8,
        message: 'more than one "same" found in the spec',
      },
    ]);
    // Argo also refuses to mix rolling-update and recreate types; Argosy only warns.
    expect(problems.filter((p) => p.severity === "warning")).toMatchObject([
      { code: "argo-compatibility", path: "spec", line: 4 },
    ]);
  });

  it("warns about exclusion dates Argo ignores, and about redis passwords without a namespace", () => {
    const cal = source("calendar", "interval: 1h\nexclusionDates: ['2024-12-25']");
    expect(problemsIn(cal)).toMatchObject([
      { severity: "warning", path: "spec.calendar.example.exclusionDates[0]", line: 8 },
    ]);
    const redis = source("redis", "hostAddress: h\nchannels: [c]\npassword: {name: s, key: p}");
    expect(problemsIn(redis)).toMatchObject([
      { severity: "warning", code: "argo-compatibility", path: "spec.redis.example.namespace", line: 6 },
    ]);
  });

  it("reports every problem of an entry, not only the first", () => {
    expect(errorsIn(source("mqtt", "jsonBody: true")).map((p) => p.path)).toEqual([
      "spec.mqtt.example.url",
      "spec.mqtt.example.topic",
      "spec.mqtt.example.clientId",
    ]);
  });

  it("checks the object name and apiVersion like other kinds", () => {
    const text = source("calendar", "interval: 1h")
      .replace("metadata: {name: es}", "metadata: {name: Bad_Name}")
      .replace("argoproj.io/v1alpha1", "argoproj.io/v1");
    expect(errorsIn(text)).toEqual([
      { code: "api-version", path: "apiVersion", line: 1 },
      { code: "invalid-name", path: "metadata.name", line: 3 },
    ]);
  });
});
