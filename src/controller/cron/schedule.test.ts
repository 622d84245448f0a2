import { describe, expect, it } from "vitest";
import { parseSchedule } from "../../expr/index.js";
import { compileSchedule, latestMissed, nextScheduledTimes } from "./schedule.js";
import { cronWorkflow } from "./testing.js";

const ms = (iso: string): number => Date.parse(iso);
const iso = (t: number | null): string | null => (t === null ? null : new Date(t).toISOString());

/** The next `n` firings of one line after `from`, as ISO strings. */
function nextN(line: string, from: string, n: number, zone = "UTC"): string[] {
  const s = compileSchedule(line, zone);
  const out: string[] = [];
  let t = ms(from);
  for (let i = 0; i < n; i++) {
    const next = s.next(t);
    if (next === null) break;
    out.push(new Date(next).toISOString());
    t = next;
  }
  return out;
}

/** Wall-clock text of an instant in a zone, e.g. "2020-03-09 02:00 PDT". */
function wall(t: string, zone: string): string {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  }).formatToParts(new Date(t));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")} ${get("timeZoneName")}`;
}

describe("schedule lines, read as Argo's robfig/cron reads them", () => {
  it.each([
    ["10 * * 12737123 *", "end of range (12737123) above maximum (12): 12737123"],
    ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
    ["0 0 0 * * *", "expected exactly 5 fields, found 6: [0 0 0 * * *]"],
    ["", "empty spec string"],
    ["0 0 * * 7", "end of range (7) above maximum (6): 7"],
    ["0 0 0 * *", "beginning of range (0) below minimum (1): 0"],
    ["a * * * *", 'failed to parse int from a: strconv.Atoi: parsing "a": invalid syntax'],
    ["0 0 L * *", 'failed to parse int from L: strconv.Atoi: parsing "L": invalid syntax'],
    ["0 0 * * MON#2", 'failed to parse int from MON#2: strconv.Atoi: parsing "MON#2": invalid syntax'],
    ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
    ["*/0 * * * *", "step of range should be a positive number: */0"],
    ["1-2-3 * * * *", "too many hyphens: 1-2-3"],
    ["*/2/3 * * * *", "too many slashes: */2/3"],
    ["@fortnightly", "unrecognized descriptor: @fortnightly"],
    ["@Daily", "unrecognized descriptor: @Daily"],
    ["@every x", 'failed to parse duration @every x: time: invalid duration "x"'],
    ["CRON_TZ=Mars/Base 0 * * * *", "provided bad location Mars/Base: unknown time zone Mars/Base"],
  ])("rejects %j: %s", (line, message) => {
    expect(() => parseSchedule(line)).toThrow(message);
  });

  it("accepts month and weekday names in any case, and ? as *", () => {
    const s = parseSchedule("0 9 ? jan-MAR Mon-fri");
    expect(s).toMatchObject({
      kind: "fields",
      minute: [0],
      hour: [9],
      month: [1, 2, 3],
      dow: [1, 2, 3, 4, 5],
    });
  });

  it("reads N/step as N-max/step", () => {
    expect(parseSchedule("5/15 * * * *")).toMatchObject({ minute: [5, 20, 35, 50] });
    expect(nextN("5/15 * * * *", "2024-01-01T00:00:00Z", 3)).toEqual([
      "2024-01-01T00:05:00.000Z",
      "2024-01-01T00:20:00.000Z",
      "2024-01-01T00:35:00.000Z",
    ]);
  });
});

