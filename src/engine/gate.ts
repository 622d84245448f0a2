/**
 * Template `parallelism`: at most `limit` children of a steps/DAG node run at once; the rest wait
 * in order and start as running ones finish (Argo does not create them until then).
 */
export class Gate {
  private active = 0;
  private queue: (() => void)[] = [];
  private head = 0;

  constructor(private readonly limit: number | undefined) {}

  /** Runs `start` now if there is room, else when there is. */
  run(start: () => void): void {
    if (this.limit === undefined || this.limit <= 0 || this.active < this.limit) {
      this.active++;
      start();
    } else this.queue.push(start);
  }

  /** Counts a child that is already running (after a restart). */
  occupy(): void {
    this.active++;
  }

  /** A child finished: start the next waiting ones while there is room. */
  release(): void {
    this.active = Math.max(0, this.active - 1);
    while (this.head < this.queue.length && (this.limit === undefined || this.active < this.limit)) {
      const next = this.queue[this.head++] as () => void;
      this.active++;
      next();
    }
    if (this.head === this.queue.length) {
      this.queue = [];
      this.head = 0;
    }
  }

  /** Drops what has not started (failFast); returns how many were dropped. */
  clear(): number {
    const dropped = this.queue.length - this.head;
    this.queue = [];
    this.head = 0;
    return dropped;
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }
}
