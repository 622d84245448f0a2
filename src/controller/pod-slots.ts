/**
 * The machine's pod slots, shared by every workflow the controller runs. Waiting workflows are
 * served in turn (round robin), one pod each, so a workflow with 10,000 queued pods cannot keep a
 * two-step workflow waiting behind all of them.
 */
export class PodSlots {
  private used = 0;
  /** Waiters per owner, and owners in the order they get served. */
  private readonly waiting = new Map<string, Array<() => void>>();
  private ring: string[] = [];
  private next = 0;

  constructor(private readonly capacity: number) {}

  get running(): number {
    return this.used;
  }

  get pending(): number {
    let n = 0;
    for (const q of this.waiting.values()) n += q.length;
    return n;
  }

  /** Resolves when `owner` may start one pod; call `release` when that pod is done. */
  acquire(owner: string): Promise<void> {
    if (this.used < this.capacity && this.waiting.size === 0) {
      this.used++;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const queue = this.waiting.get(owner);
      if (queue) queue.push(resolve);
      else {
        this.waiting.set(owner, [resolve]);
        this.ring.push(owner);
      }
      this.grant();
    });
  }

  release(): void {
    this.used = Math.max(0, this.used - 1);
    this.grant();
  }

  /** Drops an owner's waiters (its workflow was deleted); they never resolve. */
  forget(owner: string): void {
    if (!this.waiting.delete(owner)) return;
    this.ring = this.ring.filter((o) => o !== owner);
    this.next = 0;
  }

  private grant(): void {
    while (this.used < this.capacity && this.ring.length > 0) {
      if (this.next >= this.ring.length) this.next = 0;
      const owner = this.ring[this.next] as string;
      const queue = this.waiting.get(owner) as Array<() => void>;
      const resolve = queue.shift() as () => void;
      if (queue.length === 0) {
        this.waiting.delete(owner);
        this.ring.splice(this.next, 1);
      } else this.next++;
      this.used++;
      resolve();
    }
  }
}
