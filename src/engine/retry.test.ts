import { describe, expect, it } from "vitest";
import { runFake } from "./testing.js";

const retrying = (strategy: string) => `
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: flaky, template: flaky}]]
  - name: flaky
    retryStrategy: ${strategy}
    container: {image: busybox, args: ["{{retries}}"]}
`;

describe("retries", () => {
  it("retries a failing pod under a Retry node until it succeeds, copying the last attempt's outputs", () => {
    const run = runFake(retrying("{limit: 3}"), (pod) =>
      pod.main.args?.[0] === "2" ? { exitCode: 0, result: "third time" } : { exitCode: 1 },
    );
    const retry = run.byName("[0].flaky");
    expect(retry).toMatchObject({ type: "Retry", phase: "Succeeded", outputs: { result: "third time" } });
    expect(retry.children?.map((id) => run.workflow.status?.nodes?.[id]?.displayName)).toEqual([
      "flaky(0)",
      "flaky(1)",
      "flaky(2)",
    ]);
    expect(run.byName("[0].flaky(1)")).toMatchObject({ phase: "Failed", nodeFlag: { retried: true } });
    expect(run.pods.map((p) => p.main.args?.[0])).toEqual(["0", "1", "2"]);
    expect(run.workflow.status?.phase).toBe("Succeeded");
  });

  it("stops after limit + 1 attempts with No more retries left", () => {
    const run = runFake(retrying('{limit: "2"}'), () => ({ exitCode: 2 }));
    expect(run.byName("[0].flaky")).toMatchObject({ phase: "Failed", message: "No more retries left" });
    expect(run.pods).toHaveLength(3);
    expect(run.workflow.status?.phase).toBe("Failed");
  });

  it("does not retry an Error under the default OnFailure policy", () => {
    const run = runFake(retrying("{limit: 3}"), () => ({ exitCode: -1, error: "image rejected" }));
    expect(run.byName("[0].flaky")).toMatchObject({ phase: "Error", message: "image rejected" });
    expect(run.pods).toHaveLength(1);
  });

  it("ends when the expression is false", () => {
    const run = runFake(retrying('{limit: 5, expression: "asInt(lastRetry.exitCode) == 1"}'), (pod) =>
      pod.main.args?.[0] === "0" ? { exitCode: 1 } : { exitCode: 2 },
    );
    expect(run.byName("[0].flaky")).toMatchObject({ message: "retryStrategy.expression evaluated to false" });
    expect(run.pods).toHaveLength(2);
  });

  it("waits the backoff (duration × factor^n, capped) between attempts under the fake clock", () => {
    const run = runFake(
      retrying('{limit: 3, backoff: {duration: "10s", factor: 2, cap: "15s"}}'),
      () => ({ exitCode: 1 }),
      {
        stepMs: 1000,
      },
    );
    const attempts = ["(0)", "(1)", "(2)", "(3)"].map((s) => run.byName(`[0].flaky${s}`));
    const gaps = attempts
      .slice(1)
      .map((a, i) => Date.parse(a.startedAt ?? "") - Date.parse(attempts[i]?.finishedAt ?? ""));
    expect(gaps[0]).toBeGreaterThanOrEqual(10_000);
    expect(gaps[1]).toBeGreaterThanOrEqual(15_000);
    expect(gaps[1]).toBeLessThan(20_000);
    expect(run.byName("[0].flaky").message).toBe("No more retries left");
  });

  it("gives up when the backoff would pass maxDuration", () => {
    const run = runFake(retrying('{limit: 10, backoff: {duration: "1m", maxDuration: "90s"}}'), () => ({
      exitCode: 1,
    }));
    expect(run.byName("[0].flaky").message).toBe("Backoff would exceed max duration limit");
  });

  it("applies the workflow's retryStrategy to templates without one", () => {
    const run = runFake(
      `
spec:
  entrypoint: t
  retryStrategy: {limit: 1}
  templates:
  - name: t
    container: {image: busybox}
`,
      () => ({ exitCode: 1 }),
    );
    expect(run.byName("")).toMatchObject({ type: "Retry", phase: "Failed", message: "No more retries left" });
    expect(run.pods).toHaveLength(2);
  });
});
