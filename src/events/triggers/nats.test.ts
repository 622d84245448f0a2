import { connect, type NatsConnection } from "nats";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startNats } from "../testing/services.js";
import { closeTriggerConnections, runTrigger } from "./index.js";
import { cloudEvent, firing, testDeps } from "./testing.js";

const missing = !hasBinary("nats-server");
if (missing) console.warn("nats-server is not installed: skipping the nats trigger tests");

describe.skipIf(missing)("nats trigger", () => {
  let server: RunningService;
  let sub: NatsConnection;
  beforeAll(async () => {
    server = await startNats();
    sub = await connect({ servers: server.url });
  });
  afterAll(async () => {
    await closeTriggerConnections();
    await sub?.close();
    await server?.stop();
  });

  it("publishes the payload as JSON to the subject", async () => {
    const deps = testDeps();
    const subscription = sub.subscribe("orders.new", { max: 2 });
    await sub.flush();
    const events = { dep: cloudEvent({ body: { id: 7, item: "book" } }) };
    const template = {
      name: "to-nats",
      nats: {
        url: server.url,
        subject: "orders.new",
        payload: [
          { src: { dependencyName: "dep", dataKey: "body.item" }, dest: "item" },
          { src: { dependencyName: "dep", dataKey: "body.id", useRawData: true }, dest: "order.id" },
        ],
      },
    };
    const result = await runTrigger(template, firing(events), deps);
    expect(result.message).toMatch(/^published \d+ bytes to NATS subject orders.new$/);
    // A second firing reuses the cached connection.
    await runTrigger(template, firing(events, { id: "firing-2" }), deps);
    const got: unknown[] = [];
    for await (const m of subscription) got.push(m.json());
    expect(got).toEqual([
      { item: "book", order: { id: 7 } },
      { item: "book", order: { id: 7 } },
    ]);
    // After closing, the next firing opens a new connection.
    await closeTriggerConnections();
    const after = sub.subscribe("orders.new", { max: 1 });
    await sub.flush();
    await runTrigger(template, firing(events, { id: "firing-3" }), deps);
    for await (const m of after) expect(m.json()).toEqual({ item: "book", order: { id: 7 } });
    await deps.store.close();
  });

  it("uses a subject set by parameters and refuses a trigger without payload", async () => {
    const deps = testDeps();
    const subscription = sub.subscribe("dyn.book", { max: 1 });
    await sub.flush();
    const events = { dep: cloudEvent({ body: { item: "book" } }) };
    await runTrigger(
      {
        name: "to-nats",
        nats: {
          url: server.url,
          subject: "dyn.",
          parameters: [
            { src: { dependencyName: "dep", dataKey: "body.item" }, dest: "subject", operation: "append" },
          ],
          payload: [{ src: { dependencyName: "dep", value: "v" }, dest: "k" }],
        },
      },
      firing(events),
      deps,
    );
    for await (const m of subscription) expect(m.json()).toEqual({ k: "v" });
    await expect(
      runTrigger({ name: "to-nats", nats: { url: server.url, subject: "x" } }, firing(events), deps),
    ).rejects.toMatchObject({
      code: "Invalid",
      message: 'trigger "to-nats": nats.payload is required (the message to publish)',
    });
    await deps.store.close();
  });
});
