/**
 * One shared clock for durations of running things: a single interval no matter how many cells
 * tick, and only the components that read it re-render (never a whole 10,000-node page).
 */
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  if (!timer) {
    timer = setInterval(() => {
      now = Date.now();
      for (const x of listeners) x();
    }, 1000);
  }
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, updated every second while `live`; a fixed value otherwise. */
export function useNow(live = true): number {
  return useSyncExternalStore(live ? subscribe : noSubscribe, () => (live ? now : frozen));
}

const frozen = Date.now();
const noSubscribe = () => () => {};
