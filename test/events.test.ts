/**
 * Argo Events end to end: a real `argosy server`, real brokers (redis-server, nats-server,
 * rabbitmq-server, mosquitto from Debian's packages), EventSources and Sensors created through the
 * REST API. Each source's event must start a workflow through a sensor with a filter and a
 * parameter mapped into the workflow's arguments; events are triggered once even across a SIGKILL;
 * a half-satisfied `&&` survives a restart; bad manifests and payloads get errors, never a stop.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import amqp from "amqplib";
import mqtt from "mqtt";
import { connect as natsConnect } from "nats";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, hasBinary, type RunningService } from "../src/events/testing/process.js";
import { startMosquitto, startNats, startRabbitMq, startRedis } from "../src/events/testing/services.js";
import type { Workflow } from "../src/spec/types.js";
import { argosyAsync } from "./helpers.js";
import { api, pollUntil, type ServerProcess, startServerProcess } from "./server-helpers.js";

const ns = "default";
let home: string;
let server: ServerProcess;
const services: RunningService[] = [];

async function startServer(): Promise<void> {
  server = await startServerProcess(home, [], { ARGOSY_SANDBOX: "none" });
}

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "argosy-events-"));
  await startServer();
}, 90_000);

afterAll(async () => {
  await server?.stop();
  await Promise.allSettled(services.map((s) => s.stop()));
  await rm(home, { recursive: true, force: true });
}, 60_000);

async function create(kind: "event-sources" | "sensors", field: string, object: object): Promise<void> {
  const r = await api(server.url, `/api/v1/${kind}/${ns}`, {
    method: "POST",
    body: { namespace: ns, [field]: object },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
}

const eventSource = (name: string, spec: object) =>
  create("event-sources", "eventSource", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "EventSource",
    metadata: { name },
    spec,
  });

/**
 * A sensor whose one dependency passes only events whose `filterPath` equals `filterValue`, and
 * whose trigger submits a workflow with `msg` taken from `dataKey` of the event.
 */
function sensor(
  name: string,
  dep: {
    eventSourceName: string;
    eventName: string;
    filterPath: string;
    filterValue: string;
    dataKey: string;
  },
  extra: { trigger?: object; dependencies?: object[]; conditions?: string; parameters?: object[] } = {},
) {
  return create("sensors", "sensor", {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Sensor",
    metadata: { name },
    spec: {
      dependencies: extra.dependencies ?? [
        {
          name: "dep",
          eventSourceName: dep.eventSourceName,
          eventName: dep.eventName,
          filters: { data: [{ path: dep.filterPath, type: "string", value: [dep.filterValue] }] },
        },
      ],
      triggers: [
        {
          template: {
            name: "run",
            ...(extra.conditions ? { conditions: extra.conditions } : {}),
            argoWorkflow: {
              operation: "submit",
              source: {
                resource: {
                  apiVersion: "argoproj.io/v1alpha1",
                  kind: "Workflow",
                  metadata: { generateName: `${name}-` },
                  spec: {
                    entrypoint: "main",
                    arguments: {
                      parameters: [
                        { name: "msg", value: "unset" },
                        { name: "other", value: "unset" },
                      ],
                    },
                    templates: [
                      {
                        name: "main",
                        container: { image: "busybox", command: ["echo", "{{workflow.parameters.msg}}"] },
                      },
                    ],
                  },
                },
              },
              parameters: extra.parameters ?? [
                {
                  src: { dependencyName: "dep", dataKey: dep.dataKey },
                  dest: "spec.arguments.parameters.0.value",
                },
              ],
            },
          },
          ...extra.trigger,
        },
      ],
    },
  });
}

async function workflowsOf(sensorName: string): Promise<Workflow[]> {
  const r = await api<{ items: Workflow[] | null }>(
    server.url,
    `/api/v1/workflows/${ns}?listOptions.labelSelector=${encodeURIComponent(`events.argoproj.io/sensor=${sensorName}`)}`,
  );
  return r.body.items ?? [];
}

