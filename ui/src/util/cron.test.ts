import { describe, expect, it } from "vitest";
import { nextRuns, parseCron } from "./cron.js";

const iso = (d: Date[]) => d.map((x) => x.toISOString());
const from = Date.parse("2024-01-01T10:07:30Z");

describe("nextRuns", () => {
  it.each([
    ["*/15 * * * *", ["2024-01-01T10:15:00.000Z", "2024-01-01T10:30:00.000Z"]],
    ["0 9 * * MON-FRI", ["2024-01-02T09:00:00.000Z", "2024-01-03T09:00:00.000Z"]],
    ["@monthly", ["2024-02-01T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]],
    ["5/20 10 1 jan *", ["2024-01-01T10:25:00.000Z", "2024-01-01T10:45:00.000Z"]],
    // Both day fields restricted: either matches (the 13th, or any Friday).
    ["0 0 13 * 5", ["2024-01-05T00:00:00.000Z", "2024-01-12T00:00:00.000Z"]],
  ])("%s", (line, expected) => {
    const s = parseCron(line);
    expect(s).toBeDefined();
    expect(iso(nextRuns(s!, from, 2, "UTC"))).toEqual(expected);
  });

  it("computes wall-clock times in the schedule's time zone", () => {
    const s = parseCron("CRON_TZ=America/New_York 0 9 * * *");
    expect(iso(nextRuns(s!, from, 1))).toEqual(["2024-01-01T14:00:00.000Z"]);
    expect(iso(nextRuns(parseCron("0 9 * * *")!, from, 1, "Asia/Tokyo"))).toEqual([
      "2024-01-02T00:00:00.000Z",
    ]);
  });

  it("does not handle @every or six fields", () => {
    expect(parseCron("@every 1h")).toBeUndefined();
    expect(parseCron("0 0 * * * *")).toBeUndefined();
    expect(parseCron("61 * * * *")).toBeUndefined();
  });
});
