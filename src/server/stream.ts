/**
 * Argo's streaming responses (workflow watch, logs). Each message is `{"result": …}`; a client that
 * sends `Accept: text/event-stream` gets Server-Sent Events (`data: {"result":…}` and a blank line,
 * with a `:` comment line as a keepalive when nothing else was written for a while), any other
 * client newline-delimited JSON, as grpc-gateway and Argo's stream forwarder frame them. The `fields=`
 * filter applies to the whole message (`fields=result.object.metadata.name`).
 *
 * Writes are awaited one after another, so a slow client slows its producer instead of growing a
 * buffer; when the client goes away, `closed` turns true and the close listeners run once.
 */
import type { Context } from "hono";
import { stream } from "hono/streaming";
import { httpStatusFor, toStatus } from "./errors.js";
import { FieldFilter } from "./fields.js";

export interface MessageStream {
  /** Sends one `{"result": value}` message (filtered by `fields=`). Resolves when written. */
  send(result: unknown): Promise<void>;
  /** True once the client has gone or the stream was ended. */
  readonly closed: boolean;
  /** Runs `fn` once when the stream closes for any reason. */
  onClose(fn: () => void): void;
  /** The request's `fields=` filter (streams use paths from the message root: `result.object.…`). */
  readonly fields: FieldFilter;
}

export const isEventStream = (c: Context): boolean =>
  (c.req.header("accept") ?? "").split(",").some((t) => t.trim().startsWith("text/event-stream"));

/** Opens a streaming response and runs `produce` until it returns or the client goes. */
export function openMessageStream(
  c: Context,
  options: { heartbeatMs: number },
  produce: (out: MessageStream) => Promise<void>,
): Response {
  const sse = isEventStream(c);
  c.header("Content-Type", sse ? "text/event-stream" : "application/json");
  c.header("Cache-Control", "no-cache");
  c.header("X-Content-Type-Options", "nosniff");
  const fields = new FieldFilter(c.req.query("fields"));
  return stream(c, async (s) => {
    let closed = false;
    const listeners: (() => void)[] = [];
    let lastWrite = Date.now();
    let chain: Promise<unknown> = Promise.resolve();
    const close = () => {
      if (closed) return;
      closed = true;
      for (const fn of listeners.splice(0)) {
        try {
          fn();
        } catch {
          // a listener's failure must not keep the others from running
        }
      }
    };
    const write = (text: string): Promise<void> => {
      const next = chain.then(async () => {
        if (closed) return;
        lastWrite = Date.now();
        await s.write(text);
      });
      chain = next.catch(close);
      return chain as Promise<void>;
    };
    s.onAbort(close);
    c.req.raw.signal?.addEventListener("abort", close, { once: true });
    const heartbeat = sse
      ? setInterval(
          () => {
            if (Date.now() - lastWrite >= options.heartbeatMs) void write(":\n");
          },
          Math.max(10, Math.floor(options.heartbeatMs / 2)),
        )
      : undefined;
    heartbeat?.unref();
    const out: MessageStream = {
      send: (result) => {
        const json = JSON.stringify(fields.apply({ result }));
        return write(sse ? `data: ${json}\n\n` : `${json}\n`);
      },
      get closed() {
        return closed;
      },
      onClose: (fn) => {
        if (closed) fn();
        else listeners.push(fn);
      },
      fields,
    };
    try {
      await produce(out);
      await chain;
    } catch (e) {
      // Headers are gone already: report the failure in-band, as grpc-gateway's stream errors are.
      const status = toStatus(e);
      const error = {
        grpc_code: status.code,
        http_code: httpStatusFor(status.code),
        message: status.message,
        http_status: "",
      };
      const json = JSON.stringify({ error });
      await write(sse ? `data: ${json}\n\n` : `${json}\n`);
      await chain;
    } finally {
      if (heartbeat) clearInterval(heartbeat);
      close();
    }
  });
}
