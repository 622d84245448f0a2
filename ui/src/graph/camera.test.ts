import { describe, expect, it } from "vitest";
import { fitCamera, MAX_SCALE, panToShow, toWorld, visibleWorld, zoomAt } from "./camera.js";

describe("camera", () => {
  it("fits a graph inside the view, never magnifying past 1", () => {
    const bounds = { minX: -5000, minY: 0, maxX: 5000, maxY: 400 };
    const cam = fitCamera(bounds, 1000, 600);
    const seen = visibleWorld(cam, 1000, 600);
    expect(seen.minX).toBeLessThanOrEqual(bounds.minX);
    expect(seen.maxX).toBeGreaterThanOrEqual(bounds.maxX);
    expect(fitCamera({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 1000, 600).scale).toBe(1);
  });

  it("zooms about the pointer: the world point under it stays under it", () => {
    const cam = { scale: 0.5, tx: 30, ty: -20 };
    const before = toWorld(cam, 400, 300);
    const after = zoomAt(cam, 1.7, 400, 300, 0.01);
    expect(toWorld(after, 400, 300)[0]).toBeCloseTo(before[0], 6);
    expect(toWorld(after, 400, 300)[1]).toBeCloseTo(before[1], 6);
    expect(zoomAt(cam, 1000, 0, 0, 0.01).scale).toBe(MAX_SCALE);
    expect(zoomAt(cam, 1e-6, 0, 0, 0.01).scale).toBe(0.01);
  });

  it("pans just enough to show a box, and not at all when it is in view", () => {
    const cam = { scale: 1, tx: 0, ty: 0 };
    expect(panToShow(cam, { minX: 100, minY: 100, maxX: 200, maxY: 140 }, 800, 600)).toEqual(cam);
    const moved = panToShow(cam, { minX: 1000, minY: 100, maxX: 1100, maxY: 140 }, 800, 600);
    expect(1100 + moved.tx).toBe(800 - 40);
  });
});
