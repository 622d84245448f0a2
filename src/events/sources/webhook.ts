/**
 * The `webhook` event source: an HTTP endpoint that turns each accepted request into an event with
 * Argo's `data` (`{header, body, metadata}`) and answers as Argo does — `success` only once the bus
 * holds the event, so a 200 means it is durable. Checks run in Argo's order: auth token, route
 * still active, method, body. Several events and EventSources may share a port (webhook-server.ts).
 */

import type { IncomingMessage, ServerResponse } from "node:http";
import { invalid } from "../../util/errors.js";
import type { KeySelector, RunningSource, SourceContext, SourceDriver, SourceEntry } from "../types.js";
import { withSourceFilter } from "./filtered.js";
import { defaultMaxPayloadSize, readWebhookBody } from "./webhook-body.js";
import { goRequestHeader, headerToJson, sameSecret, sendText } from "./webhook-http.js";
import { type TlsMaterial, type WebhookRoute, WebhookServers } from "./webhook-server.js";

export interface WebhookDriverOptions {
  /** The address webhook servers bind. @default "127.0.0.1" */
  host?: string;
}

/** A running webhook event; `port` is the bound port (the real one when the manifest says "0"). */
export interface RunningWebhook extends RunningSource {
  port: number;
}

/** A webhook entry's fields (Argo's `WebhookContext`), checked. */
export interface WebhookSettings {
  endpoint: string;
  port: string;
  method: string;
  authSecret: KeySelector | undefined;
  maxPayloadSize: number;
  metadata: Record<string, string> | undefined;
  serverCertSecret: KeySelector | undefined;
  serverKeySecret: KeySelector | undefined;
}

const maskedAuth = "*** Masked Auth Secret ***";

const text = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";

function keySelector(v: unknown, field: string): KeySelector | undefined {
  if (v === undefined || v === null) return undefined;
  const s = v as Partial<KeySelector>;
  if (typeof v !== "object" || typeof s.name !== "string" || typeof s.key !== "string") {
    throw invalid(`${field} must name a secret and a key`);
  }
  return { name: s.name, key: s.key, ...(s.optional !== undefined ? { optional: s.optional } : {}) };
}

/** A Go `map[string]string`: keys sorted as `json.Marshal` writes them; empty → undefined (omitempty). */
export function goStringMap(v: unknown): Record<string, string> | undefined {
  if (!v || typeof v !== "object" || Array.isArray(v)) return undefined;
  const keys = Object.keys(v).sort();
  if (keys.length === 0) return undefined;
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = text((v as Record<string, unknown>)[k]);
  return out;
}

