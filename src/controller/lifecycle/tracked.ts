/** What the lifecycle controller remembers about one workflow between reads, and its timers. */
import { PodQueue } from "./pod-queue.js";

export interface Tracked {
  namespace: string;
  name: string;
  /** Epoch ms of the last read (coalescing). */
  lastCheck: number;
  /** The workflow's work, in order. */
  chain: Promise<void>;
  /** The `finishedAt` whose completion was handled; undefined while it runs. */
  handled: string | undefined;
  /** Node ids already judged by pod GC (queued, or kept for good). */
  collected: Set<string>;
  pods: PodQueue;
  cancelCheck: (() => void) | undefined;
  cancelPods: (() => void) | undefined;
  cancelTtl: (() => void) | undefined;
  /** A podGC problem was logged already. */
  warned: boolean;
  /** Deleted (or the controller stopped): no new timers. */
  forgotten: boolean;
  /** Drops what the last completion queued (pods, TTL), after a retry. */
  reset(): void;
  /** Cancels every timer and marks it forgotten. */
  cancelAll(): void;
}

export function newTracked(namespace: string, name: string): Tracked {
  const t: Tracked = {
    namespace,
    name,
    lastCheck: Number.NEGATIVE_INFINITY,
    chain: Promise.resolve(),
    handled: undefined,
    collected: new Set(),
    pods: new PodQueue(),
    cancelCheck: undefined,
    cancelPods: undefined,
    cancelTtl: undefined,
    warned: false,
    forgotten: false,
    reset() {
      t.handled = undefined;
      t.collected.clear();
      t.pods.clear();
      t.cancelPods?.();
      t.cancelPods = undefined;
      t.cancelTtl?.();
      t.cancelTtl = undefined;
    },
    cancelAll() {
      t.reset();
      t.cancelCheck?.();
      t.cancelCheck = undefined;
      t.forgotten = true;
    },
  };
  return t;
}
