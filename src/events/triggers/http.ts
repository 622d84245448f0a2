/**
 * The `http` trigger: one request to `url` with `method` (default POST), the `payload` parameters
 * as a JSON body, `headers`, `dynamicHeaders` (from the events), `secureHeaders` and `basicAuth`
 * (from Secrets, never logged), and a `timeout` in seconds (default 60). `parameters` change the
 * trigger's own fields first (e.g. `dest: url`). The response status goes back in the outcome for
 * `policy.status.allow`; as in Argo Events, without that policy any status is a success.
 */
import type { StoredObject } from "../../store/types.js";
import { internal, notFound } from "../../util/errors.js";
import { applyParameters, buildPayloadText, resolveParameter } from "../sensor/index.js";
import type { HttpTrigger, KeySelector, TriggerParameter } from "../types.js";
import { isRecord, type RunContext, triggerInvalid } from "./common.js";
import type { TriggerOutcome } from "./deps.js";

const defaultTimeoutSeconds = 60;

export async function runHttp(ctx: RunContext, spec: HttpTrigger): Promise<TriggerOutcome> {
  const t = withOwnParameters(ctx, spec);
  const url = parseUrl(ctx, t.url);
  if (
    t.tls &&
    (t.tls.caCertSecret || t.tls.clientCertSecret || t.tls.clientKeySecret || t.tls.insecureSkipVerify)
  ) {
    throw triggerInvalid(
      ctx,
      "http.tls is not supported by Argosy yet (the system's CAs are used for https)",
    );
  }
  const method = String(t.method || "POST").toUpperCase();
  if (!/^[A-Z]+$/.test(method)) throw triggerInvalid(ctx, `http.method "${t.method}" is not an HTTP method`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(t.headers ?? {})) setHeader(ctx, headers, name, String(value));
  await addDynamicHeaders(ctx, t, headers);
  await addSecureHeaders(ctx, t, headers);
  let body: Buffer | undefined;
  if (t.payload) {
    const text = buildPayloadText(t.payload, ctx.firing.events);
    if (text !== undefined) {
      body = Buffer.from(text);
      if (!headers.has("content-type") && isJson(text)) headers.set("content-type", "application/json");
    }
  } else if (method === "POST" || method === "PUT" || method === "PATCH") {
    ctx.deps.log("warn", "http.payload is not specified: the request body is empty", {
      trigger: ctx.trigger,
    });
  }
  if (body && (method === "GET" || method === "HEAD")) {
    ctx.deps.log("warn", `http: a ${method} request carries no body; payload dropped`, {
      trigger: ctx.trigger,
    });
    body = undefined;
  }
  const host = (t as { host?: unknown }).host;
  if (typeof host === "string" && host !== "") {
    ctx.deps.log("warn", "http.host is not supported by Argosy; the URL's host is sent", {
      trigger: ctx.trigger,
    });
  }
  const timeout = typeof t.timeout === "number" && t.timeout > 0 ? t.timeout : defaultTimeoutSeconds;
  const shown = displayUrl(url);
  const doFetch = ctx.deps.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(url, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      signal: AbortSignal.timeout(timeout * 1000),
    });
    await response.arrayBuffer();
  } catch (cause) {
    const timedOut = cause instanceof Error && cause.name === "TimeoutError";
    const reason = timedOut ? `timed out after ${timeout}s` : describeFailure(cause);
    throw internal(`trigger "${ctx.trigger}": ${method} ${shown} ${reason}`, { cause });
  }
  return { message: `${method} ${shown} answered ${response.status}`, status: response.status };
}

/** The trigger with `parameters` applied to its own fields (Argo applies them to the trigger's JSON). */
function withOwnParameters(ctx: RunContext, spec: HttpTrigger): HttpTrigger {
  if (!spec.parameters?.length) return spec;
  const applied = applyParameters(structuredClone(spec), spec.parameters, ctx.firing.events);
  if (!isRecord(applied)) throw triggerInvalid(ctx, "http.parameters made the trigger a non-object");
  return applied as unknown as HttpTrigger;
}

function parseUrl(ctx: RunContext, raw: unknown): URL {
  if (typeof raw !== "string" || raw === "") throw triggerInvalid(ctx, "http.url is required");
  let url: URL;
  try {
    url = new URL(raw);
  } catch (cause) {
    throw triggerInvalid(ctx, `http.url "${raw}" is not a URL`, cause);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw triggerInvalid(ctx, `http.url "${displayUrl(url)}" must be http or https`);
  }
  return url;
}

/** The URL without user and password, for messages. */
function displayUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  return copy.href;
}

function describeFailure(cause: unknown): string {
  if (!(cause instanceof Error)) return `failed: ${String(cause)}`;
  const inner = cause.cause instanceof Error ? `: ${cause.cause.message}` : "";
  return `failed: ${cause.message}${inner}`;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function setHeader(ctx: RunContext, headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch (cause) {
    throw triggerInvalid(ctx, `http header "${name}": ${(cause as Error).message}`, cause);
  }
}

/** Argo's `dynamicHeaders`: header name in `dest`, value resolved from the events like a parameter. */
async function addDynamicHeaders(ctx: RunContext, t: HttpTrigger, headers: Headers): Promise<void> {
  const dynamic = (t as { dynamicHeaders?: unknown }).dynamicHeaders;
  if (!Array.isArray(dynamic)) return;
  for (const p of dynamic as TriggerParameter[]) {
    if (!isRecord(p) || typeof p.dest !== "string" || p.dest === "") {
      throw triggerInvalid(ctx, "http.dynamicHeaders: each entry needs src and dest");
    }
    const value = resolveParameter(p.src, ctx.firing.events);
    if (value !== undefined) setHeader(ctx, headers, p.dest, value);
  }
}

async function addSecureHeaders(ctx: RunContext, t: HttpTrigger, headers: Headers): Promise<void> {
  for (const secure of t.secureHeaders ?? []) {
    const from = secure.valueFrom ?? {};
    if (!secure.name) throw triggerInvalid(ctx, "http.secureHeaders: each entry needs a name");
    if (from.secretKeyRef) setSecret(ctx, headers, secure.name, await ctx.deps.secret(from.secretKeyRef));
    else if (from.configMapKeyRef)
      setSecret(ctx, headers, secure.name, await configMapValue(ctx, from.configMapKeyRef));
    else
      throw triggerInvalid(ctx, `http.secureHeaders "${secure.name}" needs secretKeyRef or configMapKeyRef`);
  }
  const auth = t.basicAuth;
  if (auth) {
    const user = auth.username ? await ctx.deps.secret(auth.username) : "";
    const password = auth.password ? await ctx.deps.secret(auth.password) : "";
    headers.set("authorization", `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`);
  }
}

/** Sets a header whose value must not appear in any message (Headers' own errors quote it). */
function setSecret(ctx: RunContext, headers: Headers, name: string, value: string): void {
  try {
    headers.set(name, value);
  } catch {
    throw triggerInvalid(
      ctx,
      `http.secureHeaders "${name}": the name or the secret's value is not a valid header`,
    );
  }
}

async function configMapValue(ctx: RunContext, ref: KeySelector): Promise<string> {
  const cm = await ctx.deps.store.get<StoredObject>("ConfigMap", ctx.firing.namespace, ref.name);
  const value = isRecord(cm?.data) ? cm.data[ref.key] : undefined;
  if (typeof value !== "string")
    throw notFound(`key "${ref.key}" of ConfigMap ${ctx.firing.namespace}/${ref.name}`);
  return value;
}
