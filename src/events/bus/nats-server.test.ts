import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "nats";
import { afterAll, describe, expect, it } from "vitest";
import { event, recorder } from "./bus-contract.js";
import { openJetStreamBus } from "./jetstream.js";
import { findNatsServer, startLocalNatsServer } from "./nats-server.js";

const missing = findNatsServer() === undefined;

/** True when something accepts a TCP connection on the port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = tcpConnect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe.skipIf(missing)("startLocalNatsServer", () => {
  const root = mkdtempSync(join(tmpdir(), "argosy-nats-"));
  let dirs = 0;
  const freshDir = () => join(root, `server-${++dirs}`);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("serves JetStream on 127.0.0.1 at the port it reports, and stops", async () => {
    const server = await startLocalNatsServer({ dir: freshDir() });
    expect(server.url).toBe(`nats://127.0.0.1:${server.port}`);
    const nc = await connect({ servers: server.url });
    const account = await (await nc.jetstreamManager()).getAccountInfo();
    expect(account.limits).toBeDefined();
    await nc.close();
    await server.stop();
    expect(await accepts(server.port)).toBe(false);
    await server.stop();
  });

  it("stops a server an earlier owner left running on the folder before starting its own", async () => {
    const dir = freshDir();
    const first = await startLocalNatsServer({ dir });
    const stalePid = Number(readFileSync(join(dir, "nats-server.pid"), "utf8"));
    expect(readFileSync(`/proc/${stalePid}/cmdline`, "utf8")).toContain("nats-server");
    // As if our process had died without stopping it: a second start on the same folder.
    const second = await startLocalNatsServer({ dir });
    const alive = (() => {
      try {
        return readFileSync(`/proc/${stalePid}/cmdline`, "utf8").includes("nats-server");
      } catch {
        return false;
      }
    })();
    expect(alive).toBe(false);
    expect(await accepts(first.port)).toBe(false);
    expect(await accepts(second.port)).toBe(true);
    await second.stop();
    await first.stop();
  });

  it("keeps streams and consumer positions across a restart on the same folder", async () => {
    const dir = freshDir();
    const subjects = [{ eventSourceName: "src", eventName: "a" }];
    let server = await startLocalNatsServer({ dir });
    let bus = await openJetStreamBus({ url: server.url, namespace: "ns" });
    const before = recorder();
    await bus.subscribe({ consumer: "sensor", subjects, handler: before.handler });
    await bus.publish(event("src", "a", "1"));
    await bus.publish(event("src", "a", "2"));
    await before.waitFor(2);
    await bus.close();
    await server.stop();

    server = await startLocalNatsServer({ dir, port: server.port });
    try {
      bus = await openJetStreamBus({ url: server.url, namespace: "ns" });
      expect(await bus.publish(event("src", "a", "2"))).toEqual({ duplicate: true });
      await bus.publish(event("src", "a", "3"));
      const after = recorder();
      await bus.subscribe({ consumer: "sensor", subjects, handler: after.handler });
      await after.waitFor(1);
      expect(after.seen[0]).toBe("src.a#3");
      await bus.close();
    } finally {
      await server.stop();
    }
  });

  it("fails with the server's own words when it cannot start", async () => {
    const first = await startLocalNatsServer({ dir: freshDir() });
    try {
      await expect(startLocalNatsServer({ dir: freshDir(), port: first.port })).rejects.toThrow(
        /exited .* before it was ready:[\s\S]*(address already in use|bind)/i,
      );
    } finally {
      await first.stop();
    }
  });

  it("reports an executable that cannot run", async () => {
    await expect(
      startLocalNatsServer({ dir: freshDir(), binary: join(root, "no-such-nats-server") }),
    ).rejects.toMatchObject({ code: "Internal" });
  });
});