/** Reads and checks an entry with Argo's messages (`ValidateWebhookContext`). */
export function readWebhookSettings(entry: SourceEntry): WebhookSettings {
  const endpoint = text(entry.endpoint);
  const port = text(entry.port);
  if (endpoint === "") throw invalid("endpoint can't be empty");
  if (port === "") throw invalid("port can't be empty");
  if (!/^[+-]?\d+$/.test(port)) {
    throw invalid(
      `failed to parse server port ${port}. err: strconv.Atoi: parsing ${JSON.stringify(port)}: invalid syntax`,
    );
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw invalid(`listen tcp: address ${port}: invalid port`);
  if (!endpoint.startsWith("/")) {
    throw invalid(`mux: path must start with a slash, got ${JSON.stringify(endpoint)}`);
  }
  const max = entry.maxPayloadSize;
  const maxPayloadSize =
    max === undefined || max === null || max === "" ? defaultMaxPayloadSize : Number(text(max));
  if (!Number.isFinite(maxPayloadSize)) throw invalid(`maxPayloadSize must be a number, got ${text(max)}`);
  return {
    endpoint,
    port,
    method: text(entry.method),
    authSecret: keySelector(entry.authSecret, "authSecret"),
    maxPayloadSize,
    metadata: goStringMap(entry.metadata),
    serverCertSecret: keySelector(entry.serverCertSecret, "serverCertSecret"),
    serverKeySecret: keySelector(entry.serverKeySecret, "serverKeySecret"),
  };
}

/** Argo reads a mounted secret file and drops one trailing newline. */
const readToken = async (context: SourceContext, selector: KeySelector): Promise<string> =>
  (await context.secret(selector)).replace(/\n$/, "");

function makeRoute(settings: WebhookSettings, context: SourceContext): WebhookRoute {
  const { endpoint, port, method, authSecret, maxPayloadSize, metadata } = settings;
  let queue: Promise<unknown> = Promise.resolve();
  const fields = { endpoint, port, method };

  const route: WebhookRoute = {
    endpoint,
    owner: `${context.namespace}/${context.eventSourceName}/${context.eventName}`,
    active: true,
    async handle(req: IncomingMessage, res: ServerResponse, rawQuery: string): Promise<void> {
      const header = goRequestHeader(req.rawHeaders);
      const authorization = header.get("Authorization")?.[0] ?? "";
      if (authSecret) {
        let token: string;
        try {
          token = await readToken(context, authSecret);
        } catch (e) {
          context.log("error", "failed to get auth secret", { ...fields, error: (e as Error).message });
          sendText(res, 500, "Error loading auth token");
          return;
        }
        if (!authorization.startsWith("Bearer ")) {
          context.log("error", "invalid auth header", fields);
          sendText(res, 401, "Invalid Authorization Header");
          return;
        }
        if (!sameSecret(authorization.slice("Bearer ".length), token)) {
          context.log("error", "invalid auth token", fields);
          sendText(res, 401, "Invalid Auth token");
          return;
        }
      }
      // The token never goes further than this point: not into the event, not into a log.
      if (authorization !== "") header.set("Authorization", [maskedAuth]);
      if (!route.active) {
        sendText(res, 400, "endpoint is inactive");
        return;
      }
      if (req.method !== method) {
        sendText(res, 400, "http method does not match");
        return;
      }
      const body = await readWebhookBody({
        req,
        method: req.method,
        contentType: header.get("Content-Type")?.[0] ?? "",
        rawQuery,
        maxPayloadSize,
      });
      if (!body.ok) {
        context.log("error", body.log, fields);
        sendText(res, body.status, body.text, body.close);
        return;
      }
      const data = { header: headerToJson(header), body: body.body, ...(metadata ? { metadata } : {}) };
      // One dispatch at a time per route, in arrival order, as Argo's route channel does.
      // A CloudEvents binary-mode request names its event (`ce-id`): a retried delivery keeps its
      // id, so the bus drops the copy (Argosy's addition; Argo gives every request a new id).
      const ceId = header.get("Ce-Id")?.[0];
      const emitted = queue.then(() => context.emit(data, ceId ? { id: ceId } : undefined));
      queue = emitted.catch(() => undefined);
      try {
        await emitted;
      } catch (e) {
        context.log("error", "failed to dispatch the request to the event bus", {
          ...fields,
          error: (e as Error).message,
        });
        sendText(res, 500, "failed to record event");
        return;
      }
      sendText(res, 200, "success");
    },
  };
  return route;
}

/** The webhook driver; its servers are shared by every event it starts. */
export function createWebhookDriver(options: WebhookDriverOptions = {}): SourceDriver {
  const servers = new WebhookServers(options.host ?? "127.0.0.1");
  return {
    type: "webhook",
    async start(entry: SourceEntry, given: SourceContext): Promise<RunningWebhook> {
      const context = withSourceFilter(entry, given);
      const settings = readWebhookSettings(entry);
      const { serverCertSecret: cert, serverKeySecret: key } = settings;
      const tls =
        cert && key
          ? async (): Promise<TlsMaterial> => ({
              cert: await context.secret(cert),
              key: await context.secret(key),
            })
          : undefined;
      const route = makeRoute(settings, context);
      const attached = await servers.attach(settings.port, route, tls);
      context.log("info", "route is activated", {
        endpoint: settings.endpoint,
        port: attached.port,
        method: settings.method,
      });
      const stop = async (): Promise<void> => {
        context.signal.removeEventListener("abort", onAbort);
        await attached.detach();
      };
      const onAbort = (): void => void stop();
      context.signal.addEventListener("abort", onAbort);
      return { port: attached.port, stop };
    },
  };
}
