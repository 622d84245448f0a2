/**
 * The `amqp` event source (RabbitMQ and other AMQP 0-9-1 brokers): declares `exchangeName` of
 * `exchangeType`, a queue (`queueDeclare`, by default a server-named exclusive one, as Argo), binds
 * it with `routingKey` and consumes it, one event per message with Argo's data (the message's
 * properties, `exchange`, `routingKey`, `body`, `metadata`). Unlike Argo, whatever `consume.autoAck`
 * says, a message is acknowledged only after the bus took its event: with a durable named queue,
 * nothing is lost when the source or the bus fails (unacked messages return to the queue).
 */
import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import { parse as parseYaml } from "yaml";
import { invalid } from "../../util/errors.js";
import { amqpClient } from "../clients.js";
import type { RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import {
  decodeBody,
  errorText,
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

/** How many unacknowledged messages the broker may push ahead of the one being handled. */
const prefetch = 10;

const flag = (block: Record<string, unknown> | undefined, key: string) => block?.[key] === true;

/** Argo's `setDefaults`: an absent block gets Argo's defaults; a given one has false for what it omits. */
function declarations(entry: SourceEntry) {
  const exchange = optionalRecord(entry, "exchangeDeclare");
  const queue = optionalRecord(entry, "queueDeclare");
  const consume = optionalRecord(entry, "consume");
  const queueArguments =
    typeof queue?.arguments === "string" && queue.arguments !== "" ? queue.arguments : undefined;
  let parsedArguments: Record<string, unknown> | undefined;
  if (queueArguments !== undefined) {
    try {
      parsedArguments = parseYaml(queueArguments) as Record<string, unknown>;
    } catch (error) {
      throw invalid(
        `failed to parse optional queue declare table arguments from Yaml string: ${errorText(error)}`,
      );
    }
  }
  return {
    exchange: exchange
      ? {
          durable: flag(exchange, "durable"),
          autoDelete: flag(exchange, "autoDelete"),
          internal: flag(exchange, "internal"),
        }
      : { durable: true, autoDelete: false, internal: false },
    queueName: typeof queue?.name === "string" ? queue.name : "",
    queue: queue
      ? {
          durable: flag(queue, "durable"),
          autoDelete: flag(queue, "autoDelete"),
          exclusive: flag(queue, "exclusive"),
          ...(parsedArguments ? { arguments: parsedArguments } : {}),
        }
      : { durable: false, autoDelete: false, exclusive: true },
    consume: {
      ...(typeof consume?.consumerTag === "string" && consume.consumerTag
        ? { consumerTag: consume.consumerTag }
        : {}),
      exclusive: flag(consume, "exclusive"),
      noLocal: flag(consume, "noLocal"),
      noAck: false,
    },
  };
}

/** Go's `time.Time.String()` of the AMQP timestamp (seconds), in UTC; Go's zero time when absent. */
export function goTimeString(seconds: unknown): string {
  if (typeof seconds !== "number") return "0001-01-01 00:00:00 +0000 UTC";
  const iso = new Date(seconds * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)} +0000 UTC`;
}

const text = (value: unknown) => (value === undefined || value === null ? "" : String(value));
const int = (value: unknown) => (typeof value === "number" ? value : 0);

function eventData(message: ConsumeMessage, body: unknown, metadata: Record<string, string> | undefined) {
  const p = message.properties;
  const data: Record<string, unknown> = {
    contentType: text(p.contentType),
    contentEncoding: text(p.contentEncoding),
    deliveryMode: int(p.deliveryMode),
    priority: int(p.priority),
    correlationId: text(p.correlationId),
    replyTo: text(p.replyTo),
    expiration: text(p.expiration),
    messageId: text(p.messageId),
    timestamp: goTimeString(p.timestamp),
    type: text(p.type),
    appId: text(p.appId),
    exchange: message.fields.exchange,
    routingKey: message.fields.routingKey,
    body,
  };
  if (metadata) data.metadata = metadata;
  return data;
}

async function brokerUrl(entry: SourceEntry, context: SourceContext): Promise<string> {
  const selector = optionalSelector(entry, "urlSecret");
  const url = selector ? (await context.secret(selector)).trim() : (optionalString(entry, "url") ?? "");
  // Argo's client sends heartbeats every 10 s; a dead peer is noticed within about 20 s.
  return /[?&]heartbeat=/.test(url) ? url : `${url}${url.includes("?") ? "&" : "?"}heartbeat=10`;
}

async function socketOptions(entry: SourceEntry, context: SourceContext): Promise<Record<string, unknown>> {
  const options: Record<string, unknown> = { timeout: 10_000, ...(await tlsMaterial(entry.tls, context)) };
  const auth = optionalRecord(entry, "auth");
  if (auth) {
    const username = optionalSelector(auth, "username");
    const password = optionalSelector(auth, "password");
    options.credentials = (await amqpClient()).credentials.plain(
      username ? await context.secret(username) : "",
      password ? await context.secret(password) : "",
    );
  }
  return options;
}

export const amqpDriver: SourceDriver = {
  type: "amqp",
  async start(entry: SourceEntry, context: SourceContext): Promise<RunningSource> {
    const url = optionalString(entry, "url");
    const urlSecret = optionalSelector(entry, "urlSecret");
    if (!url && !urlSecret) throw invalid("either url or urlSecret must be specified");
    if (url && urlSecret) throw invalid("only one of url or urlSecret can be specified");
    const routingKey = optionalString(entry, "routingKey");
    if (!routingKey) throw invalid("routing key must be specified");
    const exchangeType = optionalString(entry, "exchangeType");
    if (!exchangeType) throw invalid("exchange type must be specified");
    const exchangeName = optionalString(entry, "exchangeName") ?? "";
    const declare = declarations(entry);
    const jsonBody = isTrue(entry, "jsonBody");
    const metadata = metadataOf(entry);
    const filter = sourceFilter(entry);

    const handleMessage = (channel: Channel, message: ConsumeMessage) =>
      runner.handle(async () => {
        const decoded = decodeBody(message.content, jsonBody, "bytes");
        if (!decoded.ok) {
          context.log(
            "warn",
            `amqp: message ${text(message.properties.messageId)} skipped: ${decoded.error}`,
          );
        } else if (!(await runner.deliver(eventData(message, decoded.body, metadata), { filter }))) {
          return; // stopping before the bus took it: left unacknowledged, the broker redelivers it
        }
        try {
          channel.ack(message);
        } catch (error) {
          // The channel closed meanwhile: the broker requeues the message and delivers it again.
          context.log("warn", `amqp: could not acknowledge a message: ${errorText(error)}`);
        }
      });

    const connectOnce = async (connection: ChannelModel): Promise<Session> => {
      const channel = await connection.createChannel();
      channel.on("error", () => {}); // a channel error also closes the connection's session below
      await channel.prefetch(prefetch);
      await channel.assertExchange(exchangeName, exchangeType, declare.exchange);
      const { queue } = await channel.assertQueue(declare.queueName, declare.queue);
      await channel.bindQueue(queue, exchangeName, routingKey);
      let cancelled!: (reason: Error) => void;
      const consumerGone = new Promise<Error>((resolve) => {
        cancelled = resolve;
      });
      await channel.consume(
        queue,
        (message) => {
          if (message === null) cancelled(new Error(`consumer of queue ${queue} cancelled by the broker`));
          else void handleMessage(channel, message);
        },
        declare.consume,
      );
      context.log("info", `amqp: consuming queue ${queue} bound to ${exchangeName} with ${routingKey}`);
      const channelClosed = new Promise<Error>((resolve) =>
        channel.once("close", () => resolve(new Error("channel closed"))),
      );
      return {
        closed: Promise.race([consumerGone, channelClosed]),
        // Channel first: its Close follows the acks on the channel's own frame stream, so they
        // reach the broker; a connection Close could overtake them and requeue acked messages.
        close: async () => {
          await channel.close().catch(() => {});
        },
      };
    };

    const runner: SourceRunner = new SourceRunner({
      context,
      name: "amqp",
      delays: parseBackoff(entry),
      connect: async (): Promise<Session> => {
        const connection = await (await amqpClient()).connect(
          await brokerUrl(entry, context),
          await socketOptions(entry, context),
        );
        connection.on("error", () => {}); // followed by 'close', which ends the session
        const connectionClosed = new Promise<Error>((resolve) =>
          connection.once("close", (error?: Error) => resolve(error ?? new Error("connection closed"))),
        );
        const close = async () => {
          await connection.close().catch(() => {});
        };
        try {
          const session = await connectOnce(connection);
          return {
            closed: Promise.race([session.closed, connectionClosed]),
            close: async () => {
              await session.close();
              await close();
            },
          };
        } catch (error) {
          await close();
          throw error;
        }
      },
    });
    await runner.start();
    return { stop: () => runner.stop() };
  },
};
