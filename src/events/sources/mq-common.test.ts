import { describe, expect, it } from "vitest";
import { recordingContext } from "../testing/source-context.js";
import {
  backoffDelays,
  decodeBody,
  metadataOf,
  SourceRunner,
  sourceFilter,
  stableEventId,
  tlsMaterial,
} from "./mq-common.js";

describe("backoffDelays", () => {
  it("follows Argo's defaults: 1s, factor 1, jitter up to 100%", () => {
    const delay = backoffDelays(undefined);
    for (let attempt = 0; attempt < 20; attempt++) {
      expect(delay(attempt)).toBeGreaterThanOrEqual(1000);
      expect(delay(attempt)).toBeLessThanOrEqual(2000);
    }
  });

  it("grows by factor up to the last step, then keeps that delay", () => {
    const delay = backoffDelays({ duration: "100ms", factor: 2, jitter: 0, steps: 3 });
    expect([0, 1, 2, 3, 10].map(delay)).toEqual([100, 200, 400, 400, 400]);
  });

  it("reads an integer duration as nanoseconds and string factors", () => {
    const delay = backoffDelays({ duration: 250_000_000, factor: "1.5", jitter: "0" });
    expect([delay(0), delay(1)]).toEqual([250, 375]);
  });

  it("caps a delay at 5 minutes and refuses nonsense", () => {
    expect(backoffDelays({ duration: "1h", jitter: 0 })(0)).toBe(300_000);
    expect(() => backoffDelays({ duration: "soon" })).toThrow(/invalid duration/);
    expect(() => backoffDelays({ factor: "x" })).toThrow(/invalid duration, factor or jitter/);
  });
});

describe("decodeBody", () => {
  it("parses JSON under jsonBody and reports a payload that is not JSON", () => {
    expect(decodeBody(Buffer.from('{"a":1}'), true, "bytes")).toEqual({ ok: true, body: { a: 1 } });
    const bad = decodeBody("", true, "string");
    expect(bad.ok).toBe(false);
  });

  it("keeps text as a string, and bytes as base64 like Go's []byte", () => {
    expect(decodeBody("héllo", false, "string")).toEqual({ ok: true, body: "héllo" });
    expect(decodeBody(Buffer.from([0xff, 0x00]), false, "bytes")).toEqual({ ok: true, body: "/wA=" });
  });
});

describe("sourceFilter", () => {
  it("is absent without an expression", () => {
    expect(sourceFilter({})).toBeUndefined();
    expect(sourceFilter({ filter: { expression: "" } })).toBeUndefined();
  });

  it("evaluates over the data's top-level keys, '-' read as '_', numbers as floats", () => {
    const filter = sourceFilter({
      filter: { expression: 'body.n == 2 && message_id == "1-0" && type(body.n) == "float"' },
    });
    expect(filter?.({ "message-id": "1-0", body: { n: 2 } })).toBe(true);
    expect(filter?.({ "message-id": "1-0", body: { n: 3 } })).toBe(false);
  });

  it("throws when the expression does not give a boolean", () => {
    expect(() => sourceFilter({ filter: { expression: "body" } })?.({ body: 1 })).toThrow(/to bool/);
  });
});

describe("stableEventId", () => {
  it("is a UUID that depends only on its parts", () => {
    const id = stableEventId(["ns", "src", "ev", "s", "1-0"]);
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(stableEventId(["ns", "src", "ev", "s", "1-0"])).toBe(id);
    expect(stableEventId(["ns", "src", "ev", "s", "1-1"])).not.toBe(id);
    expect(stableEventId(["a", "bc"])).not.toBe(stableEventId(["ab", "c"]));
  });
});

describe("metadataOf", () => {
  it("sorts keys as Go marshals a map, and leaves an empty map out", () => {
    expect(Object.keys(metadataOf({ metadata: { z: "1", a: "2" } }) ?? {})).toEqual(["a", "z"]);
    expect(metadataOf({ metadata: {} })).toBeUndefined();
  });
});

describe("tlsMaterial", () => {
  it("reads the PEMs from secrets and maps insecureSkipVerify", async () => {
    const context = recordingContext({ secrets: { tls: { ca: "CA", cert: "CERT", key: "KEY" } } });
    const material = await tlsMaterial(
      {
        caCertSecret: { name: "tls", key: "ca" },
        clientCertSecret: { name: "tls", key: "cert" },
        clientKeySecret: { name: "tls", key: "key" },
        insecureSkipVerify: true,
      },
      context,
    );
    expect(material).toEqual({ ca: "CA", cert: "CERT", key: "KEY", rejectUnauthorized: false });
    expect(await tlsMaterial(undefined, context)).toBeUndefined();
    await expect(tlsMaterial({ caCertSecret: { name: "missing", key: "ca" } }, context)).rejects.toThrow(
      /not found/,
    );
  });
});

describe("SourceRunner", () => {
  it("logs each failed connection attempt and stops cleanly while retrying", async () => {
    const context = recordingContext();
    let attempts = 0;
    const runner = new SourceRunner({
      context,
      name: "test",
      delays: () => 1,
      connect: async () => {
        attempts++;
        throw new Error(`refused ${attempts}`);
      },
    });
    await runner.start();
    await context.waitForLog(/failed to connect/, 3);
    await runner.stop();
    const failures = context.logs.filter((log) => /failed to connect/.test(log.message));
    expect(failures.length).toBeGreaterThanOrEqual(3);
    expect(attempts).toBeGreaterThanOrEqual(failures.length);
    expect(failures[0]?.fields).toMatchObject({ error: "refused 1", attempt: 1 });
    expect(context.logs.at(-1)?.message).toBe("test: stopped");
  });

  it("retries an emit the bus refuses, then hands it over; a filtered-out event is handled without emit", async () => {
    const context = recordingContext();
    let refusals = 2;
    context.emitBehaviour = () => (refusals-- > 0 ? "fail" : "ok");
    const runner = new SourceRunner({
      context,
      name: "test",
      delays: () => 1,
      connect: async () => ({ closed: new Promise(() => {}), close: async () => {} }),
    });
    await runner.start();
    expect(await runner.deliver({ n: 1 })).toBe(true);
    expect(context.events.map((e) => e.data)).toEqual([{ n: 1 }]);
    expect(context.logs.filter((log) => /failed to publish/.test(log.message))).toHaveLength(2);
    expect(await runner.deliver({ n: 2 }, { filter: () => false })).toBe(true);
    expect(context.events).toHaveLength(1);
    await runner.stop();
    expect(await runner.handle(async () => {})).toBe(false);
  });

  it("gives up an emit when the source stops, so the message stays unacknowledged", async () => {
    const context = recordingContext();
    context.emitBehaviour = () => "fail";
    const runner = new SourceRunner({
      context,
      name: "test",
      delays: () => 1,
      connect: async () => ({ closed: new Promise(() => {}), close: async () => {} }),
    });
    await runner.start();
    const delivered = runner.deliver({ n: 1 });
    await context.waitForLog(/failed to publish/);
    await runner.stop();
    expect(await delivered).toBe(false);
  });
});
