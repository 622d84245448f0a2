/**
 * One workflow, loaded and then kept current by the watch stream narrowed to its name. The
 * stream's messages are parsed only at flush time and only the newest (the server coalesces
 * bursts; the stream hook flushes at most 5 times a second), so a 10,000-node workflow costs one
 * parse and one render per flush, not one per change.
 */
import { useCallback, useEffect, useState } from "react";
import { parseMessage } from "../../api/stream.js";
import { getWorkflow, watchUrl } from "../../api/workflows.js";
import { useAsync } from "../../components/use-async.js";
import { type StreamState, useEventStream } from "../../components/use-event-stream.js";
import type { WatchEvent, Workflow } from "../../types.js";

export interface LiveWorkflow {
  workflow: Workflow | undefined;
  error: unknown;
  loading: boolean;
  deleted: boolean;
  stream: StreamState;
  /** Use an object an action answered with, until the stream catches up. */
  replace: (wf: Workflow) => void;
}

export function useLiveWorkflow(namespace: string, name: string): LiveWorkflow {
  const loaded = useAsync(
    (signal) => getWorkflow(namespace, name, signal),
    [namespace, name],
    `Loading ${name}`,
  );
  const [workflow, setWorkflow] = useState<Workflow>();
  const [deleted, setDeleted] = useState(false);
  useEffect(() => {
    setWorkflow(loaded.data);
    setDeleted(false);
  }, [loaded.data]);

  const onFlush = useCallback((messages: string[]) => {
    for (let i = messages.length - 1; i >= 0; i--) {
      try {
        const e = parseMessage<WatchEvent>(messages[i] as string);
        if (e.type === "DELETED") setDeleted(true);
        else setWorkflow(e.object);
        return;
      } catch {
        // an in-band error message: look at the one before
      }
    }
  }, []);
  // A finished workflow stays watched: it can be retried or deleted from elsewhere.
  const url = loaded.data ? watchUrl(namespace, { name }) : undefined;
  const stream = useEventStream(url, onFlush);
  return {
    workflow,
    error: loaded.error,
    loading: loaded.loading,
    deleted,
    stream,
    replace: setWorkflow,
  };
}
