import { describe, expect, it } from "vitest";
import { cronNext, parseCronLine } from "./calendar-cron.js";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function runs(line: string, zone: string, fromIso: string, count: number): (string | null)[] {
  const next = cronNext(parseCronLine(line), zone);
  const out: (string | null)[] = [];
  let t: number | null = Date.parse(fromIso);
  for (let i = 0; i < count && t !== null; i++) {
    t = next(t);
    out.push(iso(t));
  }
  return out;
}

describe("calendar schedules (robfig, five fields)", () => {
  it("combines day-of-month and day-of-week with OR unless one starts with *", () => {
    expect(runs("0 0 13 * 5", "UTC", "2024-01-01T00:00:00Z", 4)).toEqual([
      "2024-01-05T00:00:00.000Z",
      "2024-01-12T00:00:00.000Z",
      "2024-01-13T00:00:00.000Z",
      "2024-01-19T00:00:00.000Z",
    ]);
    expect(runs("0 0 * * FRI", "UTC", "2024-01-01T00:00:00Z", 2)).toEqual([
      "2024-01-05T00:00:00.000Z",
      "2024-01-12T00:00:00.000Z",
    ]);
  });

  it("reads N/step as N-max/step and honours a TZ= prefix", () => {
    expect(runs("50/5 * * * *", "UTC", "2024-01-01T00:00:00Z", 3)).toEqual([
      "2024-01-01T00:50:00.000Z",
      "2024-01-01T00:55:00.000Z",
      "2024-01-01T01:50:00.000Z",
    ]);
    expect(runs("CRON_TZ=Asia/Tokyo 0 9 * * *", "UTC", "2024-01-01T00:00:00Z", 1)).toEqual([
      "2024-01-02T00:00:00.000Z",
    ]);
  });

  it("skips a wall time DST removes and repeats one DST doubles, as robfig does", () => {
    expect(runs("30 2 * * *", "America/New_York", "2024-03-09T12:00:00Z", 2)).toEqual([
      "2024-03-11T06:30:00.000Z",
      "2024-03-12T06:30:00.000Z",
    ]);
    expect(runs("30 1 * * *", "America/New_York", "2024-11-03T04:00:00Z", 2)).toEqual([
      "2024-11-03T05:30:00.000Z",
      "2024-11-03T06:30:00.000Z",
    ]);
  });

  it("never fires an empty field", () => {
    expect(runs(", * * * *", "UTC", "2024-01-01T00:00:00Z", 1)).toEqual([null]);
  });

  it.each([
    ["@daily", "parser does not accept descriptors: @daily"],
    ["0 0 * * * *", "expected exactly 5 fields, found 6: [0 0 * * * *]"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["60 * * * *", "end of range (60) above maximum (59): 60"],
    ["* * * * 7", "end of range (7) above maximum (6): 7"],
    ["* * L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["TZ=Mars/Base 0 * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base"],
    ["", "empty spec string"],
  ])("refuses %j with robfig's message", (line, message) => {
    expect(() => parseCronLine(line)).toThrow(message);
  });
});
