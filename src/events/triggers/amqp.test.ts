import amqp, { type Channel, type ChannelModel } from "amqplib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startRabbitMq } from "../testing/services.js";
import { closeTriggerConnections, runTrigger } from "./index.js";
import { cloudEvent, firing, testDeps } from "./testing.js";

const missing = !hasBinary("rabbitmq-server");
if (missing) console.warn("rabbitmq-server is not installed: skipping the amqp trigger tests");

/** The next message on `queue` (consumed with ack). */
function nextMessage(channel: Channel, queue: string): Promise<{ body: unknown; contentType: unknown }> {
  return new Promise((resolve, reject) => {
    channel
      .consume(queue, (msg) => {
        if (!msg) return;
        channel.ack(msg);
        void channel.cancel(msg.fields.consumerTag);
        resolve({ body: JSON.parse(msg.content.toString()), contentType: msg.properties.contentType });
      })
      .catch(reject);
  });
}

describe.skipIf(missing)("amqp trigger", () => {
  let broker: RunningService;
  let client: ChannelModel;
  let channel: Channel;
  beforeAll(async () => {
    broker = await startRabbitMq();
    client = await amqp.connect(broker.url);
    channel = await client.createChannel();
  }, 120_000);
  afterAll(async () => {
    await closeTriggerConnections();
    await client?.close().catch(() => undefined);
    await broker?.stop();
  });

  it("declares the exchange and publishes the payload with the routing key", async () => {
    const deps = testDeps();
    const template = {
      name: "to-amqp",
      amqp: {
        url: broker.url,
        exchangeName: "orders",
        exchangeType: "topic",
        routingKey: "order.created",
        payload: [{ src: { dependencyName: "dep", dataKey: "body.item" }, dest: "item" }],
      },
    };
    // The first run declares the exchange; bind a queue to it, then publish again.
    await runTrigger(template, firing({ dep: cloudEvent({ body: { item: "first" } }) }), deps);
    const { queue } = await channel.assertQueue("", { exclusive: true });
    await channel.bindQueue(queue, "orders", "order.*");
    const result = await runTrigger(template, firing({ dep: cloudEvent({ body: { item: "book" } }) }), deps);
    expect(result.message).toMatch(/to exchange orders with routing key order.created$/);
    expect(await nextMessage(channel, queue)).toEqual({
      body: { item: "book" },
      contentType: "application/json",
    });
    await deps.store.close();
  });

  it("publishes to a queue through the default exchange", async () => {
    const deps = testDeps();
    const { queue } = await channel.assertQueue("", { exclusive: true });
    await runTrigger(
      {
        name: "to-queue",
        amqp: {
          url: broker.url,
          routingKey: queue,
          payload: [{ src: { dependencyName: "dep", value: "1" }, dest: "a.b" }],
        },
      },
      firing({ dep: cloudEvent({}) }),
      deps,
    );
    expect((await nextMessage(channel, queue)).body).toEqual({ a: { b: "1" } });
    await deps.store.close();
  });

  it("recovers after the broker closed its channel over a bad exchange declaration", async () => {
    const deps = testDeps();
    const run = (exchangeType: string) =>
      runTrigger(
        { name: "t", amqp: { url: broker.url, exchangeName: "orders", exchangeType, routingKey: "x" } },
        firing({ dep: cloudEvent({}) }),
        deps,
      );
    await expect(run("fanout")).rejects.toThrow(/PRECONDITION_FAILED/);
    await expect(run("topic")).resolves.toMatchObject({ message: expect.stringMatching(/^published/) });
    await deps.store.close();
  });
});
