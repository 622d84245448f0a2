/**
 * The `redisStream` event source: reads `streams` through a consumer group (`consumerGroup`,
 * default Argo's `argo-events-cg`; consumer `argo-events-worker`) with XREADGROUP, one event per
 * entry with data `{stream, message_id, values, metadata}`, and XACKs an entry only after the bus
 * took its event. As Argo, it first re-reads its own pending entries (read but never acked, e.g.
 * before a crash), then new ones. The event id is derived from the entry, so a re-read entry whose
 * event the bus already holds is dropped there as a duplicate.
 */
import { invalid } from "../../util/errors.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import {
  metadataOf,
  optionalNumber,
  optionalString,
  parseBackoff,
  type Session,
  SourceRunner,
  sortedRecord,
  sourceFilter,
  stableEventId,
  stringList,
} from "./mq-common.js";
import { connectRedis, redisConnectionOf } from "./redis.js";

const defaultGroup = "argo-events-cg";
const consumer = "argo-events-worker";
const blockMs = 2000;

/** XREADGROUP's RESP2 reply: per stream, its entries; a deleted pending entry has null fields. */
type ReadReply = [stream: string, entries: [id: string, fields: string[] | null][]][] | null;

export const redisStreamDriver: SourceDriver = {
  type: "redisStream",
  async start(entry: SourceEntry, context: SourceContext): Promise<RunningSource> {
    const connection = redisConnectionOf(entry);
    const streams = stringList(entry, "streams");
    if (!streams || streams.length === 0) throw invalid("stream/streams must be specified");
    const count = optionalNumber(entry, "maxMsgCountPerRead") || 10;
    const group = optionalString(entry, "consumerGroup") || defaultGroup;
    const metadata = metadataOf(entry);
    const filter = sourceFilter(entry);
    const idOf = (stream: string, id: string) =>
      stableEventId([context.namespace, context.eventSourceName, context.eventName, group, stream, id]);

    const runner: SourceRunner = new SourceRunner({
      context,
      name: "redisStream",
      delays: parseBackoff(entry),
      connect: async (): Promise<Session> => {
        const { client, lost } = await connectRedis(connection, context);
        try {
          for (const stream of streams) {
            // From "$": a new group sees entries added from now on. MKSTREAM, unlike Argo, so a
            // stream that does not exist yet is not an error.
            await client.xGroupCreate(stream, group, "$", { MKSTREAM: true }).catch((error: unknown) => {
              if (!String(error).includes("BUSYGROUP")) throw error;
            });
          }
        } catch (error) {
          client.destroy();
          throw error;
        }
        context.log("info", `redisStream: reading ${streams.join(", ")} as group ${group}`);

        let closing = false;
        // Own pending entries first ("0-0", then after the last one handled); ">" once none are left.
        const next = new Map(streams.map((stream) => [stream, "0-0"]));
        const handleEntry = (stream: string, id: string, fields: string[] | null) =>
          runner.handle(async () => {
            const values =
              fields === null
                ? null
                : sortedRecord(
                    Array.from({ length: fields.length >> 1 }, (_, i) => [
                      fields[2 * i] ?? "",
                      fields[2 * i + 1],
                    ]),
                  );
            const data: Record<string, unknown> = { stream, message_id: id, values };
            if (metadata) data.metadata = metadata;
            if (!(await runner.deliver(data, { id: idOf(stream, id), filter }))) return;
            await client.xAck(stream, group, id);
            if (next.get(stream) !== ">") next.set(stream, id);
          });

        const reading = (async () => {
          while (!closing && !runner.stopping) {
            const ids = streams.map((stream) => next.get(stream) ?? ">");
            const args = [
              "XREADGROUP",
              "GROUP",
              group,
              consumer,
              "COUNT",
              String(count),
              "BLOCK",
              String(blockMs),
            ];
            const reply = (await client.sendCommand([...args, "STREAMS", ...streams, ...ids])) as ReadReply;
            for (const [stream, entries] of reply ?? []) {
              if (entries.length === 0 && next.get(stream) !== ">") next.set(stream, ">");
              for (const [id, fields] of entries) {
                if (!(await handleEntry(stream, id, fields))) return;
              }
            }
          }
        })();
        const readerEnded = reading.then(
          () => new Error("reader stopped"),
          (error: unknown) => error,
        );
        return {
          closed: Promise.race([lost, readerEnded]),
          close: async () => {
            closing = true;
            // A blocked XREADGROUP holds the connection for up to 2 s: drop it rather than wait.
            client.destroy();
            await reading.catch(() => {});
          },
        };
      },
    });
    await runner.start();
    return { stop: () => runner.stop() };
  },
};
