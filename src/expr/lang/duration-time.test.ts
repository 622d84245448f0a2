import { describe, expect, it } from "vitest";
import { ExprError } from "../errors.js";
import { formatDuration, parseDuration, parseDurationNs } from "./duration.js";
import { formatFloat, quoteGo } from "./go-format.js";
import { marshal } from "./json.js";
import { GoTime, loadLocation, utc } from "./time.js";
import { formatTime, parseTime } from "./time-layout.js";

describe("Go durations", () => {
  const parsed: [string, number][] = [
    ["1h2m3.5s", 3723.5e9],
    ["300ms", 300e6],
    ["-1.5h", -5400e9],
    ["1us", 1000],
    ["1µs", 1000],
    ["2h45m", 9900e9],
    ["0", 0],
    [".5s", 500e6],
  ];
  for (const [text, ns] of parsed) it(`parses ${text}`, () => expect(parseDurationNs(text)).toBe(ns));

  it("returns milliseconds from parseDuration", () => expect(parseDuration("1m30s")).toBe(90_000));

  const printed: [number, string][] = [
    [0, "0s"],
    [3600e9, "1h0m0s"],
    [3723.5e9, "1h2m3.5s"],
    [1.5e9, "1.5s"],
    [300e6, "300ms"],
    [1500, "1.5µs"],
    [12, "12ns"],
    [-90e9, "-1m30s"],
  ];
  for (const [ns, text] of printed)
    it(`prints ${ns}ns as ${text}`, () => expect(formatDuration(ns)).toBe(text));

  it("rejects malformed durations with Go's messages", () => {
    expect(() => parseDurationNs("")).toThrow('time: invalid duration ""');
    expect(() => parseDurationNs("abc")).toThrow('time: invalid duration "abc"');
    expect(() => parseDurationNs("10")).toThrow('time: missing unit in duration "10"');
    expect(() => parseDurationNs("10y")).toThrow(ExprError);
  });
});

describe("Go time layouts", () => {
  const t = new GoTime(Date.UTC(2006, 0, 2, 15, 4, 5) / 1000, 123456789, utc);
  const formats: [string, string][] = [
    ["2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05Z"],
    ["2006-01-02T15:04:05.999999999Z07:00", "2006-01-02T15:04:05.123456789Z"],
    ["Mon Jan _2 15:04:05 2006", "Mon Jan  2 15:04:05 2006"],
    ["3:04PM", "3:04PM"],
    ["02/01/06 .000", "02/01/06 .123"],
    ["Monday, January 2", "Monday, January 2"],
    ["-0700 MST", "+0000 UTC"],
    ["2006-01-02 15:04:05.999999999 -0700 MST", "2006-01-02 15:04:05.123456789 +0000 UTC"],
  ];
  for (const [layout, text] of formats)
    it(`formats ${layout}`, () => expect(formatTime(t, layout)).toBe(text));

  it("formats in an IANA zone", () => {
    expect(formatTime(t.in(loadLocation("Asia/Tokyo")), "15:04 -07:00")).toBe("00:04 +09:00");
  });

  it("parses with offsets and fractional seconds", () => {
    const parsed = parseTime("2006-01-02T15:04:05Z07:00", "2024-03-15T12:00:00.5+02:00");
    expect(parsed.sec).toBe(Date.UTC(2024, 2, 15, 10, 0, 0) / 1000);
    expect(parsed.nsec).toBe(500_000_000);
  });

  it("reports a mismatch with Go's wording", () => {
    expect(() => parseTime("2006-01-02", "2024/03/15")).toThrow('cannot parse "/03/15" as "-"');
  });

  it("serializes times as RFC 3339 in JSON", () =>
    expect(marshal(t)).toBe('"2006-01-02T15:04:05.123456789Z"'));
});

describe("Go value formatting", () => {
  const floats: [number, string][] = [
    [2, "2"],
    [1.5, "1.5"],
    [1e6, "1e+06"],
    [123456, "123456"],
    [1234567, "1.234567e+06"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NaN, "NaN"],
  ];
  for (const [x, text] of floats) it(`%v of ${x} is ${text}`, () => expect(formatFloat(x)).toBe(text));

  it("quotes strings like strconv.Quote", () =>
    expect(quoteGo('a"b\n\t\u0001é')).toBe('"a\\"b\\n\\t\\x01é"'));

  it("marshals JSON like encoding/json", () => {
    expect(marshal({ b: 1.5, a: [true, null, "<x>"] })).toBe('{"a":[true,null,"\\u003cx\\u003e"],"b":1.5}');
    expect(marshal({ a: "<" }, { escapeHTML: false })).toBe('{"a":"<"}');
    expect(() => marshal(Number.NaN)).toThrow("json: unsupported value: NaN");
  });
});
