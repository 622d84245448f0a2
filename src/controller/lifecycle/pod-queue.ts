/**
 * The pods of one workflow waiting for their podGC delay, first in first out. One workflow has one
 * delay, so due times only grow along the queue and one timer (for the head) serves all of it,
 * however many thousand pods are waiting.
 */

export interface QueuedPod {
  podName: string;
  /** Epoch ms from which it may be removed. */
  due: number;
  /**
   * The workflow's `finishedAt` when the pod was queued, or "" while it ran. A pod queued at one
   * completion must not be removed after a retry re-ran the workflow: the pod name is reused.
   */
  generation: string;
}

export class PodQueue {
  private items: QueuedPod[] = [];
  private head = 0;

  push(pod: QueuedPod): void {
    this.items.push(pod);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  /** When the next pod is due, or undefined when none waits. */
  nextDue(): number | undefined {
    return this.items[this.head]?.due;
  }

  /** Takes out the pods due at `now`, in order. */
  takeDue(now: number): QueuedPod[] {
    const out: QueuedPod[] = [];
    while (this.head < this.items.length && (this.items[this.head]?.due ?? Infinity) <= now) {
      out.push(this.items[this.head] as QueuedPod);
      this.head++;
    }
    // Drop the consumed prefix now and then, so the array does not grow without bound.
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return out;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}
