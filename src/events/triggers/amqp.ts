/**
 * The `amqp` trigger (Argosy's own; Argo Events has none): publishes the `payload` parameters as
 * JSON to `exchangeName` (default: the default exchange) with `routingKey`, declaring the exchange
 * first when `exchangeType` is given. Publishing uses a confirm channel, so a firing succeeds only
 * once the broker has taken the message. One connection and channel per URL are kept for the
 * process and closed by `closeAmqpConnections`; a channel the broker closed is replaced.
 */
import type { ChannelModel, ConfirmChannel } from "amqplib";
import { amqpClient } from "../clients.js";
import { applyParameters, buildPayloadText } from "../sensor/index.js";
import type { AmqpTrigger } from "../types.js";
import { isRecord, type RunContext, triggerInvalid } from "./common.js";
import type { TriggerOutcome } from "./deps.js";

interface Link {
  model: ChannelModel;
  channel?: Promise<ConfirmChannel>;
}

const links = new Map<string, Promise<Link>>();

export async function runAmqp(ctx: RunContext, spec: AmqpTrigger): Promise<TriggerOutcome> {
  let t = spec;
  if (spec.parameters?.length) {
    const applied = applyParameters(structuredClone(spec), spec.parameters, ctx.firing.events);
    if (!isRecord(applied)) throw triggerInvalid(ctx, "amqp.parameters made the trigger a non-object");
    t = applied as unknown as AmqpTrigger;
  }
  if (typeof t.url !== "string" || t.url === "") throw triggerInvalid(ctx, "amqp.url is required");
  if (typeof t.routingKey !== "string") throw triggerInvalid(ctx, "amqp.routingKey is required");
  const exchange = t.exchangeName ?? "";
  if (t.exchangeType && exchange === "") {
    throw triggerInvalid(
      ctx,
      "amqp.exchangeType needs an exchangeName (the default exchange cannot be declared)",
    );
  }
  const body = Buffer.from(buildPayloadText(t.payload, ctx.firing.events) ?? "{}");
  const link = await linkFor(t.url);
  const opened = channelOf(link);
  const channel = await opened;
  try {
    if (t.exchangeType) await channel.assertExchange(exchange, t.exchangeType);
    await new Promise<void>((resolve, reject) => {
      channel.publish(
        exchange,
        t.routingKey,
        body,
        { contentType: "application/json", persistent: true },
        (err: unknown) => (err ? reject(err instanceof Error ? err : new Error(String(err))) : resolve()),
      );
    });
  } catch (error) {
    // The broker may have closed the channel (its close event can come after this rejection):
    // never reuse a channel that failed.
    if (link.channel === opened) link.channel = undefined;
    closeQuietly(channel);
    throw error;
  }
  const target = exchange === "" ? "the default exchange" : `exchange ${exchange}`;
  return { message: `published ${body.length} bytes to ${target} with routing key ${t.routingKey}` };
}

function closeQuietly(channel: ConfirmChannel): void {
  try {
    channel.close().catch(() => undefined);
  } catch {
    // already closed
  }
}

function channelOf(link: Link): Promise<ConfirmChannel> {
  if (!link.channel) {
    const opening = link.model.createConfirmChannel().then((ch) => {
      // A channel error (e.g. an exchange declared with another type) closes it: open a new one next time.
      ch.on("error", () => undefined);
      ch.on("close", () => {
        if (link.channel === opening) link.channel = undefined;
      });
      return ch;
    });
    link.channel = opening;
    opening.catch(() => {
      if (link.channel === opening) link.channel = undefined;
    });
  }
  return link.channel;
}

async function linkFor(url: string): Promise<Link> {
  const cached = links.get(url);
  if (cached) {
    const link = await cached.catch(() => undefined);
    if (link) return link;
  }
  const opening = amqpClient()
    .then((amqp) => amqp.connect(url))
    .then((model) => {
      const link: Link = { model };
      model.on("error", () => undefined);
      model.on("close", () => {
        if (links.get(url) === opening) links.delete(url);
      });
      return link;
    });
  links.set(url, opening);
  opening.catch(() => {
    if (links.get(url) === opening) links.delete(url);
  });
  return opening;
}

/** Closes every cached AMQP connection. */
export async function closeAmqpConnections(): Promise<void> {
  const all = [...links.values()];
  links.clear();
  await Promise.all(
    all.map(async (p) => {
      const link = await p.catch(() => undefined);
      await link?.model.close().catch(() => undefined);
    }),
  );
}
