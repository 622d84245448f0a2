/** A page of the workflow list, kept current by the namespace's watch stream. */
import { useCallback, useEffect, useRef, useState } from "react";
import { parseMessage } from "../../api/stream.js";
import { listWorkflows, watchUrl } from "../../api/workflows.js";
import { useAsync } from "../../components/use-async.js";
import { type StreamState, useEventStream } from "../../components/use-event-stream.js";
import type { WatchEvent, Workflow } from "../../types.js";
import { applyEvents, type ListFilters, labelSelectorOf, listOptionsOf } from "./list-model.js";

export interface WorkflowListState {
  items: Workflow[];
  loading: boolean;
  error: unknown;
  nextToken: string | undefined;
  stream: StreamState;
  reload: () => void;
}

export function useWorkflowList(
  namespace: string,
  filters: ListFilters,
  limit: number,
  continueToken: string | undefined,
): WorkflowListState {
  const filterKey = JSON.stringify(filters);
  const page = useAsync(
    (signal) => listWorkflows(listOptionsOf(namespace, filters, limit, continueToken), signal),
    [namespace, filterKey, limit, continueToken],
    "Loading workflows",
  );
  const [items, setItems] = useState<Workflow[]>([]);
  useEffect(() => {
    setItems(page.data?.items ?? []);
  }, [page.data]);

  const context = useRef({ firstPage: !continueToken, limit, filters });
  context.current = { firstPage: !continueToken, limit, filters };
  const onFlush = useCallback((messages: string[]) => {
    const events: WatchEvent[] = [];
    for (const m of messages) {
      try {
        events.push(parseMessage<WatchEvent>(m));
      } catch {
        // an in-band error: the stream reconnects and resends everything
      }
    }
    setItems((current) => applyEvents(current, events, context.current));
  }, []);
  // The watch starts once the page is loaded, so its initial burst applies to that page.
  const url = page.loading
    ? undefined
    : watchUrl(namespace, { labelSelector: labelSelectorOf(filters), withoutNodes: true });
  const stream = useEventStream(url, onFlush);
  return {
    items,
    loading: page.loading,
    error: page.error,
    nextToken: page.data?.metadata?.continue,
    stream,
    reload: page.reload,
  };
}
