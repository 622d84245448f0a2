/**
 * A trigger's `rateLimit` (`unit` Second/Minute/Hour, `requestsPerUnit`). Argo paces each trigger
 * with go.uber.org/ratelimit: firings are spaced `unit / requestsPerUnit` apart, the first one is
 * immediate, and after an idle spell up to 10 intervals of unused time may be spent at once (its
 * "slack"), so a burst of 11 firings passes without waiting. This reproduces that pacing over an
 * injected clock.
 */

/** Default slack of go.uber.org/ratelimit, in intervals. */
const slack = 10;

const unitMs: Record<string, number> = { Second: 1000, Minute: 60_000, Hour: 3_600_000 };

export class RateLimiter {
  /** Milliseconds between firings; 0 = unlimited. */
  readonly intervalMs: number;
  /** When the last granted firing was due (ms); undefined before the first. */
  private last: number | undefined;

  /** `requestsPerUnit` missing or ≤ 0 means unlimited; an unknown `unit` counts as Second. */
  constructor(limit: { unit?: string; requestsPerUnit?: number } = {}) {
    const rate = limit.requestsPerUnit ?? 0;
    this.intervalMs = rate > 0 ? (unitMs[limit.unit ?? "Second"] ?? 1000) / rate : 0;
  }

  /**
   * Reserves the next firing and returns how long to wait (ms, ≥ 0) before performing it. Call it
   * once per firing, in order; `now` is the current time in ms.
   */
  delayMs(now: number): number {
    if (this.intervalMs === 0) return 0;
    const per = this.intervalMs;
    let next: number;
    if (this.last === undefined) next = now;
    else if (now - this.last > slack * per + per) next = now - slack * per;
    else next = this.last + per;
    this.last = next;
    return Math.max(0, next - now);
  }
}
