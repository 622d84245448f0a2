/**
 * Work for one CronWorkflow runs one task at a time, in order (Argo's per-key lock), so a timer
 * firing, a spec edit and a child finishing never interleave on the same status. Tasks with a tag
 * coalesce: while a task with that tag waits to start, adding it again is a no-op, so a burst of
 * child updates costs one sync. A task that throws is reported and the queue goes on.
 */
export class KeyedQueue {
  private readonly tails = new Map<string, Promise<void>>();
  private readonly waiting = new Set<string>();
  private inflight = 0;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly onError: (key: string, error: unknown) => void) {}

  /** Queues `task` behind the key's earlier tasks; with a `tag`, only once while it waits. */
  add(key: string, tag: string | undefined, task: () => Promise<void>): void {
    const waitKey = tag === undefined ? undefined : `${key}\u0000${tag}`;
    if (waitKey !== undefined) {
      if (this.waiting.has(waitKey)) return;
      this.waiting.add(waitKey);
    }
    this.inflight++;
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next: Promise<void> = previous
      .then(async () => {
        if (waitKey !== undefined) this.waiting.delete(waitKey);
        await task();
      })
      .catch((e: unknown) => this.onError(key, e))
      .finally(() => {
        if (this.tails.get(key) === next) this.tails.delete(key);
        this.inflight--;
        if (this.inflight === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const resolve of waiters) resolve();
        }
      });
    this.tails.set(key, next);
  }

  /** Resolves when no task is queued or running (tasks added meanwhile are waited for too). */
  idle(): Promise<void> {
    if (this.inflight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
