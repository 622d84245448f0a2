import { describe, expect, it } from "vitest";
import type { EventContext } from "../../types.js";
import { filterContext, filterTime } from "./context-time.js";

const ctx: EventContext = {
  specversion: "1.0",
  id: "1",
  source: "webhook",
  subject: "example",
  type: "webhook",
  time: "2024-05-01T12:30:00Z",
  datacontenttype: "application/json",
};

describe("context filter", () => {
  it("passes when every set field equals", () => {
    expect(filterContext({ type: "webhook", source: "webhook" }, ctx).pass).toBe(true);
    expect(filterContext({}, ctx).pass).toBe(true);
    expect(filterContext(undefined, ctx).pass).toBe(true);
  });

  it("fails naming the field", () => {
    expect(filterContext({ subject: "other" }, ctx)).toEqual({
      pass: false,
      reason: 'context filter: subject is "example", expected "other"',
    });
    expect(filterContext({ datacontenttype: "text/plain" }, ctx).pass).toBe(false);
  });

  it("ignores id and time, as Argo does", () => {
    expect(filterContext({ id: "other", time: "x" }, ctx).pass).toBe(true);
  });
});

describe("time filter", () => {
  const now = new Date("2024-05-01T00:00:00Z");
  const at = (hms: string) => `2024-05-01T${hms}Z`;

  it("uses [start, stop) in UTC", () => {
    const w = { start: "12:00:00", stop: "13:00:00" };
    expect(filterTime(w, at("12:00:00"), now).pass).toBe(true);
    expect(filterTime(w, at("12:59:59"), now).pass).toBe(true);
    expect(filterTime(w, at("13:00:00"), now)).toEqual({
      pass: false,
      reason: "time filter: event time 13:00:00 UTC is outside [12:00:00, 13:00:00)",
    });
    expect(filterTime(w, at("11:59:59"), now).pass).toBe(false);
  });

  it("spans midnight when stop is before start", () => {
    const w = { start: "22:00:00", stop: "01:00:00" };
    expect(filterTime(w, at("23:30:00"), now).pass).toBe(true);
    expect(filterTime(w, at("00:30:00"), now).pass).toBe(true);
    expect(filterTime(w, at("01:00:00"), now).pass).toBe(false);
    expect(filterTime(w, at("12:00:00"), now).pass).toBe(false);
  });

  it("passes everything when start equals stop", () => {
    expect(filterTime({ start: "10:00:00", stop: "10:00:00" }, at("03:00:00"), now).pass).toBe(true);
  });

  it("falls back to now when the event time is unreadable", () => {
    const w = { start: "00:00:00", stop: "00:00:01" };
    expect(filterTime(w, "not a time", now).pass).toBe(true);
  });

  it("honours an IANA timezone", () => {
    // Argo v1.9.9's TimeFilter has `timezone`; src/events/types.ts does not type it yet.
    const w = { start: "09:00:00", stop: "17:00:00", timezone: "America/New_York" } as {
      start: string;
      stop: string;
    };
    expect(filterTime(w, at("14:00:00"), now).pass).toBe(true);
    expect(filterTime(w, at("22:00:00"), now).reason).toContain("18:00:00 America/New_York");
    const nowhere = { ...w, timezone: "Nowhere/Land" } as typeof w;
    expect(filterTime(nowhere, at("14:00:00"), now).reason).toContain("invalid timezone");
  });

  it("rejects malformed times with a reason", () => {
    expect(filterTime({ start: "25:00:00", stop: "01:00:00" }, at("00:00:00"), now).reason).toBe(
      'time filter: invalid start "25:00:00" (want HH:MM:SS)',
    );
    expect(filterTime({ start: "01:00:00", stop: "1:0" }, at("00:00:00"), now).pass).toBe(false);
    expect(filterTime({ start: "9:00:00", stop: "10:00:00" }, at("09:30:00"), now).pass).toBe(true);
  });
});
