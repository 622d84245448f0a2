/**
 * HTTP(S) artifacts: GET for inputs, PUT for outputs, DELETE for garbage collection. Bodies are
 * streamed; credentials (basic auth, secret headers, URL user info) never reach error messages.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { rm, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import { ArgosyError, invalid, notFound } from "../util/errors.js";
import { replaceWith, stagingPath } from "./fs-util.js";
import type { ArtifactDriver, ArtifactLocation, HttpLocation, ResolveSecret } from "./types.js";

/** Options for {@link HttpDriver}. */
export interface HttpDriverOptions {
  resolveSecret: ResolveSecret;
}

/** The URL with any `user:password@` removed, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = "";
    u.password = "";
    return u.toString();
  } catch {
    return "<invalid url>";
  }
}

function httpOf(location: ArtifactLocation): HttpLocation {
  if (!location.http?.url) throw invalid("the HTTP artifact driver needs an `http.url`");
  return location.http;
}

/** A driver for `http` locations, using Node's built-in `fetch`. */
export class HttpDriver implements ArtifactDriver {
  constructor(private readonly options: HttpDriverOptions) {}

  private async headers(h: HttpLocation): Promise<Headers> {
    const headers = new Headers();
    for (const header of h.headers ?? []) {
      const ref = header.valueFrom?.secretKeyRef;
      headers.append(header.name, ref ? await this.options.resolveSecret(ref) : (header.value ?? ""));
    }
    const basic = h.auth?.basicAuth;
    if (basic?.usernameSecret || basic?.passwordSecret) {
      const user = basic.usernameSecret ? await this.options.resolveSecret(basic.usernameSecret) : "";
      const pass = basic.passwordSecret ? await this.options.resolveSecret(basic.passwordSecret) : "";
      headers.set("Authorization", `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`);
    }
    return headers;
  }

  private async request(h: HttpLocation, init: RequestInit, what: string): Promise<Response> {
    const headers = await this.headers(h);
    let url = h.url;
    try {
      // fetch refuses URLs with user info; send it as basic auth instead, as curl and git do.
      const u = new URL(h.url);
      if (u.username || u.password) {
        const userInfo = `${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`;
        if (!headers.has("Authorization")) {
          headers.set("Authorization", `Basic ${Buffer.from(userInfo).toString("base64")}`);
        }
        url = redactUrl(h.url);
      }
    } catch {
      throw invalid(`${what} ${redactUrl(h.url)}: invalid URL`);
    }
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers });
    } catch (e) {
      const reason = (e as Error).message.split(h.url).join(redactUrl(h.url));
      throw new ArgosyError("Internal", `${what} ${redactUrl(h.url)} failed: ${reason}`, { cause: e });
    }
    if (res.ok) return res;
    await res.body?.cancel();
    const reason = `${res.status} ${res.statusText}`.trim();
    if (res.status === 404) throw notFound(`${redactUrl(h.url)} (${reason})`);
    throw new ArgosyError("Internal", `${what} ${redactUrl(h.url)} failed with status ${reason}`);
  }

  async load(location: ArtifactLocation, destPath: string): Promise<void> {
    const h = httpOf(location);
    const res = await this.request(h, { method: "GET" }, "loading");
    const staged = await stagingPath(destPath);
    try {
      const body = res.body
        ? Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>)
        : Readable.from([]);
      await pipeline(body, createWriteStream(staged));
      await replaceWith(staged, destPath);
    } catch (e) {
      await rm(staged, { force: true });
      throw e;
    }
  }

  async save(srcPath: string, location: ArtifactLocation): Promise<void> {
    const h = httpOf(location);
    await stat(srcPath);
    const body = Readable.toWeb(createReadStream(srcPath)) as unknown as ReadableStream<Uint8Array>;
    const res = await this.request(h, { method: "PUT", body, duplex: "half" } as RequestInit, "saving to");
    await res.body?.cancel();
  }

  async delete(location: ArtifactLocation): Promise<void> {
    const h = httpOf(location);
    try {
      const res = await this.request(h, { method: "DELETE" }, "deleting");
      await res.body?.cancel();
    } catch (e) {
      if (!(e instanceof ArgosyError && e.code === "NotFound")) throw e;
    }
  }
}
