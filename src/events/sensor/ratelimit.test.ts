import { describe, expect, it } from "vitest";
import { RateLimiter } from "./ratelimit.js";

describe("RateLimiter (go.uber.org/ratelimit pacing)", () => {
  it("spaces firings unit/requestsPerUnit apart, the first immediate", () => {
    const r = new RateLimiter({ unit: "Second", requestsPerUnit: 2 });
    expect(r.intervalMs).toBe(500);
    expect([r.delayMs(0), r.delayMs(0), r.delayMs(0), r.delayMs(100)]).toEqual([0, 500, 1000, 1400]);
  });

  it("defaults the unit to Second and knows Minute and Hour", () => {
    expect(new RateLimiter({ requestsPerUnit: 4 }).intervalMs).toBe(250);
    expect(new RateLimiter({ unit: "Minute", requestsPerUnit: 2 }).intervalMs).toBe(30_000);
    expect(new RateLimiter({ unit: "Hour", requestsPerUnit: 1 }).intervalMs).toBe(3_600_000);
    expect(new RateLimiter({ unit: "Fortnight", requestsPerUnit: 1 }).intervalMs).toBe(1000);
  });

  it("is unlimited without a positive rate", () => {
    for (const r of [
      new RateLimiter(),
      new RateLimiter({ requestsPerUnit: 0 }),
      new RateLimiter({ requestsPerUnit: -1 }),
    ]) {
      expect([r.delayMs(0), r.delayMs(0), r.delayMs(0)]).toEqual([0, 0, 0]);
    }
  });

  it("lets a burst of 11 through after an idle spell (slack of 10 intervals)", () => {
    const r = new RateLimiter({ requestsPerUnit: 1 });
    r.delayMs(0);
    const delays = Array.from({ length: 12 }, () => r.delayMs(100_000));
    expect(delays.slice(0, 11)).toEqual(Array(11).fill(0));
    expect(delays[11]).toBe(1000);
  });

  it("does not bank more than the slack while idle shortly", () => {
    const r = new RateLimiter({ requestsPerUnit: 1 });
    r.delayMs(0);
    // 3 s later: 2 intervals unused, so 3 pass at once and the 4th waits.
    expect([r.delayMs(3000), r.delayMs(3000), r.delayMs(3000), r.delayMs(3000)]).toEqual([0, 0, 0, 1000]);
  });
});
