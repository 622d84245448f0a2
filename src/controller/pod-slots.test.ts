import { describe, expect, it } from "vitest";
import { PodSlots } from "./pod-slots.js";

describe("PodSlots", () => {
  it("never grants more than its capacity, and serves waiting owners in turn", async () => {
    const slots = new PodSlots(2);
    const order: string[] = [];
    const take = (owner: string) => slots.acquire(owner).then(() => order.push(owner));
    // "big" queues many pods before "small" asks for one.
    const all = [...Array.from({ length: 6 }, () => take("big")), take("small")];
    await Promise.resolve();
    expect(slots.running).toBe(2);
    expect(slots.pending).toBe(5);
    for (let i = 0; i < 5; i++) {
      slots.release();
      await Promise.resolve();
      expect(slots.running).toBe(2);
    }
    await Promise.all(all);
    // Without turns "small" would come last; served in turn, it comes right after the first release.
    expect(order.indexOf("small")).toBe(3);
    expect(slots.pending).toBe(0);
  });

  it("drops a forgotten owner's waiters", async () => {
    const slots = new PodSlots(1);
    await slots.acquire("a");
    let granted = false;
    void slots.acquire("b").then(() => {
      granted = true;
    });
    slots.forget("b");
    slots.release();
    await Promise.resolve();
    expect(granted).toBe(false);
    expect(slots.running).toBe(0);
  });
});
