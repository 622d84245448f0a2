/**
 * Subscribes to an SSE stream and hands over the messages in batches, at most once per
 * `intervalMs` (default 200 ms, so ≤ 5 re-renders a second however fast the server sends). The
 * messages stay unparsed until the flush, so a caller that needs only the latest parses one.
 */
import { useEffect, useRef, useState } from "react";
import { openStream } from "../api/stream.js";

export interface StreamState {
  /** The stream is open. */
  live: boolean;
  /** Why it is not (reconnecting, ended). */
  message?: string;
}

export function useEventStream(
  url: string | undefined,
  onFlush: (messages: string[]) => void,
  options: { intervalMs?: number; reconnect?: boolean } = {},
): StreamState {
  const flushRef = useRef(onFlush);
  flushRef.current = onFlush;
  const [state, setState] = useState<StreamState>({ live: false });
  const interval = options.intervalMs ?? 200;
  const reconnect = options.reconnect ?? true;
  useEffect(() => {
    setState({ live: false });
    if (!url) return undefined;
    let buffer: string[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    let last = 0;
    const flush = () => {
      timer = undefined;
      last = Date.now();
      const batch = buffer;
      buffer = [];
      if (batch.length) flushRef.current(batch);
    };
    const close = openStream(
      url,
      {
        onOpen: () => setState({ live: true }),
        onRaw: (data) => {
          buffer.push(data);
          if (timer) return;
          timer = setTimeout(flush, Math.max(0, interval - (Date.now() - last)));
        },
        onError: (message, ended) => {
          if (ended && buffer.length) flush();
          setState({ live: false, message });
        },
      },
      { reconnect },
    );
    return () => {
      close();
      if (timer) clearTimeout(timer);
    };
  }, [url, interval, reconnect]);
  return state;
}
