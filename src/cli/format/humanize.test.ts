import { describe, expect, it } from "vitest";
import {
  ago,
  goDuration,
  goTime,
  longDuration,
  parseDuration,
  shortDuration,
  timestamp,
} from "./humanize.js";

const t0 = Date.parse("2024-05-01T10:00:00Z");
const s = 1000;

describe("shortDuration", () => {
  it.each([
    [0, "0s"],
    [999, "0s"],
    [1 * s, "1s"],
    [5 * s, "5s"],
    [59.9 * s, "59s"],
    [60 * s, "1m"],
    [119 * s, "1m"],
    [120 * s, "2m"],
    [65 * 60 * s, "1h"],
    [3 * 3600 * s, "3h"],
    [25 * 3600 * s, "1d"],
    [4 * 86400 * s, "4d"],
    [30 * 86400 * s, "30d"],
  ])("prints %d ms as %s, truncating", (ms, text) => {
    expect(shortDuration(t0, t0 + ms)).toBe(text);
  });

  it("measures to now while the end is unset, and gives 0s without a start", () => {
    expect(shortDuration("2024-05-01T10:00:00Z", undefined, t0 + 42 * s)).toBe("42s");
    expect(shortDuration(undefined, undefined, t0)).toBe("0s");
  });
});

describe("longDuration", () => {
  it.each([
    [0, "0 seconds"],
    [1 * s, "1 second"],
    [45 * s, "45 seconds"],
    [65 * s, "1 minute 5 seconds"],
    [185 * s, "3 minutes 5 seconds"],
    [2 * 3600 * s + 3 * 60 * s, "2 hours 3 minutes"],
    [86400 * s + 3 * 3600 * s, "1 day 3 hours"],
  ])("prints %d ms as %s", (ms, text) => {
    expect(longDuration(ms)).toBe(text);
  });
});

describe("ago and timestamp", () => {
  it("says how long ago, or from now", () => {
    expect(ago(t0, t0)).toBe("now");
    expect(ago(t0 - 3 * 60 * s, t0)).toBe("3 minutes ago");
    expect(ago(t0 + 2 * 3600 * s, t0)).toBe("2 hours from now");
    expect(ago(t0 - 1 * s, t0)).toBe("1 second ago");
  });

  it("formats like Go's Mon Jan 02 15:04:05 -0700 with the relative time", () => {
    expect(timestamp("2024-05-01T10:00:00Z", t0 + 10 * s)).toMatch(
      /^(Sun|Mon|Tue|Wed|Thu|Fri|Sat) (Apr|May) \d\d \d\d:\d\d:\d\d [+-]\d{4} \(10 seconds ago\)$/,
    );
    expect(timestamp(undefined)).toBe("");
  });
});

describe("goTime and goDuration", () => {
  it("prints Go's default time format", () => {
    expect(goTime("2024-05-01T10:00:00Z")).toMatch(/^2024-05-0[12] \d\d:\d\d:00 [+-]\d{4} \S+$/);
  });

  it.each([
    [0, "0s"],
    [5, "5s"],
    [65, "1m5s"],
    [7200, "2h0m0s"],
  ])("prints %d seconds as %s", (secs, text) => {
    expect(goDuration(secs)).toBe(text);
  });
});

describe("parseDuration", () => {
  it.each([
    ["10m", 600_000],
    ["1h30m", 5_400_000],
    ["1d", 86_400_000],
    ["1.5h", 5_400_000],
    ["250ms", 250],
  ])("reads %s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it("rejects what is not a duration", () => {
    expect(parseDuration("ten minutes")).toBeUndefined();
    expect(parseDuration("10")).toBeUndefined();
  });
});
