/**
 * HTTP to an Argo Server: plain requests with JSON bodies, and long-lived streams. Built on
 * node:http/https rather than fetch so that `--insecure-skip-verify` can turn certificate checks
 * off for one connection without touching the rest of the process.
 */
import http from "node:http";
import https from "node:https";
import { connectionError, errorFromBody } from "./errors.js";

export interface ServerOptions {
  /** `host:port` (a `http://` or `https://` prefix is accepted and wins over `secure`). @default "localhost:2746" */
  server: string;
  /** Use TLS. @default false */
  secure: boolean;
  /** Do not check the server's certificate. @default false */
  insecureSkipVerify?: boolean;
  /** Sent as `Authorization`; a bare token gets a `Bearer ` prefix. */
  token?: string;
  /** Path prefix the server is mounted under (Argo's `--argo-base-href`). */
  baseHref?: string;
  /** Extra request headers. */
  headers?: Record<string, string>;
}

export type Query = Record<string, string | number | boolean | undefined>;

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: AsyncIterable<Buffer>;
}

/** `Bearer xyz` for a bare token; a token that names its scheme (`Bearer …`, `Basic …`) is kept. */
export function authorization(token: string | undefined): string | undefined {
  if (!token) return undefined;
  return /^(Bearer|Basic)\s/i.test(token) ? token : `Bearer ${token}`;
}

export class Transport {
  readonly baseUrl: string;

  constructor(private readonly options: ServerOptions) {
    const server = options.server.replace(/\/+$/, "");
    const origin = /^https?:\/\//.test(server) ? server : `${options.secure ? "https" : "http"}://${server}`;
    const href = (options.baseHref ?? "").replace(/^\/*/, "/").replace(/\/+$/, "");
    this.baseUrl = `${origin}${href === "/" ? "" : href}`;
  }

  url(path: string, query: Query = {}): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== "") params.set(k, String(v));
    const qs = params.toString();
    return `${this.baseUrl}${path}${qs ? `?${qs}` : ""}`;
  }

  /** Sends a request; resolves with the open response (status not checked). */
  send(p: {
    method: string;
    path: string;
    query?: Query;
    body?: unknown;
    accept?: string;
    signal?: AbortSignal;
  }): Promise<RawResponse> {
    const url = this.url(p.path, p.query);
    const payload = p.body === undefined ? undefined : Buffer.from(JSON.stringify(p.body));
    const headers: Record<string, string> = {
      ...this.options.headers,
      Accept: p.accept ?? "application/json",
    };
    const auth = authorization(this.options.token);
    if (auth) headers.Authorization = auth;
    if (payload) {
      headers["Content-Type"] = "application/json";
      headers["Content-Length"] = String(payload.length);
    }
    const isHttps = url.startsWith("https:");
    const requestFn = isHttps ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = requestFn(
        url,
        {
          method: p.method,
          headers,
          ...(p.signal ? { signal: p.signal } : {}),
          ...(isHttps && this.options.insecureSkipVerify ? { rejectUnauthorized: false } : {}),
        },
        (res) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: res }),
      );
      req.on("error", (e) => reject(p.signal?.aborted ? e : connectionError(p.method, url, e)));
      req.end(payload);
    });
  }

  /** A request whose JSON answer is returned; a non-2xx answer throws ApiError. */
  async json<T>(method: string, path: string, p: { query?: Query; body?: unknown } = {}): Promise<T> {
    const res = await this.send({ method, path, ...p });
    const text = await readAll(res.body);
    if (res.status < 200 || res.status > 299) throw errorFromBody(res.status, text);
    return (text.trim() === "" ? {} : JSON.parse(text)) as T;
  }

  /** Opens a stream (`text/event-stream`); a non-2xx answer throws ApiError. */
  async stream(path: string, query: Query, signal?: AbortSignal): Promise<AsyncIterable<Buffer>> {
    const res = await this.send({
      method: "GET",
      path,
      query,
      accept: "text/event-stream",
      ...(signal ? { signal } : {}),
    });
    if (res.status < 200 || res.status > 299) throw errorFromBody(res.status, await readAll(res.body));
    return res.body;
  }
}

export async function readAll(body: AsyncIterable<Buffer>): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of body) parts.push(chunk);
  return Buffer.concat(parts).toString("utf8");
}
