/**
 * The EventSources or Sensors of a namespace, kept current: the list answer first, then the watch
 * stream (which starts by sending every existing object, so after a (re)connect its first batch
 * replaces the map instead of patching it — objects deleted while disconnected go away). With
 * "all namespaces" there is no watch path, so the list is loaded once.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { type EventKind, type EventObject, eventWatchUrl, listEventObjects } from "../../api/events.js";
import { parseMessage } from "../../api/stream.js";
import { useAsync } from "../../components/use-async.js";
import { type StreamState, useEventStream } from "../../components/use-event-stream.js";
import { reportError } from "../../errors.js";
import type { WatchEvent } from "../../types.js";
import { applyWatch, byName } from "./events-model.js";

export interface LiveObjects {
  items: EventObject[];
  loading: boolean;
  stream: StreamState;
}

export function useLiveObjects(kind: EventKind, namespace: string): LiveObjects {
  const list = useAsync(
    (s) => listEventObjects(kind, namespace, s),
    [kind, namespace],
    `Loading ${kind === "sensors" ? "sensors" : "event sources"}`,
  );
  const [watched, setWatched] = useState<{ url: string; map: Map<string, EventObject> }>();
  const url = namespace ? eventWatchUrl(kind, namespace) : undefined;
  const fresh = useRef(true);
  const onFlush = useCallback(
    (messages: string[]) => {
      if (!url) return;
      const events: WatchEvent<EventObject>[] = [];
      for (const m of messages) {
        try {
          events.push(parseMessage<WatchEvent<EventObject>>(m));
        } catch (e) {
          reportError("Watching for changes", e);
        }
      }
      const replace = fresh.current;
      fresh.current = false;
      setWatched((w) => ({ url, map: applyWatch(replace || w?.url !== url ? new Map() : w.map, events) }));
    },
    [url],
  );
  const stream = useEventStream(url, onFlush);
  useEffect(() => {
    if (!stream.live) fresh.current = true;
  }, [stream.live]);
  const map = watched && watched.url === url ? watched.map : undefined;
  const items = [...(map ? map.values() : (list.data?.items ?? []))].sort(byName);
  return { items, loading: list.loading && !map, stream };
}
