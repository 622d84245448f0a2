import { createClient } from "redis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startRedis } from "../testing/services.js";
import { recordingContext } from "../testing/source-context.js";
import type { RunningSource, SourceEntry } from "../types.js";
import { stableEventId } from "./mq-common.js";
import { redisStreamDriver } from "./redis-stream.js";

describe.skipIf(!hasBinary("redis-server"))("redisStream event source", () => {
  let redis: RunningService;
  let client: ReturnType<typeof createClient>;
  const running: RunningSource[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    client = createClient({ url: redis.url });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await redis?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  async function start(entry: SourceEntry, context = recordingContext()) {
    const source = await redisStreamDriver.start(
      { hostAddress: `127.0.0.1:${redis.port}`, ...entry },
      context,
    );
    running.push(source);
    return { source, context };
  }

  const pending = async (stream: string, group = "argo-events-cg") =>
    (await client.xPending(stream, group)).pending;
  const pendingIds = async (stream: string, group = "argo-events-cg") =>
    (await client.xPendingRange(stream, group, "-", "+", 100)).map((p) => p.id);

  it("emits stream, message_id, values and metadata, and acknowledges the entry", async () => {
    const { context } = await start({ streams: ["s1"], metadata: { env: "test" } });
    const id = await client.xAdd("s1", "*", { b: "2", a: "one" });
    const event = await context.nextEvent();
    expect(event.data).toEqual({
      stream: "s1",
      message_id: id,
      values: { a: "one", b: "2" },
      metadata: { env: "test" },
    });
    expect(Object.keys(event.data as object)).toEqual(["stream", "message_id", "values", "metadata"]);
    expect(Object.keys((event.data as { values: object }).values)).toEqual(["a", "b"]);
    expect(event.id).toBe(stableEventId(["default", "test-source", "example", "argo-events-cg", "s1", id]));
  });

  it("reads several streams in order, in batches of maxMsgCountPerRead", async () => {
    const { context } = await start({ streams: ["m1", "m2"], maxMsgCountPerRead: 1 });
    const ids = [
      await client.xAdd("m1", "*", { n: "1" }),
      await client.xAdd("m1", "*", { n: "2" }),
      await client.xAdd("m2", "*", { n: "3" }),
    ];
    const seen = [await context.nextEvent(), await context.nextEvent(), await context.nextEvent()];
    expect(seen.map((e) => (e.data as { message_id: string }).message_id).sort()).toEqual([...ids].sort());
    const m1 = seen.filter((e) => (e.data as { stream: string }).stream === "m1");
    expect(m1.map((e) => (e.data as { values: { n: string } }).values.n)).toEqual(["1", "2"]);
  });

  it("uses consumerGroup and applies filter.expression", async () => {
    const { context } = await start({
      streams: ["f1"],
      consumerGroup: "mine",
      filter: { expression: 'values.kind == "keep"' },
    });
    const dropped = await client.xAdd("f1", "*", { kind: "drop" });
    const kept = await client.xAdd("f1", "*", { kind: "keep" });
    await client.xAdd("f1", "*", { kind: "keep" });
    expect((await context.nextEvent()).data).toMatchObject({ message_id: kept, values: { kind: "keep" } });
    await context.nextEvent();
    const groups = await client.xInfoGroups("f1");
    expect(groups.map((g) => g.name)).toEqual(["mine"]);
    // Entries are handled one after the other: by the third's emit, the filtered-out first and the
    // second were acknowledged.
    expect(await pendingIds("f1", "mine")).not.toContain(dropped);
    expect(await pendingIds("f1", "mine")).not.toContain(kept);
    expect(context.events).toHaveLength(2);
  });

  it("leaves an entry unacknowledged while the bus refuses it, and delivers it after a restart", async () => {
    const failing = recordingContext();
    failing.emitBehaviour = () => "fail";
    const first = await start({ streams: ["d1"] }, failing);
    const id = await client.xAdd("d1", "*", { order: "42" });
    await failing.waitForLog(/failed to publish/, 2);
    expect(await pending("d1")).toBe(1);
    await first.source.stop();
    expect(failing.events).toHaveLength(0);
    expect(await pending("d1")).toBe(1);

    const later = await client.xAdd("d1", "*", { order: "43" });
    const { context } = await start({ streams: ["d1"] });
    const again = await context.nextEvent();
    expect(again.data).toMatchObject({ message_id: id, values: { order: "42" } });
    expect(again.id).toBe(stableEventId(["default", "test-source", "example", "argo-events-cg", "d1", id]));
    expect((await context.nextEvent()).data).toMatchObject({ message_id: later });
    expect(await pendingIds("d1")).not.toContain(id);
  });

  it("emits nothing after stop; entries added meanwhile are read by the next start", async () => {
    const { source, context } = await start({ streams: ["x1"] });
    await client.xAdd("x1", "*", { n: "1" });
    await context.nextEvent();
    await source.stop();
    const id = await client.xAdd("x1", "*", { n: "2" });
    const next = await start({ streams: ["x1"] });
    expect((await next.context.nextEvent()).data).toMatchObject({ message_id: id });
    expect(context.events).toHaveLength(1);
  });

  it("rejects an entry without streams", async () => {
    await expect(redisStreamDriver.start({ hostAddress: "h:1" }, recordingContext())).rejects.toThrow(
      "stream/streams must be specified",
    );
  });
});
