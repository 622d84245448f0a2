/**
 * The small pieces of Go's `net/http` and `net/url` behaviour a webhook's `data` and replies depend
 * on: header names canonicalised and grouped as Go's `http.Header`, `url.ParseQuery` (with its
 * errors), percent-decoding, gorilla/mux's path cleaning, and bodies read under a byte limit.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";

/** A Go `map[string][]string` (`http.Header`, `url.Values`), keys sorted as `json.Marshal` writes them. */
export type GoValues = Record<string, string[]>;

const utf8 = new TextDecoder("utf-8");

/** Node reads header bytes as Latin-1; Go's JSON writes them as UTF-8 (invalid bytes become U+FFFD). */
const headerText = (latin1: string): string => utf8.decode(Buffer.from(latin1, "latin1"));

/** `textproto.CanonicalMIMEHeaderKey`: `content-type` → `Content-Type`. */
export function canonicalHeaderKey(name: string): string {
  if (!/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) return name;
  let upper = true;
  let out = "";
  for (const ch of name) {
    out += upper ? ch.toUpperCase() : ch.toLowerCase();
    upper = ch === "-";
  }
  return out;
}

function sortedValues(values: Map<string, string[]>): GoValues {
  const out: GoValues = {};
  for (const key of [...values.keys()].sort()) out[key] = values.get(key) ?? [];
  return out;
}

/**
 * The request's headers as Go's server hands them to a handler: canonical names, repeated headers
 * as several values in arrival order, `Host` and `Transfer-Encoding` taken out, and
 * `Pragma: no-cache` implying `Cache-Control: no-cache`.
 */
export function goRequestHeader(rawHeaders: readonly string[]): Map<string, string[]> {
  const header = new Map<string, string[]>();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const key = canonicalHeaderKey(rawHeaders[i] ?? "");
    if (key === "Host" || key === "Transfer-Encoding") continue;
    const list = header.get(key) ?? [];
    list.push(headerText(rawHeaders[i + 1] ?? ""));
    header.set(key, list);
  }
  if (header.get("Pragma")?.[0] === "no-cache" && !header.has("Cache-Control")) {
    header.set("Cache-Control", ["no-cache"]);
  }
  return header;
}

export const headerToJson = (header: Map<string, string[]>): GoValues => sortedValues(header);

const isHexByte = (c: string | undefined): boolean => c !== undefined && /^[0-9A-Fa-f]$/.test(c);

/** Go's `url.EscapeError` text. */
const escapeError = (bad: string): string => `invalid URL escape ${JSON.stringify(bad)}`;

/**
 * Go's `url.QueryUnescape` (`mode: "query"`, `+` is a space) or `url.PathUnescape`. Throws an
 * `Error` with Go's message on a malformed escape.
 */
export function goUnescape(s: string, mode: "query" | "path"): string {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; ) {
    const ch = s[i] ?? "";
    if (ch === "%") {
      if (i + 2 >= s.length || !isHexByte(s[i + 1]) || !isHexByte(s[i + 2])) {
        throw new Error(escapeError(s.slice(i, i + 3)));
      }
      bytes.push(Number.parseInt(s.slice(i + 1, i + 3), 16));
      i += 3;
    } else if (ch === "+" && mode === "query") {
      bytes.push(0x20);
      i++;
    } else {
      for (const b of Buffer.from(ch, "latin1")) bytes.push(b);
      i++;
    }
  }
  return utf8.decode(Uint8Array.from(bytes));
}

/** Go's `url.ParseQuery`: every good pair is kept; `error` is the first problem, if any. */
export function parseGoQuery(query: string): { values: GoValues; error: string | undefined } {
  const values = new Map<string, string[]>();
  let error: string | undefined;
  for (const pair of query === "" ? [] : query.split("&")) {
    if (pair.includes(";")) {
      error ??= "invalid semicolon separator in query";
      continue;
    }
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    try {
      const key = goUnescape(eq < 0 ? pair : pair.slice(0, eq), "query");
      const value = goUnescape(eq < 0 ? "" : pair.slice(eq + 1), "query");
      const list = values.get(key) ?? [];
      list.push(value);
      values.set(key, list);
    } catch (e) {
      error ??= (e as Error).message;
    }
  }
  return { values: sortedValues(values), error };
}

/** The request target split as Go's server does: the path (still escaped) and the raw query. */
export function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  let target = url;
  const absolute = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?]*/.exec(target);
  if (absolute) target = target.slice(absolute[0].length) || "/";
  const q = target.indexOf("?");
  return q < 0
    ? { rawPath: target, rawQuery: "" }
    : { rawPath: target.slice(0, q), rawQuery: target.slice(q + 1) };
}

/** Go's `path.Clean`. */
function cleanSlashes(p: string): string {
  const rooted = p.startsWith("/");
  const out: string[] = [];
  for (const part of p.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length > 0 && out[out.length - 1] !== "..") out.pop();
      else if (!rooted) out.push("..");
      continue;
    }
    out.push(part);
  }
  const joined = out.join("/");
  if (rooted) return `/${joined}`;
  return joined === "" ? "." : joined;
}

/** gorilla/mux's `cleanPath`: `path.Clean`, rooted, keeping a trailing slash. */
export function muxCleanPath(p: string): string {
  if (p === "") return "/";
  const rooted = p.startsWith("/") ? p : `/${p}`;
  let clean = cleanSlashes(rooted);
  if (rooted.endsWith("/") && clean !== "/") clean += "/";
  return clean;
}

/** Go's path escaping (`url.URL.EscapedPath` for a path with no raw form). */
export function escapeGoPath(p: string): string {
  let out = "";
  for (const b of Buffer.from(p, "utf8")) {
    const ch = String.fromCharCode(b);
    out += /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(ch) ? ch : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

export type LimitedBody = { kind: "body"; bytes: Buffer } | { kind: "tooLarge" };

/**
 * Reads the body, giving up as soon as it exceeds `limit` bytes (as `http.MaxBytesReader` and
 * `io.LimitReader` do); what is left of it is drained and dropped.
 */
export function readLimited(req: IncomingMessage, limit: number): Promise<LimitedBody> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      req.resume();
      resolve({ kind: "tooLarge" });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        req.off("end", onEnd);
        req.resume();
        resolve({ kind: "tooLarge" });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => resolve({ kind: "body", bytes: Buffer.concat(chunks, size) });
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", reject);
  });
}

/**
 * Writes a reply as Go's `WriteHeader` + `Write` of a short text does (the content type is what
 * Go's sniffing finds for plain text). `close` asks for the connection to be closed after it.
 */
export function sendText(res: ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.statusCode = status;
  res.setHeader("Content-Type", "text/plain; charset=utf-8");
  if (close) res.setHeader("Connection", "close");
  res.end(text);
}

/** Compares two secrets in time independent of where they differ (and of their lengths). */
export function sameSecret(given: string, expected: string): boolean {
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}
