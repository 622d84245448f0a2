import { describe, expect, it } from "vitest";
import { event } from "./bus-contract.js";
import { decodeEvent, encodeEvent } from "./codec.js";
import { checkSubscribe, durableName, subjectKey, subjectToken } from "./subjects.js";

describe("subjectToken", () => {
  it.each([
    ["webhook-example", "webhook-example"],
    ["my_source-1", "my_source-1"],
    ["a.b", "a%2Eb"],
    ["100%", "100%25"],
    ["wild*card>", "wild%2Acard%3E"],
    ["two words", "two%20words"],
    ["tab\there", "tab%09here"],
    ["naïve", "naïve"],
    ["nbsp\u00a0x", "nbsp%C2%A0x"],
  ])("of %j is %j", (name, token) => {
    expect(subjectToken(name)).toBe(token);
  });

  it("keeps two different source/event pairs on two subjects", () => {
    expect(subjectKey("a.b", "c")).not.toBe(subjectKey("a", "b.c"));
    expect(subjectKey("webhook", "example")).toBe("webhook.example");
  });
});

describe("durableName", () => {
  it("keeps a plain consumer name readable and makes one per subject", () => {
    expect(durableName("ns_sensor-a", "src.a")).toMatch(/^ns_sensor-a-[0-9a-f]{12}$/);
    expect(durableName("ns_sensor-a", "src.a")).not.toBe(durableName("ns_sensor-a", "src.b"));
  });

  it("replaces characters NATS forbids and tells apart names that differ only in them", () => {
    const dotted = durableName("ns_sensor.a", "src.a");
    const slashed = durableName("ns_sensor/a", "src.a");
    for (const name of [dotted, slashed]) expect(name).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(dotted).not.toBe(slashed);
    expect(durableName("x".repeat(300), "s.e").length).toBeLessThan(100);
  });
});

describe("checkSubscribe", () => {
  const handler = async () => undefined;
  it("turns subjects into routing keys, once each, with the default redelivery", () => {
    const subject = { eventSourceName: "src", eventName: "a" };
    expect(checkSubscribe({ consumer: "c", subjects: [subject, subject], handler })).toEqual({
      consumer: "c",
      subjects: ["src.a"],
      handler,
      redeliveryMs: 1000,
    });
  });

  it.each([
    [{ consumer: "c", subjects: [{ eventSourceName: "", eventName: "a" }], handler }, /subjects\[0\]/],
    [
      { consumer: "c", subjects: [{ eventSourceName: "s", eventName: "a" }], handler, redeliveryMs: -1 },
      /redeliveryMs/,
    ],
    [{ consumer: "c", subjects: [{ eventSourceName: "s", eventName: "a" }], handler: "no" }, /handler/],
  ])("refuses %j", (options, message) => {
    expect(() => checkSubscribe(options as never)).toThrow(message);
  });
});

describe("event codec", () => {
  it("round-trips an event as one JSON object", () => {
    const e = event("src", "a", "1", { body: { list: [1, "two", null] } });
    expect(JSON.parse(encodeEvent(e))).toEqual(e);
    expect(decodeEvent(encodeEvent(e))).toEqual(e);
  });

  it.each(["not json", "[1]", '{"id":"1","source":"s"}', "null"])("does not decode %j", (body) => {
    expect(decodeEvent(body)).toBeUndefined();
  });

  it("refuses a specversion other than 1.0 and a type that is not a string", () => {
    expect(() => encodeEvent({ ...event("s", "a", "1"), specversion: "0.3" as "1.0" })).toThrow(
      /specversion/,
    );
    expect(() => encodeEvent({ ...event("s", "a", "1"), type: 3 as unknown as string })).toThrow(/type/);
  });
});
