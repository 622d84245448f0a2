/**
 * Decoding Argo Server's streams, which arrive in arbitrary chunks: server-sent events
 * (`data: {"result": …}` lines, separated by blank lines, with `:` comments as heartbeats) and
 * newline-delimited JSON (`{"result": …}` per line), the two forms grpc-gateway produces. Each
 * message yields its `result`; an `{"error": …}` message becomes an ApiError. Bytes are decoded
 * as a stream, so a UTF-8 character split across chunks survives.
 */
import { errorFromBody } from "./errors.js";

export class StreamDecoder {
  private readonly text = new TextDecoder("utf-8");
  private buffer = "";
  /** Data lines of an SSE event that did not parse alone (a payload split over several lines). */
  private pending: string[] = [];

  /** Feeds a chunk; returns the messages it completed. Throws ApiError on an error message. */
  push(chunk: Uint8Array | string): unknown[] {
    this.buffer += typeof chunk === "string" ? chunk : this.text.decode(chunk, { stream: true });
    const out: unknown[] = [];
    let nl = this.buffer.indexOf("\n");
    while (nl >= 0) {
      const line = this.buffer.slice(0, nl).replace(/\r$/, "");
      this.buffer = this.buffer.slice(nl + 1);
      this.line(line, out);
      nl = this.buffer.indexOf("\n");
    }
    return out;
  }

  /** Ends the stream: a last line without its newline still counts. */
  end(): unknown[] {
    const out: unknown[] = [];
    const rest = this.buffer + this.text.decode();
    this.buffer = "";
    if (rest.trim() !== "") this.line(rest.replace(/\r$/, ""), out);
    this.flushPending(out);
    return out;
  }

  private line(line: string, out: unknown[]): void {
    if (line.trim() === "") {
      this.flushPending(out);
      return;
    }
    if (line.startsWith("data:")) {
      const data = line.slice(line.startsWith("data: ") ? 6 : 5);
      if (this.pending.length === 0 && this.emit(data, out)) return;
      this.pending.push(data);
      return;
    }
    // `event:`, `id:`, `retry:` and `:` comments carry nothing for us.
    if (/^(event|id|retry)?:/.test(line)) return;
    this.emit(line, out, true);
  }

  private flushPending(out: unknown[]): void {
    if (this.pending.length === 0) return;
    const data = this.pending.join("\n");
    this.pending = [];
    this.emit(data, out, true);
  }

  /** Parses one message; returns false when it is not JSON (unless `strict`, which throws). */
  private emit(data: string, out: unknown[], strict = false): boolean {
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch (e) {
      if (strict) throw new Error(`unreadable message from the server: ${data.slice(0, 200)}`, { cause: e });
      return false;
    }
    if (message && typeof message === "object") {
      const m = message as { result?: unknown; error?: unknown };
      if (m.error !== undefined && m.result === undefined) {
        const status = (m.error as { http_code?: number }).http_code ?? 500;
        throw errorFromBody(status, JSON.stringify(m));
      }
      out.push(m.result !== undefined ? m.result : message);
      return true;
    }
    out.push(message);
    return true;
  }
}

/** Decodes a whole byte stream into its messages, as they complete. */
export async function* decodeStream(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<unknown> {
  const decoder = new StreamDecoder();
  for await (const chunk of chunks) yield* decoder.push(chunk);
  yield* decoder.end();
}
