import { describe, expect, it } from "vitest";
import type { MemoEntry } from "./memo.js";
import { runFake } from "./testing.js";

const memoized = `
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: m, template: t, arguments: {parameters: [{name: x, value: "7"}]}}]]
  - name: t
    inputs: {parameters: [{name: x}]}
    memoize: {key: "t-{{inputs.parameters.x}}", maxAge: "1h", cache: {configMap: {name: my-cache}}}
    container: {image: busybox}
`;

describe("memoization", () => {
  it("runs on a miss, records memoizationStatus and asks to save the outputs", () => {
    const run = runFake(memoized, () => ({ result: "49" }), { memoCache: () => undefined });
    expect(run.byName("[0].m").memoizationStatus).toEqual({ hit: false, key: "t-7", cacheName: "my-cache" });
    expect(run.pods).toHaveLength(1);
    const save = run.actions.find((a) => a.type === "memoSave");
    expect(save).toMatchObject({
      type: "memoSave",
      cacheName: "my-cache",
      key: "t-7",
      entry: { outputs: { result: "49" } },
    });
  });

  it("creates a hit node Succeeded with the cached outputs and runs nothing", () => {
    const entry: MemoEntry = { creationTimestamp: "2024-01-01T00:00:00Z", outputs: { result: "cached" } };
    const run = runFake(memoized, () => undefined, {
      memoCache: (cache, key) => (cache === "my-cache" && key === "t-7" ? entry : undefined),
    });
    expect(run.pods).toHaveLength(0);
    expect(run.byName("[0].m")).toMatchObject({
      phase: "Succeeded",
      outputs: { result: "cached" },
      memoizationStatus: { hit: true, key: "t-7", cacheName: "my-cache" },
    });
    expect(run.actions.some((a) => a.type === "memoSave")).toBe(false);
  });

  it("ignores an entry older than maxAge", () => {
    const stale: MemoEntry = { creationTimestamp: "2023-12-31T00:00:00Z", outputs: { result: "old" } };
    const run = runFake(memoized, () => ({ result: "fresh" }), { memoCache: () => stale });
    expect(run.pods).toHaveLength(1);
    expect(run.byName("[0].m").outputs?.result).toBe("fresh");
  });
});
