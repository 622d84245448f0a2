/**
 * The `nats` event source: a core NATS subscription to `subject` (in queue group `queue` when
 * given), one event per message with data `{subject, body, header, metadata}`. As in Argo, `body`
 * is the parsed JSON with `jsonBody` and otherwise the payload's bytes in base64 (Go's encoding of
 * a `[]byte`); `header` (name → values) is left out when the message has none. Core NATS has no
 * acknowledgements: a message sent while the source is disconnected is lost, as in Argo.
 */
import type { ConnectionOptions, Msg, NatsConnection } from "nats";
import { invalid } from "../../util/errors.js";
import { natsClient } from "../clients.js";
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
  sortedRecord,
  sourceFilter,
  tlsMaterial,
} from "./mq-common.js";

/** `auth`: basic (username/password), token, nkey (the seed) or credential (a creds file), from secrets. */
async function authOptions(entry: SourceEntry, context: SourceContext): Promise<Partial<ConnectionOptions>> {
  const auth = optionalRecord(entry, "auth");
  if (auth === undefined) return {};
  const basic = auth.basic as Record<string, unknown> | undefined;
  if (basic) {
    const username = optionalSelector(basic, "username");
    const password = optionalSelector(basic, "password");
    return {
      user: username ? await context.secret(username) : undefined,
      pass: password ? await context.secret(password) : undefined,
    };
  }
  const token = optionalSelector(auth, "token");
  if (token) return { token: await context.secret(token) };
  const nkey = optionalSelector(auth, "nkey");
  if (nkey)
    return {
      authenticator: (await natsClient()).nkeyAuthenticator(
        new TextEncoder().encode((await context.secret(nkey)).trim()),
      ),
    };
  const credential = optionalSelector(auth, "credential");
  if (credential)
    return {
      authenticator: (await natsClient()).credsAuthenticator(
        new TextEncoder().encode(await context.secret(credential)),
      ),
    };
  return {};
}

function headerOf(message: Msg): Record<string, string[]> | undefined {
  const headers = message.headers;
  if (!headers) return undefined;
  const keys = headers.keys();
  if (keys.length === 0) return undefined;
  return sortedRecord(keys.map((key) => [key, headers.values(key)] as const));
}

export const natsDriver: SourceDriver = {
  type: "nats",
  async start(entry: SourceEntry, context: SourceContext): Promise<RunningSource> {
    const url = optionalString(entry, "url");
    if (!url) throw invalid("url must be specified");
    const subject = optionalString(entry, "subject");
    if (!subject) throw invalid("subject must be specified");
    const queue = optionalString(entry, "queue");
    if (queue === "") throw invalid("queue group cannot be empty if specified");
    const jsonBody = isTrue(entry, "jsonBody");
    const metadata = metadataOf(entry);
    const filter = sourceFilter(entry);

    const runner: SourceRunner = new SourceRunner({
      context,
      name: "nats",
      delays: parseBackoff(entry),
      connect: async (): Promise<Session> => {
        const tls = await tlsMaterial(entry.tls, context);
        const { connect } = await natsClient();
        const nc: NatsConnection = await connect({
          servers: url.split(",").map((s) => s.trim()),
          name: `argosy-${context.namespace}-${context.eventSourceName}-${context.eventName}`,
          // The source's loop reconnects (with connectionBackoff) and subscribes again.
          reconnect: false,
          timeout: 10_000,
          ...(tls ? { tls: tls as never } : {}),
          ...(await authOptions(entry, context)),
        });
        const subscribe = async () => {
          nc.subscribe(subject, {
            ...(queue ? { queue } : {}),
            callback: (error, message) => {
              if (error) {
                context.log("error", `nats: subscription error: ${error.message}`);
                return;
              }
              void runner.handle(async () => {
                const decoded = decodeBody(Buffer.from(message.data), jsonBody, "bytes");
                if (!decoded.ok) {
                  context.log("warn", `nats: message on ${message.subject} skipped: ${decoded.error}`);
                  return;
                }
                const data: Record<string, unknown> = { subject: message.subject, body: decoded.body };
                const header = headerOf(message);
                if (header) data.header = header;
                if (metadata) data.metadata = metadata;
                await runner.deliver(data, { filter });
              });
            },
          });
          // The server has the subscription once it answered a ping sent after it.
          await nc.flush();
        };
        await subscribe().catch(async (error: unknown) => {
          await nc.close();
          throw error;
        });
        context.log("info", `nats: subscribed to ${subject}${queue ? ` (queue ${queue})` : ""} on ${url}`);
        return {
          closed: nc.closed().then((error) => error ?? new Error("connection closed")),
          close: async () => {
            if (!nc.isClosed()) await nc.close();
          },
        };
      },
    });
    await runner.start();
    return { stop: () => runner.stop() };
  },
};
