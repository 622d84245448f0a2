/**
 * The time the lifecycle controller runs on, injected so tests drive it with a fake clock. TTLs
 * can be weeks long, past what one `setTimeout` can wait (~24.8 days), so `at` re-arms long waits.
 */

/** Time and timers. `now` is epoch milliseconds. */
export interface LifecycleClock {
  now: () => number;
  setTimer: (fn: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

/** Node's clock. Timers are unref'd: pending TTLs alone must not keep a process alive. */
export const systemClock: LifecycleClock = {
  now: () => Date.now(),
  setTimer: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** The longest delay `setTimeout` honours; longer ones fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/** Calls `fn` once the clock reaches `when` (epoch ms; now when it has passed). Returns the cancel. */
export function at(clock: LifecycleClock, when: number, fn: () => void): () => void {
  let handle: unknown;
  const arm = (): void => {
    const delay = when - clock.now();
    handle =
      delay > MAX_TIMER_MS ? clock.setTimer(arm, MAX_TIMER_MS) : clock.setTimer(fn, Math.max(0, delay));
  };
  arm();
  return () => clock.clearTimer(handle);
}