describe("next firings", () => {
  it.each([
    ["*/15 * * * *", ["2024-01-01T00:15:00.000Z", "2024-01-01T00:30:00.000Z"]],
    ["@hourly", ["2024-01-01T01:00:00.000Z", "2024-01-01T02:00:00.000Z"]],
    ["@daily", ["2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z"]],
    ["@midnight", ["2024-01-02T00:00:00.000Z", "2024-01-03T00:00:00.000Z"]],
    ["@weekly", ["2024-01-07T00:00:00.000Z", "2024-01-14T00:00:00.000Z"]],
    ["@monthly", ["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]],
    ["@yearly", ["2025-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]],
    ["@annually", ["2025-01-01T00:00:00.000Z", "2026-01-01T00:00:00.000Z"]],
    ["@every 10s", ["2024-01-01T00:00:10.000Z", "2024-01-01T00:00:20.000Z"]],
    ["@every 1h30m", ["2024-01-01T01:30:00.000Z", "2024-01-01T03:00:00.000Z"]],
    ["@every 500ms", ["2024-01-01T00:00:01.000Z", "2024-01-01T00:00:02.000Z"]],
    ["@every 1500ms", ["2024-01-01T00:00:01.000Z", "2024-01-01T00:00:02.000Z"]],
  ])("%s", (line, expected) => {
    expect(nextN(line, "2024-01-01T00:00:00Z", 2)).toEqual(expected);
  });

  it("runs on day-of-month OR day-of-week when both are restricted", () => {
    // Jan 1 2024 is a Monday: the 2nd (dom) and the following Mondays (dow).
    expect(nextN("0 0 1,2 * 1", "2024-01-01T00:00:00Z", 3)).toEqual([
      "2024-01-02T00:00:00.000Z",
      "2024-01-08T00:00:00.000Z",
      "2024-01-15T00:00:00.000Z",
    ]);
  });

  it("runs on day-of-month AND day-of-week when either starts with * (robfig's star rule)", () => {
    expect(nextN("0 0 * * 1", "2024-01-01T00:00:00Z", 2)).toEqual([
      "2024-01-08T00:00:00.000Z",
      "2024-01-15T00:00:00.000Z",
    ]);
    // */2 has a step, so it is no star: OR again (odd days, or Mondays).
    expect(nextN("0 0 */2 * 1", "2024-01-01T00:00:00Z", 4)).toEqual([
      "2024-01-03T00:00:00.000Z",
      "2024-01-05T00:00:00.000Z",
      "2024-01-07T00:00:00.000Z",
      "2024-01-08T00:00:00.000Z",
    ]);
  });

  it("never fires a date that does not exist", () => {
    expect(nextN("0 0 31 2 *", "2024-01-01T00:00:00Z", 1)).toEqual([]);
  });

  it("reads the CRON_TZ= prefix", () => {
    expect(nextN("CRON_TZ=Asia/Tokyo 0 9 * * *", "2024-01-01T00:00:00Z", 1)).toEqual([
      "2024-01-02T00:00:00.000Z",
    ]);
    expect(nextN("TZ=Asia/Tokyo 0 9 * * *", "2024-01-01T00:00:00Z", 1)).toEqual(["2024-01-02T00:00:00.000Z"]);
  });

  it("uses the default zone when the line names none", () => {
    expect(nextN("0 9 * * *", "2024-01-01T00:00:00Z", 1, "Europe/Paris")).toEqual([
      "2024-01-01T08:00:00.000Z",
    ]);
  });
});

describe("daylight saving, as Argo's docs table it (America/Los_Angeles, 2020)", () => {
  const zone = "America/Los_Angeles";
  const run = (line: string, from: string) =>
    nextN(`CRON_TZ=${zone} ${line}`, from, 3).map((t) => wall(t, zone));

  it("skips 02:00–02:59 on the spring-forward day", () => {
    expect(run("59 1 * * *", "2020-03-07T12:00:00Z")).toEqual([
      "2020-03-08 01:59 PST",
      "2020-03-09 01:59 PDT",
      "2020-03-10 01:59 PDT",
    ]);
    expect(run("0 2 * * *", "2020-03-07T12:00:00Z")).toEqual([
      "2020-03-09 02:00 PDT",
      "2020-03-10 02:00 PDT",
      "2020-03-11 02:00 PDT",
    ]);
    expect(run("1 2 * * *", "2020-03-07T12:00:00Z")).toEqual([
      "2020-03-09 02:01 PDT",
      "2020-03-10 02:01 PDT",
      "2020-03-11 02:01 PDT",
    ]);
  });

  it("runs 01:00–01:59 twice on the fall-back day, and later times once", () => {
    expect(run("59 1 * * *", "2020-10-31T12:00:00Z")).toEqual([
      "2020-11-01 01:59 PDT",
      "2020-11-01 01:59 PST",
      "2020-11-02 01:59 PST",
    ]);
    expect(run("0 2 * * *", "2020-10-31T12:00:00Z")).toEqual([
      "2020-11-01 02:00 PST",
      "2020-11-02 02:00 PST",
      "2020-11-03 02:00 PST",
    ]);
  });

  it("a daily 02:30 in America/New_York: no run on the spring-forward day, one on the fall-back day", () => {
    const ny = "America/New_York";
    const at = (from: string) => nextN(`CRON_TZ=${ny} 30 2 * * *`, from, 3).map((t) => wall(t, ny));
    expect(at("2024-03-09T12:00:00Z")).toEqual([
      "2024-03-11 02:30 EDT",
      "2024-03-12 02:30 EDT",
      "2024-03-13 02:30 EDT",
    ]);
    expect(at("2024-11-02T12:00:00Z")).toEqual([
      "2024-11-03 02:30 EST",
      "2024-11-04 02:30 EST",
      "2024-11-05 02:30 EST",
    ]);
  });
});

describe("the latest missed firing", () => {
  it("is the most recent firing after the last run and before now", () => {
    const s = compileSchedule("*/5 * * * *");
    expect(iso(s.latestMissed(ms("2024-01-01T00:00:00Z"), ms("2024-01-01T00:17:00Z")))).toBe(
      "2024-01-01T00:15:00.000Z",
    );
    expect(s.latestMissed(ms("2024-01-01T00:15:00Z"), ms("2024-01-01T00:17:00Z"))).toBeNull();
    // A firing exactly now is not missed: its timer is due.
    expect(s.latestMissed(ms("2024-01-01T00:10:00Z"), ms("2024-01-01T00:15:00Z"))).toBeNull();
  });

  it("steps @every from the last run", () => {
    const s = compileSchedule("@every 7s");
    expect(iso(s.latestMissed(ms("2024-01-01T00:00:00Z"), ms("2024-01-01T00:00:30Z")))).toBe(
      "2024-01-01T00:00:28.000Z",
    );
    expect(s.latestMissed(ms("2024-01-01T00:00:00Z"), ms("2024-01-01T00:00:07Z"))).toBeNull();
  });

  it("takes the latest over several schedules", () => {
    const both = [compileSchedule("0 * * * *"), compileSchedule("30 * * * *")];
    expect(iso(latestMissed(both, ms("2024-01-01T00:00:00Z"), ms("2024-01-01T01:45:00Z")))).toBe(
      "2024-01-01T01:30:00.000Z",
    );
  });

  it("finds the second 01:59 of the fall-back day", () => {
    const s = compileSchedule("CRON_TZ=America/Los_Angeles 59 1 * * *");
    expect(iso(s.latestMissed(ms("2020-11-01T08:59:00Z"), ms("2020-11-01T12:00:00Z")))).toBe(
      "2020-11-01T09:59:00.000Z",
    );
  });
});

describe("nextScheduledTimes", () => {
  it("merges the schedules in time order without repeats, with the cron's timezone", () => {
    const cron = cronWorkflow("c", { schedules: ["0 9 * * *", "0 9,21 * * *"], timezone: "Asia/Tokyo" });
    expect(nextScheduledTimes(cron, ms("2024-01-01T00:00:00Z"), 3).map((d) => d.toISOString())).toEqual([
      "2024-01-01T12:00:00.000Z",
      "2024-01-02T00:00:00.000Z",
      "2024-01-02T12:00:00.000Z",
    ]);
  });

  it("reads the single v3.6 `schedule` and ignores malformed lines", () => {
    expect(
      nextScheduledTimes(cronWorkflow("c", { schedule: "@hourly" }), ms("2024-01-01T00:30:00Z"), 1),
    ).toEqual([new Date("2024-01-01T01:00:00Z")]);
    expect(nextScheduledTimes(cronWorkflow("c", { schedules: ["nope"] }), 0, 3)).toEqual([]);
  });

  it("uses the given default zone", () => {
    const cron = cronWorkflow("c", { schedules: ["0 9 * * *"] });
    expect(nextScheduledTimes(cron, ms("2024-07-01T00:00:00Z"), 1, { timezone: "Europe/Paris" })).toEqual([
      new Date("2024-07-01T07:00:00Z"),
    ]);
  });
});
