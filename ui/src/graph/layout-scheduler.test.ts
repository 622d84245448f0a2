import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LayoutResult } from "./layout.js";
import { LayoutScheduler, RELAYOUT_INTERVAL } from "./layout-scheduler.js";
import { buildGraphModel, type GraphModel } from "./model.js";
import { loopWorkflow } from "./testing.js";

const model = (pods: number, phase: "Running" | "Succeeded" = "Running") =>
  buildGraphModel(loopWorkflow("w", pods, () => phase).status?.nodes, "w");

describe("LayoutScheduler", () => {
  let laid: { model: GraphModel; layout: LayoutResult }[];
  let scheduler: LayoutScheduler;
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "performance"] });
    laid = [];
    scheduler = new LayoutScheduler((m, layout) => laid.push({ model: m, layout }));
  });
  afterEach(() => {
    scheduler.dispose();
    vi.useRealTimers();
  });

  it("lays out the first model at once and ignores phase-only changes", async () => {
    expect(scheduler.submit(model(3), false)).toBe(true);
    await vi.advanceTimersByTimeAsync(0);
    expect(laid).toHaveLength(1);
    expect(laid[0]?.layout.count).toBe(5);
    expect(scheduler.submit(model(3, "Succeeded"), false)).toBe(false);
    await vi.advanceTimersByTimeAsync(RELAYOUT_INTERVAL * 2);
    expect(laid).toHaveLength(1);
  });

  it("lays out a burst of live updates once per interval, for the newest model", async () => {
    scheduler.submit(model(1), false);
    await vi.advanceTimersByTimeAsync(0);
    for (let pods = 2; pods <= 8; pods++) {
      scheduler.submit(model(pods), false);
      await vi.advanceTimersByTimeAsync(50);
    }
    // 350 ms of updates: still inside the interval, nothing new yet.
    expect(laid).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(RELAYOUT_INTERVAL);
    expect(laid).toHaveLength(2);
    expect(laid[1]?.layout.count).toBe(10);
  });

  it("lays out the user's expand or collapse without waiting", async () => {
    scheduler.submit(model(1), false);
    await vi.advanceTimersByTimeAsync(0);
    scheduler.submit(model(30), true);
    await vi.advanceTimersByTimeAsync(0);
    expect(laid).toHaveLength(2);
  });
});
