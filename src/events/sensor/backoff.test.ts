import { describe, expect, it } from "vitest";
import { backoffDelays, defaultBackoff, parseGoDuration } from "./backoff.js";

const noJitter = () => 0;

describe("backoff", () => {
  it("runs a trigger without retryStrategy once", () => {
    expect(backoffDelays(undefined)).toEqual([]);
    expect(backoffDelays({ steps: 1 })).toEqual([]);
  });

  it("waits duration × factor^k between steps attempts", () => {
    expect(backoffDelays({ steps: 4, duration: "2s", factor: 2, jitter: 0 })).toEqual([2000, 4000, 8000]);
    expect(backoffDelays({ steps: 3, duration: "3s", jitter: 0 })).toEqual([3000, 3000]);
  });

  it("reads integer durations as nanoseconds and amounts as text", () => {
    expect(backoffDelays({ steps: 3, duration: 1_000_000_000, factor: "1.5", jitter: "0" })).toEqual([
      1000, 1500,
    ]);
  });

  it("defaults to 5 steps of 1s with jitter up to 100%", () => {
    expect(backoffDelays({}, noJitter)).toEqual([1000, 1000, 1000, 1000]);
    expect(backoffDelays({ jitter: 1 }, () => 0.5)).toEqual([1500, 1500, 1500, 1500]);
    expect(backoffDelays(defaultBackoff, () => 1)).toEqual([2000, 2000, 2000, 2000]);
  });

  it("keeps the duration constant for factor 0", () => {
    expect(backoffDelays({ steps: 3, duration: "1s", factor: 0, jitter: 0 })).toEqual([1000, 1000]);
  });

  it("caps steps and delays", () => {
    const delays = backoffDelays({ steps: 1_000_000, duration: "24h", factor: 10, jitter: 0 });
    expect(delays).toHaveLength(9_999);
    expect(Math.max(...delays)).toBe(2_147_483_647);
  });

  it("rejects bad values with Invalid", () => {
    expect(() => backoffDelays({ duration: "10" })).toThrow(/missing unit in duration/);
    expect(() => backoffDelays({ factor: "two" })).toThrow(/invalid factor/);
    expect(() => backoffDelays({ jitter: "x" })).toThrow(expect.objectContaining({ code: "Invalid" }));
  });

  it("parses Go durations to milliseconds", () => {
    expect(parseGoDuration("1h30m")).toBe(5_400_000);
    expect(parseGoDuration("2.5s")).toBe(2500);
    expect(parseGoDuration("300ms")).toBe(300);
    expect(() => parseGoDuration("soon")).toThrow(expect.objectContaining({ code: "Invalid" }));
  });
});
