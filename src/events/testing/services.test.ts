import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import amqp from "amqplib";
import mqtt from "mqtt";
import { connect as natsConnect, StringCodec } from "nats";
import { createClient } from "redis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, probeTcp, removeDir } from "./process.js";
import {
  hasBinary,
  type RunningService,
  startMosquitto,
  startNats,
  startRabbitMq,
  startRedis,
} from "./services.js";

const acceptsTcp = (port: number) => probeTcp(port, undefined, () => true);

async function timed<T>(what: string, start: () => Promise<T>): Promise<T> {
  const began = performance.now();
  const result = await start();
  console.info(`${what} ready in ${Math.round(performance.now() - began)} ms`);
  return result;
}

describe("hasBinary", () => {
  it("finds an installed binary and not a missing one", () => {
    expect(hasBinary("node")).toBe(true);
    expect(hasBinary("argosy-no-such-binary")).toBe(false);
  });
});

describe.skipIf(!hasBinary("redis-server"))("startRedis", () => {
  it("serves commands, then refuses connections after stop", async () => {
    const redis = await timed("redis-server", () => startRedis());
    expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
    const client = createClient({ url: redis.url });
    await client.connect();
    await client.set("k", "v");
    expect(await client.get("k")).toBe("v");
    await client.quit();
    await redis.stop();
    expect(await acceptsTcp(redis.port)).toBe(false);
    await redis.stop(); // idempotent
  });

  it("requires the password it was given", async () => {
    const redis = await startRedis({ password: "s3cret" });
    try {
      expect(await probeTcp(redis.port, "PING\r\n", (r) => r.toString().startsWith("-NOAUTH"))).toBe(true);
      const client = createClient({ url: redis.url, password: "s3cret" });
      await client.connect();
      expect(await client.ping()).toBe("PONG");
      await client.quit();
    } finally {
      await redis.stop();
    }
  });

  it("two servers get two ports", async () => {
    const [a, b] = await Promise.all([startRedis(), startRedis()]);
    expect(a.port).not.toBe(b.port);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe.skipIf(!hasBinary("nats-server"))("startNats", () => {
  it("delivers a core NATS message", async () => {
    const server = await timed("nats-server", () => startNats());
    try {
      expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
      const nc = await natsConnect({ servers: server.url });
      const sc = StringCodec();
      const sub = nc.subscribe("greeting", { max: 1 });
      nc.publish("greeting", sc.encode("hi"));
      for await (const message of sub) expect(sc.decode(message.data)).toBe("hi");
      await nc.close();
    } finally {
      await server.stop();
    }
    expect(await acceptsTcp(server.port)).toBe(false);
  });

  it("has JetStream when asked", async () => {
    const server = await timed("nats-server -js", () => startNats({ jetstream: true }));
    try {
      const nc = await natsConnect({ servers: server.url });
      const jsm = await nc.jetstreamManager();
      await jsm.streams.add({ name: "S", subjects: ["s.>"] });
      await nc.jetstream().publish("s.one", StringCodec().encode("x"));
      expect((await jsm.streams.info("S")).state.messages).toBe(1);
      await nc.close();
    } finally {
      await server.stop();
    }
  });

  it("requires the token it was given", async () => {
    const server = await startNats({ token: "t0ken" });
    try {
      await expect(natsConnect({ servers: server.url, reconnect: false })).rejects.toThrow(/Authorization/i);
      const nc = await natsConnect({ servers: server.url, token: "t0ken" });
      await nc.close();
    } finally {
      await server.stop();
    }
  });
});

describe.skipIf(!hasBinary("mosquitto"))("startMosquitto", () => {
  it("delivers an MQTT message", async () => {
    const broker = await timed("mosquitto", () => startMosquitto());
    try {
      expect(broker.url).toBe(`mqtt://127.0.0.1:${broker.port}`);
      const client = await mqtt.connectAsync(broker.url);
      await client.subscribeAsync("t/1", { qos: 1 });
      const received = new Promise<string>((resolve) =>
        client.once("message", (_t, p) => resolve(p.toString())),
      );
      await client.publishAsync("t/1", "hello", { qos: 1 });
      expect(await received).toBe("hello");
      await client.endAsync();
    } finally {
      await broker.stop();
    }
    expect(await acceptsTcp(broker.port)).toBe(false);
  });
});

describe.skipIf(!hasBinary("rabbitmq-server") || !hasBinary("epmd"))("startRabbitMq", () => {
  let rabbit: RunningService;
  beforeAll(async () => {
    rabbit = await timed("rabbitmq-server", () => startRabbitMq());
  }, 120_000);
  afterAll(async () => {
    await rabbit?.stop();
  });

  it("routes a message through a queue", async () => {
    expect(rabbit.url).toBe(`amqp://guest:guest@127.0.0.1:${rabbit.port}`);
    const connection = await amqp.connect(rabbit.url);
    const channel = await connection.createChannel();
    await channel.assertQueue("q1");
    channel.sendToQueue("q1", Buffer.from("hello"));
    const message = await new Promise<amqp.ConsumeMessage>((resolve) => {
      void channel.consume("q1", (m) => m && resolve(m), { noAck: true });
    });
    expect(message.content.toString()).toBe("hello");
    await connection.close();
  });

  it("is gone after stop", async () => {
    await rabbit.stop();
    expect(await acceptsTcp(rabbit.port)).toBe(false);
  });
});

describe.skipIf(!hasBinary("redis-server"))("cleanup when the test process ends", () => {
  const viteNode = fileURLToPath(new URL("../../../node_modules/.bin/vite-node", import.meta.url));
  const services = fileURLToPath(new URL("./services.ts", import.meta.url));

  /** A child process starts redis, prints its port, then ends by `how`; resolves the port. */
  async function childStartsRedis(how: "exit" | "SIGTERM"): Promise<number> {
    const dir = makeTempDir("services-child");
    try {
      const script = join(dir, "child.ts");
      const end = how === "exit" ? "process.exit(0);" : "setInterval(() => {}, 1000);";
      writeFileSync(
        script,
        `import { startRedis } from ${JSON.stringify(services)};\n` +
          `const redis = await startRedis();\nconsole.log("PORT " + redis.port);\n${end}\n`,
      );
      const child = spawn(viteNode, [script], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      const port = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          const match = /PORT (\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.once("exit", () => reject(new Error(`child exited: ${out}`)));
      });
      if (how === "SIGTERM") child.kill("SIGTERM");
      await exited;
      return port;
    } finally {
      removeDir(dir);
    }
  }

  it("kills the broker when the process exits", async () => {
    const port = await childStartsRedis("exit");
    expect(await acceptsTcp(port)).toBe(false);
  });

  it("kills the broker when the process is terminated", async () => {
    const port = await childStartsRedis("SIGTERM");
    expect(await acceptsTcp(port)).toBe(false);
  });
});