const msgOf = (wf: Workflow) => wf.spec.arguments?.parameters?.find((p) => p.name === "msg")?.value;

/** Polls until `ok` holds; on failure the error shows the server's last output. */
const until = <T>(what: string, get: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000) =>
  pollUntil(what, get, ok, { timeoutMs, context: () => server.output().slice(-2000) });

/** Resolves when the sensor's log shows it subscribed (events before that are not its). */
async function sensorStarted(name: string): Promise<void> {
  await until(
    "sensor start",
    () => sensorLog(name),
    (log) => log.includes("started"),
  );
}

async function sensorLog(name: string): Promise<string> {
  const res = await fetch(`${server.url}/api/v1/stream/sensors/${ns}/logs?name=${name}`);
  return res.text();
}

/** Waits until exactly `n` workflows of the sensor exist with these messages, then a little longer to see no more come. */
async function expectWorkflows(sensorName: string, messages: string[]): Promise<Workflow[]> {
  const wfs = await until(
    `workflows of ${sensorName}`,
    () => workflowsOf(sensorName),
    (w) => w.length >= messages.length,
  );
  await new Promise((r) => setTimeout(r, 800));
  const again = await workflowsOf(sensorName);
  expect(again.map(msgOf).sort()).toEqual([...messages].sort());
  return wfs;
}

