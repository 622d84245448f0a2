import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { isArgosyError } from "../../util/errors.js";
import { freePort } from "../testing/process.js";
import { hasBinary, type RunningService, startRedis } from "../testing/services.js";
import { recordingContext } from "../testing/source-context.js";
import type { RunningSource, SourceEntry } from "../types.js";
import { redisDriver } from "./redis.js";

const fast = { duration: "20ms", factor: 1, jitter: 0 };

describe.skipIf(!hasBinary("redis-server"))("redis event source", () => {
  let redis: RunningService;
  let publisher: ReturnType<typeof createClient>;
  const running: RunningSource[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    publisher = createClient({ url: redis.url });
    await publisher.connect();
  });
  afterAll(async () => {
    await publisher?.close();
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  async function start(entry: SourceEntry, context = recordingContext()) {
    const source = await redisDriver.start({ hostAddress: `127.0.0.1:${redis.port}`, ...entry }, context);
    running.push(source);
    return { source, context };
  }

  it("emits channel, an empty pattern, the body as a string and the metadata", async () => {
    const { context } = await start({ channels: ["orders", "other"], metadata: { team: "a" } });
    await publisher.publish("orders", '{"id": 1}');
    const event = await context.nextEvent();
    expect(event.data).toEqual({
      channel: "orders",
      pattern: "",
      body: '{"id": 1}',
      metadata: { team: "a" },
    });
    expect(Object.keys(event.data as object)).toEqual(["channel", "pattern", "body", "metadata"]);
    expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("parses the body with jsonBody, leaves metadata out when absent, skips a payload that is not JSON", async () => {
    const { context } = await start({ channels: ["json"], jsonBody: true });
    await publisher.publish("json", "not json");
    await publisher.publish("json", '{"id": 2, "tags": ["x"]}');
    const event = await context.nextEvent();
    expect(event.data).toEqual({ channel: "json", pattern: "", body: { id: 2, tags: ["x"] } });
    expect("metadata" in (event.data as object)).toBe(false);
    const warning = await context.waitForLog(/skipped/);
    expect(warning.level).toBe("warn");
    expect(context.events).toHaveLength(1);
  });

  it("applies filter.expression to the data", async () => {
    const { context } = await start({
      channels: ["filtered"],
      jsonBody: true,
      filter: { expression: 'body.amount > 10 && channel == "filtered"' },
    });
    await publisher.publish("filtered", '{"amount": 5}');
    await publisher.publish("filtered", '{"amount": 50}');
    expect((await context.nextEvent()).data).toMatchObject({ body: { amount: 50 } });
    expect(context.events).toHaveLength(1);
  });

  it("authenticates with the password secret and the username", async () => {
    const secured = await startRedis({ password: "s3cret" });
    try {
      const context = recordingContext({ secrets: { redis: { password: "s3cret" } } });
      const source = await redisDriver.start(
        {
          hostAddress: `127.0.0.1:${secured.port}`,
          username: "default",
          password: { name: "redis", key: "password" },
          channels: ["c"],
        },
        context,
      );
      const client = createClient({ url: secured.url, password: "s3cret" });
      await client.connect();
      await client.publish("c", "hi");
      expect((await context.nextEvent()).data).toEqual({ channel: "c", pattern: "", body: "hi" });
      await client.close();
      await source.stop();
    } finally {
      await secured.stop();
    }
  });

  it("unsubscribes on stop and emits nothing after", async () => {
    const { source, context } = await start({ channels: ["stopping"] });
    expect(await publisher.publish("stopping", "one")).toBe(1);
    await context.nextEvent();
    await source.stop();
    expect(await publisher.publish("stopping", "two")).toBe(0);
    expect(context.events).toHaveLength(1);
    await source.stop(); // idempotent
  });

  it("stops when the context's signal aborts", async () => {
    const { context } = await start({ channels: ["aborting"] });
    expect(await publisher.publish("aborting", "x")).toBe(1);
    context.abort();
    await context.waitForLog(/stopped/);
    expect(await publisher.publish("aborting", "y")).toBe(0);
  });

  it("rejects an entry without hostAddress or channels with Argo's messages", async () => {
    const context = recordingContext();
    const failure = (entry: SourceEntry) => redisDriver.start(entry, context).catch((e: unknown) => e);
    const noHost = await failure({ channels: ["c"] });
    expect(isArgosyError(noHost) && noHost.code).toBe("Invalid");
    expect((noHost as Error).message).toBe("host address must be specified");
    expect(((await failure({ hostAddress: "x:1" })) as Error).message).toBe("channel/s must be specified");
  });

  it("retries connecting with connectionBackoff until the broker is up, then reconnects after it restarts", async () => {
    const port = await freePort();
    const context = recordingContext();
    const source = await redisDriver.start(
      { hostAddress: `127.0.0.1:${port}`, channels: ["late"], connectionBackoff: fast },
      context,
    );
    running.push(source);
    const failure = await context.waitForLog(/failed to connect/);
    expect(failure.level).toBe("warn");
    let late = await startRedis({ port });
    try {
      await context.waitForLog(/subscribed/);
      const client = createClient({ url: late.url });
      await client.connect();
      await client.publish("late", "first");
      expect((await context.nextEvent()).data).toMatchObject({ body: "first" });
      client.destroy();

      await late.stop();
      await context.waitForLog(/connection lost/);
      late = await startRedis({ port });
      await context.waitForLog(/subscribed/, 2);
      const again = createClient({ url: late.url });
      await again.connect();
      await again.publish("late", "second");
      expect((await context.nextEvent()).data).toMatchObject({ body: "second" });
      again.destroy();
    } finally {
      await source.stop();
      await late.stop();
    }
  });
});
