/**
 * A sleep that can be cut short: a consumer waits for new events with `wait(pollMs)` and a publish
 * (or `close`) calls `wake()`. A wake that comes while the consumer is busy is remembered, so an
 * event published between "read found nothing" and "start waiting" is not missed until the poll.
 */
export class Wakeup {
  private signalled = false;
  private release: (() => void) | undefined;

  /** Ends the current wait, or the next one if nobody waits now. */
  wake(): void {
    this.signalled = true;
    this.release?.();
  }

  /** Forgets wakes so far; call before looking for work, so a wake during the look still counts. */
  reset(): void {
    this.signalled = false;
  }

  /** Resolves after `ms`, or at once when woken since the last `reset`; true when woken. */
  wait(ms: number): Promise<boolean> {
    if (this.signalled) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), ms);
      // The bus must not keep a process alive by itself; whoever owns it holds the process.
      timer.unref?.();
      const finish = (woken: boolean) => {
        clearTimeout(timer);
        if (this.release === release) this.release = undefined;
        resolve(woken);
      };
      const release = () => finish(true);
      this.release = release;
    });
  }
}
