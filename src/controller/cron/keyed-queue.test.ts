import { describe, expect, it } from "vitest";
import { KeyedQueue } from "./keyed-queue.js";

describe("KeyedQueue", () => {
  it("runs one key's tasks in order, one at a time, and coalesces a waiting tag", async () => {
    const errors: unknown[] = [];
    const q = new KeyedQueue((_k, e) => errors.push(e));
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    q.add("a", undefined, async () => {
      log.push("a1 start");
      await gate;
      log.push("a1 end");
    });
    q.add("a", "sync", async () => {
      log.push("sync");
    });
    q.add("a", "sync", async () => {
      log.push("sync again");
    });
    q.add("b", undefined, async () => {
      log.push("b");
    });
    await Promise.resolve();
    release();
    await q.idle();
    expect(log).toEqual(["a1 start", "b", "a1 end", "sync"]);
    expect(errors).toEqual([]);
  });

  it("reports a failing task and goes on", async () => {
    const errors: string[] = [];
    const q = new KeyedQueue((k, e) => errors.push(`${k}: ${(e as Error).message}`));
    const log: string[] = [];
    q.add("a", undefined, async () => {
      throw new Error("boom");
    });
    q.add("a", undefined, async () => {
      log.push("after");
    });
    await q.idle();
    expect(errors).toEqual(["a: boom"]);
    expect(log).toEqual(["after"]);
  });

  it("is idle at once when empty, and waits for tasks added while running", async () => {
    const q = new KeyedQueue(() => {});
    await q.idle();
    const log: string[] = [];
    q.add("a", undefined, async () => {
      q.add("a", undefined, async () => {
        log.push("second");
      });
    });
    await q.idle();
    expect(log).toEqual(["second"]);
  });
});
