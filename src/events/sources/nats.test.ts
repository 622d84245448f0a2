import { headers, type NatsConnection, connect as natsConnect } from "nats";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { hasBinary, type RunningService, startNats } from "../testing/services.js";
import { recordingContext } from "../testing/source-context.js";
import type { RunningSource, SourceEntry } from "../types.js";
import { natsDriver } from "./nats.js";

const encode = (text: string) => new TextEncoder().encode(text);
const base64 = (text: string) => Buffer.from(text).toString("base64");

describe.skipIf(!hasBinary("nats-server"))("nats event source", () => {
  let server: RunningService;
  let nc: NatsConnection;
  const running: RunningSource[] = [];

  beforeAll(async () => {
    server = await startNats();
    nc = await natsConnect({ servers: server.url });
  });
  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((source) => source.stop()));
  });

  async function start(entry: SourceEntry, context = recordingContext(), url = server.url) {
    const source = await natsDriver.start({ url, ...entry }, context);
    running.push(source);
    return { source, context };
  }

  it("emits subject and the body in base64 without jsonBody, and no header when there is none", async () => {
    const { context } = await start({ subject: "orders.*", metadata: { a: "b" } });
    nc.publish("orders.new", encode("plain text"));
    const event = await context.nextEvent();
    expect(event.data).toEqual({ subject: "orders.new", body: base64("plain text"), metadata: { a: "b" } });
    expect(Object.keys(event.data as object)).toEqual(["subject", "body", "metadata"]);
  });

  it("emits the message's headers as name → values", async () => {
    const { context } = await start({ subject: "with-headers", jsonBody: true });
    const h = headers();
    h.append("X-Trace", "1");
    h.append("X-Trace", "2");
    h.set("Accept", "json");
    nc.publish("with-headers", encode('{"n": 1}'), { headers: h });
    expect((await context.nextEvent()).data).toEqual({
      subject: "with-headers",
      body: { n: 1 },
      header: { Accept: ["json"], "X-Trace": ["1", "2"] },
    });
  });

  it("skips a payload that is not JSON under jsonBody and keeps going", async () => {
    const { context } = await start({ subject: "json", jsonBody: true });
    nc.publish("json", encode("{broken"));
    nc.publish("json", encode('["ok"]'));
    expect((await context.nextEvent()).data).toEqual({ subject: "json", body: ["ok"] });
    expect((await context.waitForLog(/skipped/)).level).toBe("warn");
    expect(context.events).toHaveLength(1);
  });

  it("applies filter.expression", async () => {
    const { context } = await start({ subject: "f.*", filter: { expression: 'subject == "f.yes"' } });
    nc.publish("f.no", encode("1"));
    nc.publish("f.yes", encode("2"));
    expect((await context.nextEvent()).data).toMatchObject({ subject: "f.yes" });
    expect(context.events).toHaveLength(1);
  });

  it("shares the messages of a queue group between sources", async () => {
    const context = recordingContext();
    await start({ subject: "work", queue: "workers", jsonBody: true }, context);
    await start({ subject: "work", queue: "workers", jsonBody: true }, context);
    for (let i = 0; i < 20; i++) nc.publish("work", encode(String(i)));
    const bodies: unknown[] = [];
    for (let i = 0; i < 20; i++) bodies.push(((await context.nextEvent()).data as { body: number }).body);
    expect(new Set(bodies).size).toBe(20);
    nc.publish("work", encode('"last"'));
    expect(((await context.nextEvent()).data as { body: unknown }).body).toBe("last");
  });

  it("authenticates with a token or a user and password from secrets", async () => {
    const secured = await startNats({ token: "t0k" });
    const basic = await startNats({ user: "u", password: "p" });
    try {
      const secrets = { nats: { token: "t0k", user: "u", pass: "p" } };
      const withToken = await start(
        { subject: "s", auth: { token: { name: "nats", key: "token" } } },
        recordingContext({ secrets }),
        secured.url,
      );
      const withBasic = await start(
        {
          subject: "s",
          auth: {
            basic: { username: { name: "nats", key: "user" }, password: { name: "nats", key: "pass" } },
          },
        },
        recordingContext({ secrets }),
        basic.url,
      );
      const a = await natsConnect({ servers: secured.url, token: "t0k" });
      const b = await natsConnect({ servers: basic.url, user: "u", pass: "p" });
      a.publish("s", encode("x"));
      b.publish("s", encode("y"));
      expect((await withToken.context.nextEvent()).data).toEqual({ subject: "s", body: base64("x") });
      expect((await withBasic.context.nextEvent()).data).toEqual({ subject: "s", body: base64("y") });
      await Promise.all([a.close(), b.close()]);
    } finally {
      await Promise.all(running.splice(0).map((source) => source.stop()));
      await Promise.all([secured.stop(), basic.stop()]);
    }
  });

  it("emits nothing after stop", async () => {
    const { source, context } = await start({ subject: "stopping" });
    nc.publish("stopping", encode("1"));
    await context.nextEvent();
    await source.stop();
    nc.publish("stopping", encode("2"));
    const other = await start({ subject: "stopping" });
    nc.publish("stopping", encode("3"));
    expect((await other.context.nextEvent()).data).toMatchObject({ body: base64("3") });
    expect(context.events).toHaveLength(1);
  });

  it("reconnects and subscribes again after the server restarts", async () => {
    let own = await startNats();
    const context = recordingContext();
    await start({ subject: "again", connectionBackoff: { duration: "20ms", jitter: 0 } }, context, own.url);
    const port = own.port;
    await own.stop();
    await context.waitForLog(/connection lost/);
    own = await startNats({ port });
    try {
      await context.waitForLog(/subscribed/, 2);
      const client = await natsConnect({ servers: own.url });
      client.publish("again", encode("back"));
      expect((await context.nextEvent()).data).toMatchObject({ body: base64("back") });
      await client.close();
    } finally {
      await Promise.all(running.splice(0).map((source) => source.stop()));
      await own.stop();
    }
  });

  it("rejects an entry without url or subject, or with an empty queue", async () => {
    const context = recordingContext();
    await expect(natsDriver.start({ subject: "s" }, context)).rejects.toThrow("url must be specified");
    await expect(natsDriver.start({ url: server.url }, context)).rejects.toThrow("subject must be specified");
    await expect(natsDriver.start({ url: server.url, subject: "s", queue: "" }, context)).rejects.toThrow(
      "queue group cannot be empty if specified",
    );
  });
});
