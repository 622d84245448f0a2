/**
 * The `nats` trigger: publishes the `payload` parameters as JSON to `subject` on the NATS server at
 * `url`, and waits for the server to have it (a flush). One connection per URL is kept for all
 * triggers of the process and closed by `closeNatsConnections`. `parameters` change the trigger's
 * own fields first; unlike Argo Events (which publishes to the manifest's subject), a subject set
 * by a parameter is used.
 */
import type { NatsConnection } from "nats";
import { natsClient } from "../clients.js";
import { applyParameters, buildPayloadText } from "../sensor/index.js";
import type { NatsTrigger } from "../types.js";
import { isRecord, type RunContext, triggerInvalid } from "./common.js";
import type { TriggerOutcome } from "./deps.js";

const connections = new Map<string, Promise<NatsConnection>>();

export async function runNats(ctx: RunContext, spec: NatsTrigger): Promise<TriggerOutcome> {
  let t = spec;
  if (spec.parameters?.length) {
    const applied = applyParameters(structuredClone(spec), spec.parameters, ctx.firing.events);
    if (!isRecord(applied)) throw triggerInvalid(ctx, "nats.parameters made the trigger a non-object");
    t = applied as unknown as NatsTrigger;
  }
  if (typeof t.url !== "string" || t.url === "") throw triggerInvalid(ctx, "nats.url is required");
  if (typeof t.subject !== "string" || t.subject === "")
    throw triggerInvalid(ctx, "nats.subject is required");
  if (t.tls) throw triggerInvalid(ctx, "nats.tls is not supported by Argosy yet");
  if ((t as { auth?: unknown }).auth) throw triggerInvalid(ctx, "nats.auth is not supported by Argosy yet");
  if (!t.payload) throw triggerInvalid(ctx, "nats.payload is required (the message to publish)");
  const body = Buffer.from(buildPayloadText(t.payload, ctx.firing.events) ?? "");
  const nc = await connection(t.url);
  nc.publish(t.subject, body);
  await nc.flush();
  return { message: `published ${body.length} bytes to NATS subject ${t.subject}` };
}

/** The cached connection to `url`, opened (again) when there is none or it closed. */
async function connection(url: string): Promise<NatsConnection> {
  const cached = connections.get(url);
  if (cached) {
    const nc = await cached.catch(() => undefined);
    if (nc && !nc.isClosed()) return nc;
    if (connections.get(url) === cached) connections.delete(url);
  }
  const opening = natsClient().then(({ connect }) =>
    connect({ servers: url, name: "argosy-sensor-trigger" }),
  );
  connections.set(url, opening);
  try {
    return await opening;
  } catch (error) {
    if (connections.get(url) === opening) connections.delete(url);
    throw error;
  }
}

/** Closes every cached NATS connection (drained, so published messages are not lost). */
export async function closeNatsConnections(): Promise<void> {
  const all = [...connections.values()];
  connections.clear();
  await Promise.all(
    all.map(async (p) => {
      const nc = await p.catch(() => undefined);
      if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
    }),
  );
}
