import { describe, expect, it } from "vitest";
import type { CloudEvent, EventDependency, EventDependencyFilter } from "../../types.js";
import { filterEvent } from "./index.js";

const event: CloudEvent = {
  specversion: "1.0",
  id: "e1",
  source: "webhook",
  subject: "example",
  type: "webhook",
  time: "2024-05-01T12:30:00Z",
  datacontenttype: "application/json",
  data: { body: { action: "opened", n: 5 } },
};
const now = new Date("2024-05-01T12:30:00Z");

const dep = (filters?: EventDependencyFilter, filtersLogicalOperator?: string): EventDependency => ({
  name: "d",
  eventSourceName: "webhook",
  eventName: "example",
  ...(filters ? { filters } : {}),
  ...(filtersLogicalOperator ? { filtersLogicalOperator } : {}),
});

const goodData = { data: [{ path: "body.action", type: "string", value: ["opened"] }] };
const badData = { data: [{ path: "body.action", type: "string", value: ["closed"] }] };
const badTime = { time: { start: "00:00:00", stop: "01:00:00" } };
const goodContext = { context: { type: "webhook" } };

describe("filterEvent", () => {
  it("passes a dependency without filters", async () => {
    expect(await filterEvent(dep(), event, now)).toEqual({ pass: true });
    expect(await filterEvent(dep({}), event, now)).toEqual({ pass: true });
  });

  it("needs every kind with and (default) and reports the first failure", async () => {
    expect((await filterEvent(dep({ ...goodData, ...goodContext }), event, now)).pass).toBe(true);
    expect(await filterEvent(dep({ ...goodData, ...badTime }), event, now)).toEqual({
      pass: false,
      reason: "time filter: event time 12:30:00 UTC is outside [00:00:00, 01:00:00)",
    });
    expect((await filterEvent(dep({ ...badData, ...goodContext }), event, now)).reason).toBe(
      'data filter "body.action": value "opened" is not one of [closed]',
    );
  });

  it("does not run the script once another kind failed (and)", async () => {
    const r = await filterEvent(dep({ ...badData, script: "while true do end" }), event, now);
    expect(r.reason).toContain("data filter");
  });

  it("needs one set kind with or", async () => {
    expect((await filterEvent(dep({ ...badData, ...goodContext }, "or"), event, now)).pass).toBe(true);
    const r = await filterEvent(dep({ ...badData, ...badTime }, "or"), event, now);
    expect(r.pass).toBe(false);
    expect(r.reason).toMatch(/^no filter passed \(filtersLogicalOperator or\): data filter .*; time filter/);
  });

  it("combines exprs and a script", async () => {
    const filters: EventDependencyFilter = {
      exprs: [{ expr: "n > 3", fields: [{ name: "n", path: "body.n" }] }],
      script: 'return event.body.action == "opened"',
    };
    expect(await filterEvent(dep(filters), event, now)).toEqual({ pass: true });
    const failing = await filterEvent(dep({ ...filters, script: "return false" }), event, now);
    expect(failing).toEqual({ pass: false, reason: "script filter: returned false" });
  });
});
