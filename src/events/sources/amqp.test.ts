import amqp, { type Channel, type ChannelModel } from "amqplib";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startRabbitMq } from "../testing/services.js";
import { recordingContext } from "../testing/source-context.js";
import type { RunningSource, SourceEntry } from "../types.js";
import { amqpDriver, goTimeString } from "./amqp.js";

describe("goTimeString", () => {
  it("prints an AMQP timestamp as Go's time.Time String() in UTC, and the zero time when absent", () => {
    expect(goTimeString(1_700_000_000)).toBe("2023-11-14 22:13:20 +0000 UTC");
    expect(goTimeString(undefined)).toBe("0001-01-01 00:00:00 +0000 UTC");
  });
});

describe.skipIf(!hasBinary("rabbitmq-server") || !hasBinary("epmd"))("amqp event source", () => {
  let rabbit: RunningService;
  let connection: ChannelModel;
  let channel: Channel;
  const running: RunningSource[] = [];

  beforeAll(async () => {
    rabbit = await startRabbitMq();
    connection = await amqp.connect(rabbit.url);
    channel = await connection.createChannel();
  }, 120_000);
  afterAll(async () => {
    await connection?.close();
    await rabbit?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  async function start(entry: SourceEntry, context = recordingContext()) {
    const source = await amqpDriver.start({ url: rabbit.url, exchangeType: "direct", ...entry }, context);
    running.push(source);
    return { source, context };
  }

  it("emits Argo's fields from the message's properties", async () => {
    const { context } = await start({ exchangeName: "ex1", routingKey: "rk1", metadata: { m: "1" } });
    channel.publish("ex1", "rk1", Buffer.from("hello"), {
      contentType: "text/plain",
      contentEncoding: "utf-8",
      deliveryMode: 2,
      priority: 3,
      correlationId: "corr",
      replyTo: "back",
      expiration: "60000",
      messageId: "m-1",
      timestamp: 1_700_000_000,
      type: "greeting",
      appId: "tests",
      headers: { h: "v" },
    });
    const event = await context.nextEvent();
    expect(event.data).toEqual({
      contentType: "text/plain",
      contentEncoding: "utf-8",
      deliveryMode: 2,
      priority: 3,
      correlationId: "corr",
      replyTo: "back",
      expiration: "60000",
      messageId: "m-1",
      timestamp: "2023-11-14 22:13:20 +0000 UTC",
      type: "greeting",
      appId: "tests",
      exchange: "ex1",
      routingKey: "rk1",
      body: Buffer.from("hello").toString("base64"),
      metadata: { m: "1" },
    });
    expect(Object.keys(event.data as object)).toEqual([
      "contentType",
      "contentEncoding",
      "deliveryMode",
      "priority",
      "correlationId",
      "replyTo",
      "expiration",
      "messageId",
      "timestamp",
      "type",
      "appId",
      "exchange",
      "routingKey",
      "body",
      "metadata",
    ]);
  });

  it("gives empty strings, zeros and Go's zero time for absent properties; parses jsonBody; skips bad JSON", async () => {
    const { context } = await start({ exchangeName: "ex2", routingKey: "rk2", jsonBody: true });
    channel.publish("ex2", "rk2", Buffer.from("{nope"));
    channel.publish("ex2", "rk2", Buffer.from('{"a": [1, 2]}'));
    expect((await context.nextEvent()).data).toEqual({
      contentType: "",
      contentEncoding: "",
      deliveryMode: 0,
      priority: 0,
      correlationId: "",
      replyTo: "",
      expiration: "",
      messageId: "",
      timestamp: "0001-01-01 00:00:00 +0000 UTC",
      type: "",
      appId: "",
      exchange: "ex2",
      routingKey: "rk2",
      body: { a: [1, 2] },
    });
    expect((await context.waitForLog(/skipped/)).level).toBe("warn");
    expect(context.events).toHaveLength(1);
  });

  it("applies filter.expression", async () => {
    const { context } = await start({
      exchangeName: "ex3",
      routingKey: "rk3",
      jsonBody: true,
      filter: { expression: "body.ok == true" },
    });
    channel.publish("ex3", "rk3", Buffer.from('{"ok": false}'));
    channel.publish("ex3", "rk3", Buffer.from('{"ok": true}'));
    expect((await context.nextEvent()).data).toMatchObject({ body: { ok: true } });
    expect(context.events).toHaveLength(1);
  });

  const durable = (queue: string): SourceEntry => ({
    exchangeName: "ex-durable",
    routingKey: queue,
    queueDeclare: { name: queue, durable: true },
  });

  it("acknowledges only after the bus took the event: a refused message is delivered again after a restart", async () => {
    const failing = recordingContext();
    failing.emitBehaviour = () => "fail";
    const first = await start(durable("q-redeliver"), failing);
    channel.publish("ex-durable", "q-redeliver", Buffer.from("important"), { messageId: "keep-me" });
    await failing.waitForLog(/failed to publish/, 2);
    await first.source.stop();
    expect(failing.events).toHaveLength(0);
    // Unacknowledged, so back in the queue once the source's channel closed.
    expect((await channel.checkQueue("q-redeliver")).messageCount).toBe(1);

    const { context } = await start(durable("q-redeliver"));
    expect((await context.nextEvent()).data).toMatchObject({ messageId: "keep-me" });
    channel.publish("ex-durable", "q-redeliver", Buffer.from("next"), { messageId: "after" });
    expect((await context.nextEvent()).data).toMatchObject({ messageId: "after" });
  });

  it("stops consuming on stop: later messages stay in the queue", async () => {
    const { source, context } = await start(durable("q-stop"));
    channel.publish("ex-durable", "q-stop", Buffer.from("1"));
    await context.nextEvent();
    await source.stop();
    const afterStop = await channel.checkQueue("q-stop");
    expect(afterStop.consumerCount).toBe(0);
    channel.publish("ex-durable", "q-stop", Buffer.from("2"));
    await channel.checkQueue("q-stop"); // a round trip after the publish
    expect((await channel.checkQueue("q-stop")).messageCount).toBe(1);
    expect(context.events).toHaveLength(1);
  });

  it("reads the URL from urlSecret and the credentials from auth", async () => {
    const bare = rabbit.url.replace("guest:guest@", "");
    const context = recordingContext({
      secrets: { amqp: { url: rabbit.url, user: "guest", pass: "guest" } },
    });
    const fromSecret = await amqpDriver.start(
      {
        urlSecret: { name: "amqp", key: "url" },
        exchangeName: "ex4",
        exchangeType: "fanout",
        routingKey: "x",
      },
      context,
    );
    running.push(fromSecret);
    const withAuth = recordingContext({ secrets: { amqp: { user: "guest", pass: "guest" } } });
    running.push(
      await amqpDriver.start(
        {
          url: bare,
          auth: { username: { name: "amqp", key: "user" }, password: { name: "amqp", key: "pass" } },
          exchangeName: "ex4",
          exchangeType: "fanout",
          routingKey: "x",
        },
        withAuth,
      ),
    );
    channel.publish("ex4", "", Buffer.from("fan"));
    expect((await context.nextEvent()).data).toMatchObject({
      exchange: "ex4",
      body: Buffer.from("fan").toString("base64"),
    });
    expect((await withAuth.nextEvent()).data).toMatchObject({ exchange: "ex4" });
  });

  it("rejects entries with Argo's messages", async () => {
    const context = recordingContext();
    const base = { exchangeName: "e", exchangeType: "direct", routingKey: "r" };
    await expect(amqpDriver.start(base, context)).rejects.toThrow(
      "either url or urlSecret must be specified",
    );
    await expect(
      amqpDriver.start({ ...base, url: rabbit.url, urlSecret: { name: "a", key: "b" } }, context),
    ).rejects.toThrow("only one of url or urlSecret can be specified");
    await expect(amqpDriver.start({ ...base, url: rabbit.url, routingKey: "" }, context)).rejects.toThrow(
      "routing key must be specified",
    );
    await expect(amqpDriver.start({ ...base, url: rabbit.url, exchangeType: "" }, context)).rejects.toThrow(
      "exchange type must be specified",
    );
  });
});
