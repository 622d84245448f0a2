import mqtt, { type MqttClient } from "mqtt";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startMosquitto } from "../testing/services.js";
import { recordingContext } from "../testing/source-context.js";
import type { RunningSource, SourceEntry } from "../types.js";
import { mqttDriver } from "./mqtt.js";

const base64 = (text: string) => Buffer.from(text).toString("base64");

describe.skipIf(!hasBinary("mosquitto"))("mqtt event source", () => {
  let broker: RunningService;
  let publisher: MqttClient;
  const running: RunningSource[] = [];

  beforeAll(async () => {
    broker = await startMosquitto();
    publisher = await mqtt.connectAsync(broker.url);
  });
  afterAll(async () => {
    await publisher?.endAsync();
    await broker?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  async function start(entry: SourceEntry, context = recordingContext()) {
    const source = await mqttDriver.start({ url: broker.url, ...entry }, context);
    running.push(source);
    return { source, context };
  }

  it("emits topic, the packet id, the body in base64 and metadata", async () => {
    const { context } = await start({ topic: "sensors/+", clientId: "c-shape", metadata: { site: "x" } });
    await publisher.publishAsync("sensors/t1", "21.5", { qos: 1 });
    const event = await context.nextEvent();
    const data = event.data as { messageId: number };
    expect(data).toEqual({
      topic: "sensors/t1",
      messageId: data.messageId,
      body: base64("21.5"),
      metadata: { site: "x" },
    });
    expect(data.messageId).toBeGreaterThan(0);
    expect(Object.keys(data)).toEqual(["topic", "messageId", "body", "metadata"]);
  });

  it("gives messageId 0 for a QoS 0 message; parses jsonBody; skips bad JSON and keeps going", async () => {
    const { context } = await start({ topic: "json", clientId: "c-json", jsonBody: true });
    await publisher.publishAsync("json", "{oops", { qos: 1 });
    await publisher.publishAsync("json", '{"v": 1}', { qos: 0 });
    expect((await context.nextEvent()).data).toEqual({ topic: "json", messageId: 0, body: { v: 1 } });
    expect((await context.waitForLog(/skipped/)).level).toBe("warn");
    expect(context.events).toHaveLength(1);
  });

  it("applies filter.expression", async () => {
    const { context } = await start({
      topic: "f/#",
      clientId: "c-filter",
      filter: { expression: 'topic startsWith "f/keep"' },
    });
    await publisher.publishAsync("f/drop", "1", { qos: 1 });
    await publisher.publishAsync("f/keep/1", "2", { qos: 1 });
    expect((await context.nextEvent()).data).toMatchObject({ topic: "f/keep/1" });
    expect(context.events).toHaveLength(1);
  });

  it("acknowledges only after the bus took the event: the broker redelivers, and keeps what came meanwhile", async () => {
    const failing = recordingContext();
    failing.emitBehaviour = () => "fail";
    const first = await start({ topic: "durable", clientId: "c-durable" }, failing);
    await publisher.publishAsync("durable", "first", { qos: 1 });
    await failing.waitForLog(/failed to publish/, 2);
    await first.source.stop();
    expect(failing.events).toHaveLength(0);
    await publisher.publishAsync("durable", "while-down", { qos: 1 });

    const { context } = await start({ topic: "durable", clientId: "c-durable" });
    expect((await context.nextEvent()).data).toMatchObject({ body: base64("first") });
    expect((await context.nextEvent()).data).toMatchObject({ body: base64("while-down") });
  });

  it("emits nothing after stop", async () => {
    const { source, context } = await start({ topic: "stop", clientId: "c-stop" });
    await publisher.publishAsync("stop", "1", { qos: 1 });
    await context.nextEvent();
    await source.stop();
    await publisher.publishAsync("stop", "2", { qos: 1 });
    const next = await start({ topic: "stop", clientId: "c-stop" });
    expect((await next.context.nextEvent()).data).toMatchObject({ body: base64("2") });
    expect(context.events).toHaveLength(1);
  });

  it("reconnects after the broker restarts", async () => {
    let own = await startMosquitto();
    const context = recordingContext();
    const source = await mqttDriver.start(
      {
        url: own.url,
        topic: "again",
        clientId: "c-again",
        connectionBackoff: { duration: "20ms", jitter: 0 },
      },
      context,
    );
    running.push(source);
    const port = own.port;
    await own.stop();
    await context.waitForLog(/connection lost/);
    own = await startMosquitto({ port });
    try {
      await context.waitForLog(/subscribed/, 2);
      const client = await mqtt.connectAsync(own.url);
      await client.publishAsync("again", "back", { qos: 1 });
      expect((await context.nextEvent()).data).toMatchObject({ body: base64("back") });
      await client.endAsync();
    } finally {
      await source.stop();
      await own.stop();
    }
  });

  it("rejects entries with Argo's messages", async () => {
    const context = recordingContext();
    await expect(mqttDriver.start({ topic: "t", clientId: "c" }, context)).rejects.toThrow(
      "url must be specified",
    );
    await expect(mqttDriver.start({ url: "mqtt://x", clientId: "c" }, context)).rejects.toThrow(
      "topic must be specified",
    );
    await expect(mqttDriver.start({ url: "mqtt://x", topic: "t" }, context)).rejects.toThrow(
      "client id must be specified",
    );
  });
});
