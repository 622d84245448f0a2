import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect, nanos, StorageType } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EventBus } from "../types.js";
import { type BusHarness, event, recorder, runBusContract } from "./bus-contract.js";
import { openJetStreamBus } from "./jetstream.js";
import { findNatsServer, type LocalNatsServer, startLocalNatsServer } from "./nats-server.js";
import { durableName } from "./subjects.js";

const missing = findNatsServer() === undefined;
if (missing) console.warn("nats-server is not installed: the JetStream bus tests are skipped");

describe.skipIf(missing)("JetStream bus", () => {
  const dir = mkdtempSync(join(tmpdir(), "argosy-jetstream-"));
  let server: LocalNatsServer;
  let streams = 0;

  beforeAll(async () => {
    server = await startLocalNatsServer({ dir });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Each test its own stream (and subject prefix) on the one server; a bus reopened is a reconnect. */
  function harness(): BusHarness {
    const streamName = `t${++streams}`;
    const open = new Set<EventBus>();
    return {
      async open() {
        const bus = await openJetStreamBus({ url: server.url, namespace: "ns", streamName, pollMs: 200 });
        const wrapped: EventBus = {
          publish: (e) => bus.publish(e),
          subscribe: (o) => bus.subscribe(o),
          close: async () => {
            open.delete(wrapped);
            await bus.close();
          },
        };
        open.add(wrapped);
        return wrapped;
      },
      async dispose() {
        for (const bus of [...open]) await bus.close();
      },
    };
  }

  runBusContract("contract", async () => harness());

  it("creates Argo's stream: `default`, subjects default.>, file storage, 5 min duplicates, 72 h max age", async () => {
    const bus = await openJetStreamBus({ url: server.url, namespace: "ns" });
    const nc = await connect({ servers: server.url });
    try {
      const info = await (await nc.jetstreamManager()).streams.info("default");
      expect(info.config).toMatchObject({
        name: "default",
        subjects: ["default.>"],
        storage: StorageType.File,
        duplicate_window: nanos(5 * 60_000),
        max_age: nanos(72 * 3_600_000),
      });
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it("puts an event on Argo's subject with its id as Nats-Msg-Id and the CloudEvent JSON as body", async () => {
    const bus = await openJetStreamBus({ url: server.url, namespace: "ns", streamName: "wire" });
    const nc = await connect({ servers: server.url });
    try {
      const seen = new Promise<{ subject: string; id?: string; body: unknown }>((resolve) => {
        nc.subscribe("wire.>", {
          max: 1,
          callback: (_, m) =>
            resolve({ subject: m.subject, id: m.headers?.get("Nats-Msg-Id"), body: m.json() }),
        });
      });
      await nc.flush();
      const e = event("my-webhook", "example", "0b1f", { header: { a: ["b"] }, body: { x: 1 } });
      await bus.publish(e);
      expect(await seen).toEqual({ subject: "wire.my-webhook.example", id: "my-webhook/0b1f", body: e });
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it("delivers an event an Argo event source published (Go's CloudEvent JSON)", async () => {
    const bus = await openJetStreamBus({ url: server.url, namespace: "ns", streamName: "argo" });
    const r = recorder();
    await bus.subscribe({
      consumer: "sensor-a",
      subjects: [{ eventSourceName: "webhook", eventName: "example" }],
      handler: r.handler,
    });
    const nc = await connect({ servers: server.url });
    try {
      // As cloudevents-go marshals it, published with the event id as message id.
      const body =
        '{"specversion":"1.0","id":"6c3d4a2f9b8e4f0a","source":"webhook","type":"webhook","subject":"example",' +
        '"datacontenttype":"application/json","time":"2024-05-06T07:08:09.123456789Z","data":{"body":{"k":"v"}}}';
      await (await nc.jetstream()).publish("argo.webhook.example", new TextEncoder().encode(body), {
        msgID: "6c3d4a2f9b8e4f0a",
      });
      await r.waitFor(1);
      expect(r.events[0]).toMatchObject({
        id: "6c3d4a2f9b8e4f0a",
        source: "webhook",
        data: { body: { k: "v" } },
      });
    } finally {
      await nc.close();
      await bus.close();
    }
  });

  it("hands an event a crashed subscriber held to the next subscriber, before later ones", async () => {
    // JetStream hands out an unacknowledged message again after ackWait: 1 s here, 30 s by default.
    const bus = await openJetStreamBus({
      url: server.url,
      namespace: "ns",
      streamName: "crash",
      ackWaitMs: 1000,
      pollMs: 100,
    });
    const subjects = [
      { eventSourceName: "src", eventName: "a" },
      { eventSourceName: "src", eventName: "b" },
    ];
    await (await bus.subscribe({ consumer: "sensor", subjects, handler: async () => undefined })).close();
    await bus.publish(event("src", "a", "1"));
    await bus.publish(event("src", "b", "2"));
    await bus.publish(event("src", "a", "3"));
    // A subscriber that took event 1 and died: fetched, never acknowledged, connection gone.
    const crashed = await connect({ servers: server.url });
    const taken = crashed.jetstream().fetch("crash", durableName("ns_sensor", "src.a"), {
      batch: 1,
      no_wait: true,
    });
    const held: string[] = [];
    for await (const m of taken) held.push(m.json<{ id: string }>().id);
    expect(held).toEqual(["1"]);
    await crashed.close();

    const r = recorder();
    await bus.subscribe({ consumer: "sensor", subjects, handler: r.handler });
    await r.waitFor(3);
    expect(r.seen).toEqual(["src.a#1", "src.b#2", "src.a#3"]);
    await bus.close();
  });

  it("closes without waiting for a message a crashed subscriber still holds", async () => {
    // With a one-minute ackWait, a close that waited for the redelivery would time the test out.
    const bus = await openJetStreamBus({
      url: server.url,
      namespace: "ns",
      streamName: "held",
      ackWaitMs: 60_000,
    });
    const subjects = [{ eventSourceName: "src", eventName: "a" }];
    await (await bus.subscribe({ consumer: "sensor", subjects, handler: async () => undefined })).close();
    await bus.publish(event("src", "a", "1"));
    await bus.publish(event("src", "a", "2"));
    const durable = durableName("ns_sensor", "src.a");
    const crashed = await connect({ servers: server.url });
    for await (const _ of crashed.jetstream().fetch("held", durable, { batch: 1, no_wait: true })) break;
    await crashed.close();

    const handler = recorder().handler;
    await bus.subscribe({ consumer: "sensor", subjects, handler });
    // nats-server 2.9 parks our fetch until the held message comes back: wait until it is parked.
    const nc = await connect({ servers: server.url });
    const jsm = await nc.jetstreamManager();
    while ((await jsm.consumers.info("held", durable)).num_waiting === 0)
      await new Promise((r) => setTimeout(r, 10));
    await nc.close();
    await bus.close();
  });

  it("refuses a stream name NATS would reject, and an unreachable server", async () => {
    await expect(
      openJetStreamBus({ url: server.url, namespace: "ns", streamName: "a.b" }),
    ).rejects.toMatchObject({ code: "Invalid" });
    await expect(
      openJetStreamBus({ url: "nats://127.0.0.1:1", namespace: "ns", connectOptions: { reconnect: false } }),
    ).rejects.toMatchObject({ code: "Internal" });
  });
});
