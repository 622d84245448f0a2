import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseExclusionDates } from "./calendar-exdate.js";
import { goTimeString, parseGoTimeString } from "./calendar-time.js";

const winter = Date.UTC(2024, 0, 15, 12, 30, 0, 123);
const summer = Date.UTC(2024, 6, 15, 12, 0, 0);

describe("Go's Time.String()", () => {
  it("writes UTC with the fraction trimmed, and the monotonic reading when given", () => {
    expect(goTimeString(winter, "UTC")).toBe("2024-01-15 12:30:00.123 +0000 UTC");
    expect(goTimeString(summer, "UTC")).toBe("2024-07-15 12:00:00 +0000 UTC");
    expect(goTimeString(Date.UTC(2020, 9, 19, 22, 50, 0), "UTC", 683_567_066_901)).toBe(
      "2020-10-19 22:50:00 +0000 UTC m=+683.567066901",
    );
    expect(goTimeString(summer, "UTC", 5)).toBe("2024-07-15 12:00:00 +0000 UTC m=+0.000000005");
  });

  it.skipIf(!existsSync("/usr/share/zoneinfo/Europe/Berlin")).each([
    ["Europe/Berlin", "2024-01-15 13:30:00.123 +0100 CET", "2024-07-15 14:00:00 +0200 CEST"],
    ["America/New_York", "2024-01-15 07:30:00.123 -0500 EST", "2024-07-15 08:00:00 -0400 EDT"],
    ["Europe/London", "2024-01-15 12:30:00.123 +0000 GMT", "2024-07-15 13:00:00 +0100 BST"],
    ["Asia/Tokyo", "2024-01-15 21:30:00.123 +0900 JST", "2024-07-15 21:00:00 +0900 JST"],
    ["Asia/Kolkata", "2024-01-15 18:00:00.123 +0530 IST", "2024-07-15 17:30:00 +0530 IST"],
    ["Asia/Dubai", "2024-01-15 16:30:00.123 +0400 +04", "2024-07-15 16:00:00 +0400 +04"],
    ["Asia/Kathmandu", "2024-01-15 18:15:00.123 +0545 +0545", "2024-07-15 17:45:00 +0545 +0545"],
  ])("names the zone as Go's tzdata does in %s", (zone, inWinter, inSummer) => {
    expect(goTimeString(winter, zone)).toBe(inWinter);
    expect(goTimeString(summer, zone)).toBe(inSummer);
  });

  it("reads back what it wrote, ignoring the monotonic part", () => {
    expect(parseGoTimeString("2020-10-19 22:50:00.0003192 +0000 UTC m=+683.567066901")).toBe(
      Date.UTC(2020, 9, 19, 22, 50, 0),
    );
    expect(parseGoTimeString("2024-01-15 13:30:00.123 +0100 CET")).toBe(winter);
    expect(parseGoTimeString("yesterday")).toBeUndefined();
  });
});

describe("exclusion dates", () => {
  it("reads RFC 5545 EXDATE lines and ignores other lines, as Argo does", () => {
    expect(parseExclusionDates(["EXDATE:20190102T150405Z,20190603T000000Z", "2019-01-05", "x"])).toEqual([
      { year: 2019, month: 1, day: 2 },
      { year: 2019, month: 6, day: 3 },
    ]);
  });

  it.each([
    ["EXDATE:2019-01-02", 'parsing time "2019-01-02" as "20060102T150405Z": cannot parse "-01-02" as "01"'],
    ["EXDATE:20191301T000000Z", 'parsing time "20191301T000000Z": month out of range'],
    ["EXDATE:20190230T000000Z", 'parsing time "20190230T000000Z": day out of range'],
    [
      "EXDATE:20190101 000000Z",
      'parsing time "20190101 000000Z" as "20060102T150405Z": cannot parse " 000000Z" as "T"',
    ],
    [
      "EXDATE:20190101T000000",
      'parsing time "20190101T000000" as "20060102T150405Z": cannot parse "" as "Z"',
    ],
    ["EXDATE:20190101T000000Zx", 'parsing time "20190101T000000Zx": extra text: "x"'],
    ["EXDATE:20190101T250000Z", 'parsing time "20190101T250000Z": hour out of range'],
  ])("refuses %s with Go's message", (line, message) => {
    expect(() => parseExclusionDates([line])).toThrow(message);
  });
});
