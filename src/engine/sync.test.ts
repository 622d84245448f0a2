import { describe, expect, it } from "vitest";
import { LockManager } from "../controller/locks.js";
import { type FakeLocks, runFake } from "./testing.js";

/** The controller's real lock manager behind the fake driver. */
function locks(limits: Record<string, number> = {}): FakeLocks & { manager: LockManager } {
  const manager = new LockManager({ limitOf: (key) => limits[key] ?? new Error(`no limit for ${key}`) });
  return {
    manager,
    request(req) {
      const r = manager.request(req);
      return {
        granted: r.granted,
        ...(r.message ? { message: r.message } : {}),
        ...(r.failedLock ? { lock: r.failedLock } : {}),
      };
    },
    release: (holder) => manager.release(holder),
  };
}

const mutexSteps = `
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: a, template: locked}, {name: b, template: locked}]]
  - name: locked
    synchronization: {mutexes: [{name: only-one}]}
    container: {image: busybox}
`;

describe("synchronization", () => {
  it("runs two steps that share a mutex one after the other", () => {
    const run = runFake(mutexSteps, () => undefined, { locks: locks() });
    const a = run.byName("[0].a");
    const b = run.byName("[0].b");
    expect([a.phase, b.phase]).toEqual(["Succeeded", "Succeeded"]);
    expect(Date.parse(b.finishedAt ?? "")).toBeGreaterThan(Date.parse(a.finishedAt ?? ""));
    expect(run.workflow.status?.phase).toBe("Succeeded");
    expect(b.synchronizationStatus).toBeUndefined();
  });

  it("shows Argo's waiting message while the mutex is held", () => {
    const l = locks();
    const run = runFake(mutexSteps, () => undefined, { locks: l, maxTurns: 2 });
    const waiting = [run.byName("[0].a"), run.byName("[0].b")].find((n) => n.synchronizationStatus);
    expect(waiting?.phase).toBe("Pending");
    expect(waiting?.message).toBe("Waiting for default/Mutex/only-one lock. Lock status: 0/1");
    expect(waiting?.synchronizationStatus).toEqual({ waiting: "default/Mutex/only-one" });
    expect(run.pods).toHaveLength(1);
  });

  it("lets a semaphore of 2 run two of three at once", () => {
    const run = runFake(
      `
spec:
  entrypoint: main
  templates:
  - name: main
    steps: [[{name: x, template: t, withItems: [1, 2, 3]}]]
  - name: t
    synchronization: {semaphores: [{configMapKeyRef: {name: limits, key: t}}]}
    container: {image: busybox}
`,
      () => undefined,
      { locks: locks({ "default/ConfigMap/limits/t": 2 }), maxTurns: 2 },
    );
    expect(run.pods).toHaveLength(2);
  });

  it("holds a workflow-level mutex for the whole run and releases it at the end", () => {
    const l = locks();
    const run = runFake(
      `
spec:
  entrypoint: t
  synchronization: {mutexes: [{name: wf-lock}]}
  templates: [{name: t, container: {image: busybox}}]
`,
      () => undefined,
      { locks: l },
    );
    expect(run.workflow.status?.phase).toBe("Succeeded");
    expect(l.manager.holdersOf("default/Mutex/wf-lock")).toEqual([]);
  });
});
