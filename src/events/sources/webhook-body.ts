/**
 * The `body` of a webhook event, read as Argo reads it: a GET's query string as `{name: [values]}`,
 * a form POST (`Content-Type` exactly `application/x-www-form-urlencoded`) as its fields, any other
 * POST as JSON (whatever its content type says: Argo requires JSON there), and any other method
 * refused. Failures carry the status and text Argo replies with — including the places where
 * Argo writes its message twice, because its handler reports the error and then its caller
 * reports it again on the same response.
 */
import type { IncomingMessage } from "node:http";
import { parseGoQuery, readLimited } from "./webhook-http.js";
import { goJsonSyntaxError } from "./webhook-json.js";

/** Argo's default `maxPayloadSize` (1 MiB). */
export const defaultMaxPayloadSize = 1048576;

/** Go's `maxFormSize` for `ParseForm` (Argo puts no payload limit on form bodies). */
const maxFormSize = 10 << 20;

export type BodyResult =
  | { ok: true; body: unknown }
  | { ok: false; status: number; text: string; close?: boolean; log: string };

const failed = (status: number, text: string, log: string, close?: boolean): BodyResult => ({
  ok: false,
  status,
  text,
  log,
  ...(close ? { close } : {}),
});

export interface ReadBodyOptions {
  req: IncomingMessage;
  /** The request method (already checked against the event's `method`). */
  method: string;
  /** The first `Content-Type` value, or "". */
  contentType: string;
  rawQuery: string;
  maxPayloadSize: number;
}

async function readForm(req: IncomingMessage, rawQuery: string): Promise<BodyResult> {
  const read = await readLimited(req, maxFormSize);
  let error: string | undefined;
  let body: unknown;
  if (read.kind === "tooLarge") error = "http: POST too large";
  else {
    // Go parses bytes; a Latin-1 string keeps one character per byte for the decoder.
    const form = parseGoQuery(read.bytes.toString("latin1"));
    error = form.error;
    body = form.values;
  }
  // ParseForm also parses the URL's query and reports its error when the body had none.
  error ??= parseGoQuery(rawQuery).error;
  if (error !== undefined) return failed(500, error + error, `failed to parse form data: ${error}`);
  return { ok: true, body };
}

async function readJson(req: IncomingMessage, maxPayloadSize: number): Promise<BodyResult> {
  const read = await readLimited(req, Math.max(0, maxPayloadSize));
  if (read.kind === "tooLarge") {
    const message = "failed to parse request body, http: request body too large";
    return failed(400, message + message, message, true);
  }
  const syntax = goJsonSyntaxError(read.bytes);
  if (syntax !== undefined) {
    const message = `json: error calling MarshalJSON for type *json.RawMessage: ${syntax}`;
    return failed(400, message, `failed to construct the event payload: ${message}`);
  }
  return { ok: true, body: JSON.parse(read.bytes.toString("utf8")) };
}

/** Reads the request's body as Argo's webhook does, or says how Argo would refuse it. */
export function readWebhookBody(options: ReadBodyOptions): Promise<BodyResult> {
  const { req, method, contentType, rawQuery, maxPayloadSize } = options;
  if (method === "GET") return Promise.resolve({ ok: true, body: parseGoQuery(rawQuery).values });
  if (method === "POST") {
    return contentType === "application/x-www-form-urlencoded"
      ? readForm(req, rawQuery)
      : readJson(req, maxPayloadSize);
  }
  // Argo's text, typo included.
  const message = `unsupoorted method: ${method}`;
  return Promise.resolve(failed(400, message, `failed to get body: ${message}`));
}