async function postWebhook(port: number, path: string, body: string, headers: Record<string, string> = {}) {
  return fetch(`http://127.0.0.1:${port}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
  });
}

describe("event sources start workflows through sensors", () => {
  it("webhook: a filtered body field chooses, and body.msg becomes the workflow's argument", async () => {
    const port = await freePort();
    await eventSource("hooks", {
      webhook: { push: { endpoint: "/push", port: String(port), method: "POST" } },
    });
    await sensor("hook-sensor", {
      eventSourceName: "hooks",
      eventName: "push",
      filterPath: "body.kind",
      filterValue: "go",
      dataKey: "body.msg",
    });
    await sensorStarted("hook-sensor");
    const bad = await until(
      "webhook up",
      () => postWebhook(port, "/push", JSON.stringify({ kind: "skip", msg: "no" })).catch(() => undefined),
      (r) => r?.status === 200,
    );
    expect(await bad?.text()).toBe("success");
    expect(
      (await postWebhook(port, "/push", JSON.stringify({ kind: "go", msg: "hello-webhook" }))).status,
    ).toBe(200);
    const [wf] = await expectWorkflows("hook-sensor", ["hello-webhook"]);
    const done = await until(
      "workflow done",
      async () => (await api<Workflow>(server.url, `/api/v1/workflows/${ns}/${wf?.metadata.name}`)).body,
      (w) => w.status?.phase === "Succeeded",
    );
    expect(done.status?.phase).toBe("Succeeded");
    const log = await sensorLog("hook-sensor");
    expect(log).toContain("discarded");
    expect(log).toMatch(/body\.kind/);
  }, 60_000);

  it("webhook: a body that is not JSON gets an error and the next event still triggers", async () => {
    const port = await freePort();
    await eventSource("hooks2", { webhook: { in: { endpoint: "/in", port: String(port), method: "POST" } } });
    await sensor("hook2-sensor", {
      eventSourceName: "hooks2",
      eventName: "in",
      filterPath: "body.kind",
      filterValue: "go",
      dataKey: "body.msg",
    });
    await sensorStarted("hook2-sensor");
    const broken = await until(
      "webhook up",
      () => postWebhook(port, "/in", "{not json").catch(() => undefined),
      (r) => r !== undefined,
    );
    expect(broken?.status).toBeGreaterThanOrEqual(400);
    expect((await postWebhook(port, "/in", JSON.stringify({ kind: "go", msg: "after-bad" }))).status).toBe(
      200,
    );
    await expectWorkflows("hook2-sensor", ["after-bad"]);
  }, 60_000);

  it("webhook: the same event id (CloudEvents ce-id header) delivered twice starts one workflow", async () => {
    const port = await freePort();
    await eventSource("hooks3", { webhook: { in: { endpoint: "/in", port: String(port), method: "POST" } } });
    await sensor("dedupe-sensor", {
      eventSourceName: "hooks3",
      eventName: "in",
      filterPath: "body.kind",
      filterValue: "go",
      dataKey: "body.msg",
    });
    await sensorStarted("dedupe-sensor");
    const body = JSON.stringify({ kind: "go", msg: "once" });
    await until(
      "webhook up",
      () => postWebhook(port, "/in", body, { "ce-id": "evt-1" }).catch(() => undefined),
      (r) => r?.status === 200,
    );
    expect((await postWebhook(port, "/in", body, { "ce-id": "evt-1" })).status).toBe(200);
    await expectWorkflows("dedupe-sensor", ["once"]);
  }, 60_000);

  it("the webhook sensor's counters reach /metrics", async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(
      /argo_events_action_triggered_total\{namespace="default",sensor_name="hook-sensor"\} [1-9]/,
    );
    expect(text).toMatch(
      /argosy_events_filtered_total\{namespace="default",sensor_name="hook-sensor"\} [1-9]/,
    );
  });

  it("calendar: an interval tick starts a workflow with its eventTime", async () => {
    await eventSource("ticks", { calendar: { every: { interval: "2s" } } });
    await sensor("tick-sensor", {
      eventSourceName: "ticks",
      eventName: "every",
      filterPath: "eventTime",
      filterValue: ".+",
      dataKey: "eventTime",
    });
    const wfs = await until(
      "a tick",
      () => workflowsOf("tick-sensor"),
      (w) => w.length >= 1,
    );
    expect(msgOf(wfs[0] as Workflow)).toMatch(/^\d{4}-\d\d-\d\d/);
    await api(server.url, `/api/v1/event-sources/${ns}/ticks`, { method: "DELETE" });
  }, 60_000);

  it("file: a created file starts a workflow with its name", async () => {
    const dir = await mkdtemp(join(tmpdir(), "argosy-watch-"));
    await eventSource("files", {
      file: {
        drop: { eventType: "CREATE", watchPathConfig: { directory: `${dir}/`, pathRegexp: ".*\\.txt$" } },
      },
    });
    await sensor("file-sensor", {
      eventSourceName: "files",
      eventName: "drop",
      filterPath: "name",
      filterValue: "report\\.txt$",
      dataKey: "name",
    });
    await sensorStarted("file-sensor");
    await new Promise((r) => setTimeout(r, 500));
    await writeFile(join(dir, "report.txt"), "x");
    const wfs = await until(
      "file workflow",
      () => workflowsOf("file-sensor"),
      (w) => w.length >= 1,
    );
    expect(msgOf(wfs[0] as Workflow)).toContain("report.txt");
  }, 60_000);

  it.skipIf(!hasBinary("redis-server"))(
    "redis: a published message starts a workflow",
    async () => {
      const redis = await startRedis();
      services.push(redis);
      await eventSource("redis-src", {
        redis: { orders: { hostAddress: `127.0.0.1:${redis.port}`, channels: ["orders"], jsonBody: true } },
      });
      await sensor("redis-sensor", {
        eventSourceName: "redis-src",
        eventName: "orders",
        filterPath: "body.kind",
        filterValue: "go",
        dataKey: "body.msg",
      });
      await sensorStarted("redis-sensor");
      const client = createClient({ url: redis.url });
      await client.connect();
      await until(
        "redis subscribed",
        async () =>
          Number(await client.publish("orders", JSON.stringify({ kind: "go", msg: "hello-redis" }))),
        (n) => n > 0,
      );
      await client.quit();
      const wfs = await until(
        "redis workflow",
        () => workflowsOf("redis-sensor"),
        (w) => w.length >= 1,
      );
      expect(msgOf(wfs[0] as Workflow)).toBe("hello-redis");
    },
    60_000,
  );

  it.skipIf(!hasBinary("nats-server"))(
    "nats: a published message starts a workflow",
    async () => {
      const nats = await startNats();
      services.push(nats);
      await eventSource("nats-src", {
        nats: { orders: { url: nats.url, subject: "orders", jsonBody: true } },
      });
      await sensor("nats-sensor", {
        eventSourceName: "nats-src",
        eventName: "orders",
        filterPath: "body.kind",
        filterValue: "go",
        dataKey: "body.msg",
      });
      await sensorStarted("nats-sensor");
      const nc = await natsConnect({ servers: nats.url });
      const publish = async () => {
        nc.publish("orders", new TextEncoder().encode(JSON.stringify({ kind: "go", msg: "hello-nats" })));
        await nc.flush();
        return workflowsOf("nats-sensor");
      };
      // A core NATS subscription sees only what is published after it exists: publish until it does.
      const wfs = await until("nats workflow", publish, (w) => w.length >= 1);
      await nc.close();
      expect(msgOf(wfs[0] as Workflow)).toBe("hello-nats");
    },
    60_000,
  );

  it.skipIf(!hasBinary("rabbitmq-server"))(
    "amqp: a message on an exchange starts a workflow",
    async () => {
      const rabbit = await startRabbitMq();
      services.push(rabbit);
      await eventSource("amqp-src", {
        amqp: {
          orders: {
            url: rabbit.url,
            exchangeName: "shop",
            exchangeType: "fanout",
            routingKey: "orders",
            jsonBody: true,
          },
        },
      });
      await sensor("amqp-sensor", {
        eventSourceName: "amqp-src",
        eventName: "orders",
        filterPath: "body.kind",
        filterValue: "go",
        dataKey: "body.msg",
      });
      await sensorStarted("amqp-sensor");
      const conn = await amqp.connect(rabbit.url);
      const ch = await conn.createChannel();
      await ch.assertExchange("shop", "fanout", { durable: true });
      const publish = async () => {
        ch.publish("shop", "orders", Buffer.from(JSON.stringify({ kind: "go", msg: "hello-amqp" })));
        return workflowsOf("amqp-sensor");
      };
      const wfs = await until("amqp workflow", publish, (w) => w.length >= 1, 60_000);
      await conn.close();
      expect(msgOf(wfs[0] as Workflow)).toBe("hello-amqp");
    },
    120_000,
  );

  it.skipIf(!hasBinary("mosquitto"))(
    "mqtt: a message on a topic starts a workflow",
    async () => {
      const broker = await startMosquitto();
      services.push(broker);
      await eventSource("mqtt-src", {
        mqtt: { orders: { url: broker.url, topic: "shop/orders", clientId: "argosy-test", jsonBody: true } },
      });
      await sensor("mqtt-sensor", {
        eventSourceName: "mqtt-src",
        eventName: "orders",
        filterPath: "body.kind",
        filterValue: "go",
        dataKey: "body.msg",
      });
      await sensorStarted("mqtt-sensor");
      const client = await mqtt.connectAsync(broker.url);
      const publish = async () => {
        await client.publishAsync("shop/orders", JSON.stringify({ kind: "go", msg: "hello-mqtt" }), {
          qos: 1,
        });
        return workflowsOf("mqtt-sensor");
      };
      const wfs = await until("mqtt workflow", publish, (w) => w.length >= 1);
      await client.endAsync();
      expect(msgOf(wfs[0] as Workflow)).toBe("hello-mqtt");
    },
    60_000,
  );
});

describe("the CLI and the JetStream bus", () => {
  it("argosy eventsource|sensor create/list/get/logs/delete through the server", async () => {
    const port = await freePort();
    const dir = await mkdtemp(join(tmpdir(), "argosy-cli-events-"));
    const file = join(dir, "events.yaml");
    await writeFile(
      file,
      `apiVersion: argoproj.io/v1alpha1
kind: EventSource
metadata:
  name: cli-hooks
spec:
  webhook:
    in:
      endpoint: /in
      port: "${port}"
      method: POST
`,
    );
    const env = { ARGO_SERVER: server.address, ARGO_HTTP1: "true", ARGO_SECURE: "false" };
    const created = await argosyAsync(["eventsource", "create", file, "-o", "name"], env);
    expect(created.stderr).toBe("");
    expect(created.stdout.trim()).toBe("cli-hooks");
    const listed = await argosyAsync(["eventsource", "list"], env);
    expect(listed.stdout).toMatch(/cli-hooks\s+\S+\s+webhook\(in\)/);
    await sensor("cli-sensor", {
      eventSourceName: "cli-hooks",
      eventName: "in",
      filterPath: "body.kind",
      filterValue: "go",
      dataKey: "body.msg",
    });
    await sensorStarted("cli-sensor");
    await until(
      "webhook up",
      () => postWebhook(port, "/in", JSON.stringify({ kind: "skip" })).catch(() => undefined),
      (r) => r?.status === 200,
    );
    await until(
      "filtered",
      () => sensorLog("cli-sensor"),
      (log) => log.includes("discarded"),
    );
    const logs = await argosyAsync(["sensor", "logs", "cli-sensor"], env);
    expect(logs.stdout).toMatch(/INFO\s+\[dep=dep\] event discarded by filters: .*body\.kind/);
    const esLogs = await argosyAsync(["eventsource", "logs", "cli-hooks", "-o", "json"], env);
    expect(esLogs.stdout).toContain('"msg":"succeeded to publish an event"');
    const bad = join(dir, "bad.yaml");
    await writeFile(
      bad,
      "apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata:\n  name: broken\nspec:\n  dependencies: []\n  triggers: []\n",
    );
    const refused = await argosyAsync(["sensor", "create", bad], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/bad\.yaml:\d+:\d+/);
    const deleted = await argosyAsync(["eventsource", "delete", "cli-hooks"], env);
    expect(deleted.stdout).toContain("EventSource 'cli-hooks' deleted");
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it.skipIf(!hasBinary("nats-server"))(
    "an EventBus with jetstream runs on a local nats-server",
    async () => {
      const port = await freePort();
      const bus = await api(server.url, `/api/v1/event-buses/${ns}`, {
        method: "POST",
        body: {
          namespace: ns,
          eventBus: {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "EventBus",
            metadata: { name: "js" },
            spec: { jetstream: { version: "latest" } },
          },
        },
      });
      expect(bus.status, JSON.stringify(bus.body)).toBe(200);
      await eventSource("js-hooks", {
        eventBusName: "js",
        webhook: { in: { endpoint: "/in", port: String(port), method: "POST" } },
      });
      await create("sensors", "sensor", {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Sensor",
        metadata: { name: "js-sensor" },
        spec: {
          eventBusName: "js",
          dependencies: [{ name: "dep", eventSourceName: "js-hooks", eventName: "in" }],
          triggers: [
            {
              template: {
                name: "run",
                argoWorkflow: {
                  source: {
                    resource: {
                      apiVersion: "argoproj.io/v1alpha1",
                      kind: "Workflow",
                      metadata: { generateName: "js-" },
                      spec: {
                        entrypoint: "main",
                        arguments: { parameters: [{ name: "msg", value: "" }] },
                        templates: [{ name: "main", container: { image: "busybox", command: ["true"] } }],
                      },
                    },
                  },
                  parameters: [
                    {
                      src: { dependencyName: "dep", dataKey: "body.msg" },
                      dest: "spec.arguments.parameters.0.value",
                    },
                  ],
                },
              },
            },
          ],
        },
      });
      await sensorStarted("js-sensor");
      await until(
        "webhook up",
        () => postWebhook(port, "/in", JSON.stringify({ msg: "via-jetstream" })).catch(() => undefined),
        (r) => r?.status === 200,
      );
      await expectWorkflows("js-sensor", ["via-jetstream"]);
    },
    60_000,
  );
});

describe("durability across a SIGKILL", () => {
  it("an event that arrived before the kill is triggered once after the restart", async () => {
    const port = await freePort();
    await eventSource("crash-hooks", {
      webhook: { in: { endpoint: "/in", port: String(port), method: "POST" } },
    });
    // One firing a minute: the second event waits in the rate limiter when the server is killed.
    await sensor(
      "crash-sensor",
      {
        eventSourceName: "crash-hooks",
        eventName: "in",
        filterPath: "body.kind",
        filterValue: "go",
        dataKey: "body.msg",
      },
      { trigger: { rateLimit: { unit: "Minute", requestsPerUnit: 1 } } },
    );
    await sensorStarted("crash-sensor");
    await until(
      "webhook up",
      () => postWebhook(port, "/in", JSON.stringify({ kind: "go", msg: "first" })).catch(() => undefined),
      (r) => r?.status === 200,
    );
    await until(
      "first workflow",
      () => workflowsOf("crash-sensor"),
      (w) => w.length === 1,
    );
    expect((await postWebhook(port, "/in", JSON.stringify({ kind: "go", msg: "second" }))).status).toBe(200);
    await until(
      "second waits",
      () => sensorLog("crash-sensor"),
      (log) => log.includes("rate limited"),
    );
    await server.stop("SIGKILL");
    await startServer();
    await expectWorkflows("crash-sensor", ["first", "second"]);
  }, 120_000);

  it("a half-satisfied && condition completes after a restart", async () => {
    const port = await freePort();
    await eventSource("and-hooks", {
      webhook: {
        a: { endpoint: "/a", port: String(port), method: "POST" },
        b: { endpoint: "/b", port: String(port), method: "POST" },
      },
    });
    await sensor(
      "and-sensor",
      { eventSourceName: "", eventName: "", filterPath: "", filterValue: "", dataKey: "" },
      {
        dependencies: [
          { name: "a", eventSourceName: "and-hooks", eventName: "a" },
          { name: "b", eventSourceName: "and-hooks", eventName: "b" },
        ],
        conditions: "a && b",
        parameters: [
          { src: { dependencyName: "a", dataKey: "body.msg" }, dest: "spec.arguments.parameters.0.value" },
          { src: { dependencyName: "b", dataKey: "body.msg" }, dest: "spec.arguments.parameters.1.value" },
        ],
      },
    );
    await sensorStarted("and-sensor");
    await until(
      "webhook up",
      () => postWebhook(port, "/a", JSON.stringify({ msg: "from-a" })).catch(() => undefined),
      (r) => r?.status === 200,
    );
    await until(
      "a held",
      () => sensorLog("and-sensor"),
      (log) => log.includes("trigger waits"),
    );
    expect(await workflowsOf("and-sensor")).toHaveLength(0);
    await server.stop("SIGKILL");
    await startServer();
    await sensorStarted("and-sensor");
    await until(
      "webhook up again",
      () => postWebhook(port, "/b", JSON.stringify({ msg: "from-b" })).catch(() => undefined),
      (r) => r?.status === 200,
    );
    const [wf] = await expectWorkflows("and-sensor", ["from-a"]);
    expect(wf?.spec.arguments?.parameters?.[1]?.value).toBe("from-b");
  }, 120_000);
});

describe("bad input", () => {
  it("a bad EventSource or Sensor is a 400 naming the field, and nothing is stored", async () => {
    const r = await api<{ message: string }>(server.url, `/api/v1/event-sources/${ns}`, {
      method: "POST",
      body: {
        namespace: ns,
        eventSource: {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "EventSource",
          metadata: { name: "bad" },
          spec: { webhook: { x: { port: "12000", method: "POST" } } },
        },
      },
    });
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/endpoint/);
    const s = await api<{ message: string }>(server.url, `/api/v1/sensors/${ns}`, {
      method: "POST",
      body: {
        namespace: ns,
        sensor: {
          apiVersion: "argoproj.io/v1alpha1",
          kind: "Sensor",
          metadata: { name: "bad" },
          spec: {
            dependencies: [{ name: "a", eventSourceName: "x", eventName: "y" }],
            triggers: [{ template: { name: "t", conditions: "a && nope", log: {} } }],
          },
        },
      },
    });
    expect(s.status).toBe(400);
    expect(s.body.message).toMatch(/nope/);
    expect((await api(server.url, `/api/v1/sensors/${ns}/bad`)).status).toBe(404);
  });
});
