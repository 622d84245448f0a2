import { describe, expect, it } from "vitest";
import { parseConditions } from "./events-conditions.js";
import {
  cronProblem,
  exclusionDateProblem,
  goDurationProblem,
  timeOfDayProblem,
  timezoneProblem,
} from "./events-time.js";

describe("cronProblem (robfig/cron's standard 5-field parser)", () => {
  it.each([
    "* * * * *",
    "*/5 * * * *",
    "0 9-17 * * mon-fri",
    "30 2 1,15 * ?",
    "0 0 1 JAN,jul *",
    "5/15 0 * * 0",
    "TZ=Europe/Paris 0 8 * * *",
    "CRON_TZ=UTC 0 8 * * *",
  ])("accepts %s", (spec) => {
    expect(cronProblem(spec)).toBeUndefined();
  });

  it.each([
    ["@daily", /descriptors/],
    ["* * * *", /expected exactly 5 fields, found 4/],
    ["0 0 * * * *", /expected exactly 5 fields, found 6/],
    ["60 * * * *", /minute field "60": end of range \(60\) above maximum \(59\)/],
    ["* * 0 * *", /day of month field "0": beginning of range \(0\) below minimum \(1\)/],
    ["* * * 13 *", /above maximum \(12\)/],
    ["* * * * 7", /above maximum \(6\)/],
    ["5-1 * * * *", /beginning of range \(5\) beyond end of range \(1\)/],
    ["*/0 * * * *", /step of range should be a positive number/],
    ["1-2-3 * * * *", /too many hyphens/],
    ["*/2/3 * * * *", /too many slashes/],
    ["x * * * *", /failed to parse int from x/],
    ["* * * foo *", /failed to parse int from foo/],
    ["TZ=Mars/Base 0 8 * * *", /provided bad location Mars\/Base/],
  ])("rejects %s", (spec, why) => {
    expect(cronProblem(spec)).toMatch(why);
  });
});

describe("goDurationProblem", () => {
  it.each(["10s", "1h30m", "1.5h", "300ms", "2us", "0", "-1m"])("accepts %s", (d) => {
    expect(goDurationProblem(d)).toBeUndefined();
  });
  it.each(["10", "10 s", "1d", "", "s", "1h 30m"])("rejects %j", (d) => {
    expect(goDurationProblem(d)).toMatch(/is not a duration/);
  });
});

describe("timeOfDayProblem (Go's 15:04:05 layout)", () => {
  it.each(["00:00:00", "9:05:00", "23:59:59", "12:00:00.5"])("accepts %s", (t) => {
    expect(timeOfDayProblem(t)).toBeUndefined();
  });
  it.each(["24:00:00", "12:60:00", "12:00", "9am", "12:5:00"])("rejects %s", (t) => {
    expect(timeOfDayProblem(t)).toMatch(/HH:MM:SS/);
  });
});

describe("exclusionDateProblem (RFC 5545 EXDATE)", () => {
  it("accepts a comma-separated list of UTC times", () => {
    expect(exclusionDateProblem("EXDATE:20241225T000000Z,20240229T120000Z")).toBeUndefined();
  });
  it("says Argo ignores entries without the EXDATE: prefix", () => {
    expect(exclusionDateProblem("20241225T000000Z")).toEqual({ ignored: true });
  });
  it.each(["EXDATE:2024-12-25", "EXDATE:20230229T000000Z", "EXDATE:20241225T240000Z", "EXDATE:"])(
    "rejects %s",
    (entry) => {
      expect(exclusionDateProblem(entry)).toEqual(expect.any(String));
    },
  );
});

describe("timezoneProblem", () => {
  it.each(["", "UTC", "Local", "America/New_York", "Asia/Kolkata"])("accepts %j", (z) => {
    expect(timezoneProblem(z)).toBeUndefined();
  });
  it("rejects an unknown zone", () => {
    expect(timezoneProblem("Mars/Olympus_Mons")).toBe("unknown time zone Mars/Olympus_Mons");
  });
});

describe("parseConditions", () => {
  it.each([
    ["a", ["a"]],
    ["a && b", ["a", "b"]],
    ["dep-a || (dep_b && c)", ["dep-a", "dep_b", "c"]],
    ["((a))", ["a"]],
  ])("reads %s", (text, names) => {
    expect(parseConditions(text)).toEqual({ names });
  });

  it.each([
    ["a &&", /ends where a dependency name is expected/],
    ["a b", /expected && or \|\| but found "b" at position 3/],
    ["(a || b", /1 "\(" without a matching "\)"/],
    ["a)", /unmatched "\)" at position 2/],
    ["&& a", /expected a dependency name or "\(" but found "&&" at position 1/],
    ["!a", /unexpected "!" at position 1/],
    ["a & b", /unexpected "&" at position 3/],
    ["", /empty/],
  ])("rejects %j", (text, why) => {
    expect(parseConditions(text).error).toMatch(why);
  });
});
