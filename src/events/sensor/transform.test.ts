import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import type { CloudEvent, EventDependency } from "../types.js";
import { jqLimits, transformEvent } from "./transform.js";

const hasJq = spawnSync("jq", ["--version"]).status === 0;

const event: CloudEvent = {
  specversion: "1.0",
  id: "e1",
  source: "webhook",
  subject: "example",
  type: "webhook",
  time: "2024-05-01T12:30:00Z",
  datacontenttype: "application/json",
  data: { body: { a: 1, b: "x", list: [3, 1, 2] } },
};

const dep = (transform: EventDependency["transform"]): EventDependency => ({
  name: "d",
  eventSourceName: "webhook",
  eventName: "example",
  transform,
});

describe.skipIf(!hasJq)("transform.jq (needs the jq binary)", () => {
  it("replaces the data with jq's first output (Argo's example)", async () => {
    const out = await transformEvent(dep({ jq: ".body.a += 1 | .body.list |= sort" }), event);
    expect(out.data).toEqual({ body: { a: 2, b: "x", list: [1, 2, 3] } });
    expect(out.id).toBe("e1");
    expect(event.data).toEqual({ body: { a: 1, b: "x", list: [3, 1, 2] } });
  });

  it("takes the first of several outputs", async () => {
    const out = await transformEvent(dep({ jq: "{n: 1}, {n: 2}" }), event);
    expect(out.data).toEqual({ n: 1 });
  });

  it("reports jq's error message as Invalid", async () => {
    await expect(transformEvent(dep({ jq: ".body |" }), event)).rejects.toThrow(
      expect.objectContaining({ code: "Invalid", message: expect.stringMatching(/jq: error/) }),
    );
    await expect(transformEvent(dep({ jq: ".body.b + 1" }), event)).rejects.toThrow(/cannot be added/);
  });

  it("requires an object result, as Argo does", async () => {
    await expect(transformEvent(dep({ jq: ".body.a" }), event)).rejects.toThrow(
      "jq transformation output must be a JSON object",
    );
    await expect(transformEvent(dep({ jq: "empty" }), event)).rejects.toThrow(/no output available/);
  });

  it("does not read a filter starting with - as an option", async () => {
    await expect(transformEvent(dep({ jq: "-1 | {x: .}" }), event)).resolves.toMatchObject({
      data: { x: -1 },
    });
  });

  it("stops jq at the time limit", async () => {
    const saved = jqLimits.timeoutMs;
    jqLimits.timeoutMs = 200;
    try {
      await expect(transformEvent(dep({ jq: "def f: f; f" }), event)).rejects.toThrow(/time limit of 200 ms/);
    } finally {
      jqLimits.timeoutMs = saved;
    }
  });
});

describe("transform.script", () => {
  it("replaces the data with the returned table (Argo's example)", async () => {
    const out = await transformEvent(dep({ script: 'event.body.b = "updated"; return event' }), event);
    expect(out.data).toEqual({ body: { a: 1, b: "updated", list: [3, 1, 2] } });
  });

  it("requires a table result", async () => {
    await expect(transformEvent(dep({ script: "return 1" }), event)).rejects.toThrow(
      "transformation script output type is not of lua table",
    );
  });

  it("reports Lua errors as Invalid", async () => {
    await expect(transformEvent(dep({ script: "return event.nope.x" }), event)).rejects.toThrow(
      expect.objectContaining({ code: "Invalid" }),
    );
  });
});

describe("transformEvent", () => {
  it("leaves events without a transform or data unchanged", async () => {
    expect(await transformEvent(dep(undefined), event)).toBe(event);
    const empty = { ...event, data: undefined };
    expect(await transformEvent(dep({ script: "return {}" }), empty)).toBe(empty);
  });

  it("needs object data, as Argo does", async () => {
    await expect(transformEvent(dep({ script: "return {}" }), { ...event, data: [1] })).rejects.toThrow(
      /needs the event data to be a JSON object/,
    );
  });
});
