/**
 * Loading something once per set of inputs: `{data, error, loading, reload}`. The request is
 * aborted when the inputs change or the page goes, so a slow answer never overwrites a newer one.
 */
import { type DependencyList, useCallback, useEffect, useState } from "react";
import { isAbort } from "../api/client.js";
import { reportError } from "../errors.js";

export interface AsyncState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload: () => void;
  /** Replace the data (after an action answered the new object). */
  set: (data: T) => void;
}

/** `context` (e.g. "Loading workflows") also puts a failure in the page's error banner. */
export function useAsync<T>(
  load: (signal: AbortSignal) => Promise<T>,
  deps: DependencyList,
  context?: string,
): AsyncState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load
  useEffect(() => {
    const ctl = new AbortController();
    setLoading(true);
    load(ctl.signal).then(
      (d) => {
        if (ctl.signal.aborted) return;
        setData(d);
        setError(undefined);
        setLoading(false);
      },
      (e) => {
        if (ctl.signal.aborted || isAbort(e)) return;
        setError(e);
        setLoading(false);
        if (context) reportError(context, e);
      },
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { data, error, loading, reload, set: setData };
}
