/**
 * Server-sent event streams of the Argo Server (`data: {"result": …}` per message, or
 * `{"error": {…}}` in-band once the headers went out). EventSource reconnects on its own after a
 * dropped connection; `reconnect: false` closes instead (a finished log stream must not replay).
 * `raw` hands over the unparsed text so callers can skip parsing messages they will never show.
 */

export interface StreamHandlers {
  /** The `data` text of each message (still JSON). */
  onRaw: (data: string) => void;
  /** The stream failed or ended; `ended` is true when it will not reconnect. */
  onError?: (message: string, ended: boolean) => void;
  onOpen?: () => void;
}

export interface StreamOptions {
  /** Reconnect after an error (the browser's default); false closes the stream instead. */
  reconnect: boolean;
}

/** Opens a stream; the returned function closes it. */
export function openStream(url: string, handlers: StreamHandlers, options: StreamOptions): () => void {
  const source = new EventSource(url);
  source.onopen = () => handlers.onOpen?.();
  source.onmessage = (e: MessageEvent<string>) => handlers.onRaw(e.data);
  source.onerror = () => {
    if (!options.reconnect || source.readyState === EventSource.CLOSED) {
      source.close();
      handlers.onError?.("the stream ended", true);
    } else handlers.onError?.("connection lost, reconnecting…", false);
  };
  return () => source.close();
}

/** Parses one message: the result, or throws the in-band error's message. */
export function parseMessage<T>(data: string): T {
  const msg = JSON.parse(data) as { result?: T; error?: { message?: string } };
  if (msg.error) throw new Error(msg.error.message ?? "stream error");
  return msg.result as T;
}
