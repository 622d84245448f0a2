/**
 * The `redis` event source: SUBSCRIBE to `channels` (exact names, as Argo does: `pattern` in the
 * data is therefore always ""), one event per published message with data
 * `{channel, pattern, body, metadata}`. Pub/sub has no acknowledgements: a message published while
 * the source is disconnected is lost, as in Argo.
 */

import { invalid } from "../../util/errors.js";
import { redisClient } from "../clients.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import {
  decodeBody,
  isTrue,
  metadataOf,
  optionalNumber,
  optionalSelector,
  optionalString,
  parseBackoff,
  type Session,
  SourceRunner,
  sourceFilter,
  stringList,
  tlsMaterial,
} from "./mq-common.js";

export interface RedisConnection {
  hostAddress: string;
  username: string | undefined;
  db: number;
  entry: SourceEntry;
}

/** `hostAddress`, `username`, `db`, `password` (secret) and `tls`, shared with redisStream. */
export function redisConnectionOf(entry: SourceEntry): RedisConnection {
  const hostAddress = optionalString(entry, "hostAddress");
  if (!hostAddress) throw invalid("host address must be specified");
  optionalSelector(entry, "password");
  const username = optionalString(entry, "username") || undefined;
  return { hostAddress, username, db: optionalNumber(entry, "db") ?? 0, entry };
}

function hostAndPort(hostAddress: string): { host: string; port: number } {
  const match = /^\[?([^\]]*?)\]?(?::(\d+))?$/.exec(hostAddress.replace(/^rediss?:\/\//, ""));
  return { host: match?.[1] || "localhost", port: match?.[2] ? Number(match[2]) : 6379 };
}

/**
 * A connected client with the library's own reconnects off (the source's loop reconnects with
 * `SourceRunner`'s backoff), and `lost` settling when the connection drops.
 */
export async function connectRedis(connection: RedisConnection, context: SourceContext) {
  const selector = optionalSelector(connection.entry, "password");
  const password = selector ? await context.secret(selector) : undefined;
  const tls = await tlsMaterial(connection.entry.tls, context);
  const { host, port } = hostAndPort(connection.hostAddress);
  const socket = { host, port, reconnectStrategy: false as const, connectTimeout: 10_000 };
  const { createClient } = await redisClient();
  const client = createClient({
    // RESP2 as go-redis speaks it: Redis servers older than 6 know no other (no HELLO).
    RESP: 2,
    socket: tls ? { ...socket, tls: true as const, ...tls } : socket,
    username: connection.username,
    password,
    database: connection.db,
  });
  let markLost!: (reason: unknown) => void;
  const lost = new Promise<unknown>((resolve) => {
    markLost = resolve;
  });
  // Without a listener an 'error' would crash the process; with reconnects off, an error on a
  // closed client means the connection is gone.
  client.on("error", (error: unknown) => setImmediate(() => client.isOpen || markLost(error)));
  client.on("end", () => markLost(new Error("connection closed")));
  await client.connect();
  return { client, lost };
}

export const redisDriver: SourceDriver = {
  type: "redis",
  async start(entry: SourceEntry, context: SourceContext): Promise<RunningSource> {
    const connection = redisConnectionOf(entry);
    const channels = stringList(entry, "channels");
    if (!channels || channels.length === 0) throw invalid("channel/s must be specified");
    const jsonBody = isTrue(entry, "jsonBody");
    const metadata = metadataOf(entry);
    const filter = sourceFilter(entry);

    const runner: SourceRunner = new SourceRunner({
      context,
      name: "redis",
      delays: parseBackoff(entry),
      connect: async (): Promise<Session> => {
        const { client, lost } = await connectRedis(connection, context);
        try {
          await client.subscribe(channels, (message: string, channel: string) => {
            runner.handle(async () => {
              const decoded = decodeBody(message, jsonBody, "string");
              if (!decoded.ok) {
                context.log("warn", `redis: message on ${channel} skipped: ${decoded.error}`);
                return;
              }
              const data: Record<string, unknown> = { channel, pattern: "", body: decoded.body };
              if (metadata) data.metadata = metadata;
              await runner.deliver(data, { filter });
            });
          });
        } catch (error) {
          client.destroy();
          throw error;
        }
        context.log("info", `redis: subscribed to ${channels.join(", ")} on ${connection.hostAddress}`);
        return {
          closed: lost,
          close: async () => {
            if (client.isOpen) await client.close().catch(() => client.destroy());
          },
        };
      },
    });
    await runner.start();
    return { stop: () => runner.stop() };
  },
};
