import { afterEach, describe, expect, it } from "vitest";
import { runTrigger } from "./index.js";
import { cloudEvent, firing, type TestDeps, testDeps } from "./testing.js";

let deps: TestDeps;
afterEach(async () => {
  await deps?.store.close();
});

describe("log trigger", () => {
  it("logs each event's data with its dependency name and context at info", async () => {
    deps = testDeps();
    const events = { b: cloudEvent({ n: 2 }, { id: "e2" }), a: cloudEvent({ n: 1 }, { id: "e1" }) };
    const result = await runTrigger(
      { name: "log-all", log: {} },
      firing(events, { sensorName: "s-log" }),
      deps,
    );
    expect(result.message).toBe("logged 2 events");
    expect(deps.lines.map((l) => [l.level, l.message, l.fields?.dependencyName])).toEqual([
      ["info", '{"n":1}', "a"],
      ["info", '{"n":2}', "b"],
    ]);
    expect(deps.lines[0]?.fields?.eventContext).toMatchObject({
      id: "e1",
      source: "webhook-es",
      type: "webhook",
    });
    expect(deps.lines[0]?.fields?.eventContext).not.toHaveProperty("data");
  });

  it("logs at most once per intervalSeconds per trigger", async () => {
    let now = Date.parse("2024-05-01T12:00:00Z");
    deps = testDeps({ now: () => new Date(now) });
    const events = { a: cloudEvent("x") };
    const run = () =>
      runTrigger(
        { name: "log-slow", log: { intervalSeconds: 10 } },
        firing(events, { sensorName: "s-int" }),
        deps,
      );
    await run();
    now += 5_000;
    expect((await run()).message).toMatch(/not logged/);
    now += 5_000;
    expect((await run()).message).toMatch(/not logged/);
    now += 1;
    expect((await run()).message).toBe("logged 1 event");
    expect(deps.lines).toHaveLength(2);
    // Another trigger of the same sensor has its own interval.
    await runTrigger(
      { name: "log-other", log: { intervalSeconds: 10 } },
      firing(events, { sensorName: "s-int" }),
      deps,
    );
    expect(deps.lines).toHaveLength(3);
  });
});
