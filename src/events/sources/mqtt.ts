/**
 * The `mqtt` event source: subscribes to `topic` as `clientId`, one event per message with data
 * `{topic, messageId, body, metadata}` (`body` is parsed JSON with `jsonBody`, else the payload's
 * bytes in base64, as Go encodes a `[]byte`). Argo subscribes at QoS 0 with a clean session; we
 * subscribe at QoS 1 in a persistent session (`clean: false`) and send the PUBACK only after the
 * bus took the event, so the broker redelivers what was not acknowledged, and keeps what arrives
 * while the source is down. `messageId` is the packet id (0 for a message published at QoS 0).
 */
import type { IClientOptions, IPublishPacket, MqttClient } from "mqtt";
import { invalid } from "../../util/errors.js";
import { mqttClient } from "../clients.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import {
  decodeBody,
  isTrue,
  metadataOf,
  optionalRecord,
  optionalSelector,
  optionalString,
  parseBackoff,
  type Session,
  SourceRunner,
  sourceFilter,
  tlsMaterial,
} from "./mq-common.js";

async function clientOptions(
  entry: SourceEntry,
  context: SourceContext,
  clientId: string,
): Promise<IClientOptions> {
  const options: IClientOptions = {
    clientId,
    clean: false,
    // The source's loop reconnects, with connectionBackoff.
    reconnectPeriod: 0,
    connectTimeout: 10_000,
    ...(await tlsMaterial(entry.tls, context)),
  };
  const auth = optionalRecord(entry, "auth");
  if (auth) {
    const username = optionalSelector(auth, "username");
    const password = optionalSelector(auth, "password");
    if (username) options.username = await context.secret(username);
    if (password) options.password = await context.secret(password);
  }
  return options;
}

export const mqttDriver: SourceDriver = {
  type: "mqtt",
  async start(entry: SourceEntry, context: SourceContext): Promise<RunningSource> {
    const url = optionalString(entry, "url");
    if (!url) throw invalid("url must be specified");
    const topic = optionalString(entry, "topic");
    if (!topic) throw invalid("topic must be specified");
    const clientId = optionalString(entry, "clientId");
    if (!clientId) throw invalid("client id must be specified");
    const jsonBody = isTrue(entry, "jsonBody");
    const metadata = metadataOf(entry);
    const filter = sourceFilter(entry);

    /** Handles one message; `ack` is called once it is handled, never if the source stops first. */
    const handleMessage = (packet: IPublishPacket, ack: () => void) =>
      runner.handle(async () => {
        const decoded = decodeBody(Buffer.from(packet.payload), jsonBody, "bytes");
        if (!decoded.ok) {
          context.log("warn", `mqtt: message on ${packet.topic} skipped: ${decoded.error}`);
        } else {
          const data: Record<string, unknown> = {
            topic: packet.topic,
            messageId: packet.messageId ?? 0,
            body: decoded.body,
          };
          if (metadata) data.metadata = metadata;
          if (!(await runner.deliver(data, { filter }))) return;
        }
        ack();
      });

    const runner: SourceRunner = new SourceRunner({
      context,
      name: "mqtt",
      delays: parseBackoff(entry),
      connect: async (): Promise<Session> => {
        const options = await clientOptions(entry, context, clientId);
        const client: MqttClient = (await mqttClient()).connect(url, options);
        // mqtt.js calls handleMessage for each incoming PUBLISH, one at a time, and sends the
        // PUBACK (QoS 1) only when its callback runs: after the bus took the event.
        client.handleMessage = (packet, callback) => {
          void handleMessage(packet, () => callback());
        };
        const closed = new Promise<Error>((resolve) => {
          client.on("error", (error) => resolve(error));
          client.on("close", () => resolve(new Error("connection closed")));
        });
        // Not forced: PUBACKs already written go out before the DISCONNECT (a forced end drops
        // them, and the broker would redeliver handled messages). Forced if the peer is gone.
        const close = async () => {
          let timer: NodeJS.Timeout | undefined;
          const forced = new Promise<void>((resolve) => {
            timer = setTimeout(() => resolve(client.endAsync(true).catch(() => {})), 5000);
          });
          await Promise.race([client.endAsync(false).catch(() => {}), forced]);
          clearTimeout(timer);
        };
        try {
          await Promise.race([
            new Promise<void>((resolve) => client.once("connect", () => resolve())),
            closed.then((error) => Promise.reject(error)),
          ]);
          await client.subscribeAsync(topic, { qos: 1 });
        } catch (error) {
          await close();
          throw error;
        }
        context.log("info", `mqtt: subscribed to ${topic} on ${url} as ${clientId}`);
        return { closed, close };
      },
    });
    await runner.start();
    return { stop: () => runner.stop() };
  },
};
