import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { isArgosyError } from "../util/errors.js";
import {
  configMapLimit,
  decodeLockName,
  holderKeyOf,
  LockManager,
  type LockSnapshot,
  lockKeysOf,
  workflowKeyOf,
} from "./locks.js";

const M = "argo/Mutex/m";
const M2 = "argo/Mutex/m2";
const S = "argo/ConfigMap/my-config/template";

/** A manager whose semaphore limits live in a mutable table, as ConfigMaps would. */
function setup(limits: Record<string, number | Error> = { [S]: 2 }) {
  const table = { ...limits };
  const locks = new LockManager({ limitOf: (key) => table[key] ?? new Error(`no limit for ${key}`) });
  return { locks, table };
}

const req = (
  holder: string,
  keys: string[],
  extra: { priority?: number; creationTimestamp?: string } = {},
) => ({
  holder,
  keys,
  ...extra,
});

describe("lockKeysOf", () => {
  const dir = "/work/shared/conformance/argo-examples";
  const keysIn = (file: string): Array<{ where: string; result: ReturnType<typeof lockKeysOf> }> => {
    const wf = parse(readFileSync(`${dir}/${file}`, "utf8"));
    const out: Array<{ where: string; result: ReturnType<typeof lockKeysOf> }> = [];
    if (wf.spec.synchronization)
      out.push({ where: "spec", result: lockKeysOf(wf.spec.synchronization, "argo") });
    for (const t of wf.spec.templates) {
      if (t.synchronization) out.push({ where: t.name, result: lockKeysOf(t.synchronization, "argo") });
    }
    return out;
  };

  it.each([
    [
      "synchronization-wf-level.yaml",
      [{ where: "spec", result: { keys: ["argo/ConfigMap/my-config/workflow"] } }],
    ],
    ["synchronization-mutex-wf-level.yaml", [{ where: "spec", result: { keys: ["argo/Mutex/test"] } }]],
    ["synchronization-tmpl-level.yaml", [{ where: "acquire-lock", result: { keys: [S] } }]],
    [
      "synchronization-mutex-tmpl-level.yaml",
      [
        { where: "acquire-lock", result: { keys: ["argo/Mutex/welcome"] } },
        { where: "acquire-lock-1", result: { keys: ["argo/Mutex/test"] } },
      ],
    ],
    [
      "synchronization-db-wf-level.yaml",
      [
        {
          where: "spec",
          result: { error: "database session is not available for semaphore argo/Database/workflow" },
        },
      ],
    ],
    [
      "synchronization-db-mutex-wf-level.yaml",
      [
        {
          where: "spec",
          result: { error: "database session is not available for mutex argo/Database/test" },
        },
      ],
    ],
    [
      "synchronization-db-tmpl-level.yaml",
      [
        {
          where: "acquire-lock",
          result: { error: "database session is not available for semaphore argo/Database/template" },
        },
      ],
    ],
  ])("derives Argo's lock names from %s", (file, expected) => {
    expect(keysIn(file)).toEqual(expected);
  });

  it("puts semaphores before mutexes and honours an item's namespace", () => {
    const sync = parse(`
mutexes: [{name: a}, {name: b, namespace: other}]
semaphores: [{configMapKeyRef: {name: cm, key: k}, namespace: shared}]
`);
    expect(lockKeysOf(sync, "argo")).toEqual({
      keys: ["shared/ConfigMap/cm/k", "argo/Mutex/a", "other/Mutex/b"],
    });
    expect(lockKeysOf(undefined, "argo")).toEqual({ keys: [] });
  });

  it.each([
    [
      { mutexes: [{ name: "a" }, { name: "a" }] },
      "requested configuration is invalid: duplicate synchronization item found",
    ],
    [
      { semaphores: [{ configMapKeyRef: { name: "c", key: "k" }, database: { key: "k" } }] },
      "requested configuration is invalid: invalid semaphore with both ConfigMapKeyRef and Database",
    ],
    [
      { semaphores: [{ namespace: "x" }] },
      "requested configuration is invalid: cannot get LockName for a Semaphore without a ConfigMapRef or Database",
    ],
    [
      { semaphores: [{ configMapKeyRef: { name: "c" } }] },
      "requested configuration is invalid: Invalid lock key: Key is missing for ConfigMap lock",
    ],
    [{ mutexes: [{}] }, "requested configuration is invalid: Invalid lock key: ResourceName is missing"],
    [{ mutex: { name: "a" } }, 'Argo v4 removed "mutex": use "mutexes", a list'],
    [
      { semaphore: { configMapKeyRef: { name: "c", key: "k" } } },
      'Argo v4 removed "semaphore": use "semaphores", a list',
    ],
  ])("rejects %j", (sync, error) => {
    expect(lockKeysOf(sync, "argo")).toEqual({ error });
  });
});

describe("lock names and holder keys", () => {
  it("decodes lock names with Argo's errors", () => {
    expect(decodeLockName(S)).toEqual({
      namespace: "argo",
      kind: "ConfigMap",
      resourceName: "my-config",
      key: "template",
    });
    expect(decodeLockName(M)).toEqual({ namespace: "argo", kind: "Mutex", resourceName: "m" });
    expect((decodeLockName("argo") as Error).message).toBe("Invalid lock key: unknown format");
    expect((decodeLockName("argo/ConfigMap/cm") as Error).message).toBe(
      "Invalid ConfigMap lock key: unknown format",
    );
    expect((decodeLockName("argo/Secret/x") as Error).message).toBe(
      "Invalid lock key, unexpected kind: Secret",
    );
  });

  it("builds holder keys as Argo's getHolderKey does", () => {
    expect(holderKeyOf("argo", "wf")).toBe("argo/wf");
    expect(holderKeyOf("argo", "wf", "wf-123")).toBe("argo/wf/wf-123");
    expect(workflowKeyOf("argo/wf/wf-123")).toBe("argo/wf");
  });

  it("reads a limit from ConfigMap data with the controller's errors", () => {
    expect(configMapLimit(S, { template: "3" })).toBe(3);
    expect((configMapLimit(S, {}) as Error).message).toBe(
      "Sync configuration key 'template' not found in ConfigMap",
    );
    expect((configMapLimit(S, { template: "two" }) as Error).message).toBe(
      'strconv.Atoi: parsing "two": invalid syntax',
    );
    expect((configMapLimit(S, undefined) as Error).message).toBe('configmaps "my-config" not found');
  });
});

describe("LockManager: granting", () => {
  it("lets one holder have a mutex and queues the next with Argo's message", () => {
    const { locks } = setup();
    expect(locks.request(req("argo/a", [M]))).toEqual({ granted: true, woken: [] });
    expect(locks.request(req("argo/b", [M]))).toEqual({
      granted: false,
      message: "Waiting for argo/Mutex/m lock. Lock status: 0/1",
      failedLock: M,
      woken: [],
    });
    expect(locks.holdersOf(M)).toEqual(["argo/a"]);
    expect(locks.waitersOf(M)).toEqual(["argo/b"]);
  });

  it("hands a released mutex to the next waiter and reports it", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M]));
    locks.request(req("argo/b", [M]));
    expect(locks.release("argo/a")).toEqual(["argo/b"]);
    expect(locks.holdersOf(M)).toEqual(["argo/b"]);
    expect(locks.waitingMessage("argo/b")).toBeUndefined();
  });

  it("admits two of three holders to a semaphore of limit 2", () => {
    const { locks } = setup();
    expect(locks.request(req("argo/w/n1", [S])).granted).toBe(true);
    expect(locks.request(req("argo/w/n2", [S])).granted).toBe(true);
    const third = locks.request(req("argo/v/n3", [S]));
    expect(third.message).toBe("Waiting for argo/ConfigMap/my-config/template lock. Lock status: 0/2");
    expect(locks.release("argo/w/n1")).toEqual(["argo/v/n3"]);
    expect(locks.holdersOf(S)).toEqual(["argo/w/n2", "argo/v/n3"]);
  });

  it("grants by priority, then creation time, then arrival", () => {
    const { locks } = setup();
    locks.request(req("argo/holder", [M]));
    locks.request(req("argo/late-arrival", [M], { creationTimestamp: "2024-01-01T00:00:01Z" }));
    locks.request(req("argo/young", [M], { creationTimestamp: "2024-01-01T00:00:05Z" }));
    locks.request(req("argo/old", [M], { creationTimestamp: "2024-01-01T00:00:00Z" }));
    locks.request(req("argo/twin", [M], { creationTimestamp: "2024-01-01T00:00:01Z" }));
    locks.request(req("argo/urgent", [M], { priority: 5, creationTimestamp: "2024-01-01T00:00:09Z" }));
    expect(locks.waitersOf(M)).toEqual([
      "argo/urgent",
      "argo/old",
      "argo/late-arrival",
      "argo/twin",
      "argo/young",
    ]);
    const order: string[] = [];
    let next = locks.release("argo/holder");
    while (next.length > 0) {
      order.push(...next);
      next = locks.release(next[0] ?? "");
    }
    expect(order).toEqual(["argo/urgent", "argo/old", "argo/late-arrival", "argo/twin", "argo/young"]);
  });

  it("takes several keys all together or not at all", () => {
    const { locks } = setup();
    locks.request(req("argo/c", [M2]));
    const r = locks.request(req("argo/a", [M, M2]));
    expect(r).toMatchObject({ granted: false, failedLock: M2 });
    expect(locks.holdersOf(M)).toEqual([]);
    expect(locks.release("argo/c")).toEqual(["argo/a"]);
    expect(locks.holdersOf(M)).toEqual(["argo/a"]);
    expect(locks.holdersOf(M2)).toEqual(["argo/a"]);
  });

  it("blocks later holders behind the head of a queue, as Argo does", () => {
    const { locks } = setup();
    locks.request(req("argo/c", [M2]));
    locks.request(req("argo/a", [M, M2]));
    // M is free, but argo/a heads its queue, so another workflow must wait its turn.
    expect(locks.request(req("argo/b", [M]))).toMatchObject({
      granted: false,
      message: "Waiting for argo/Mutex/m lock. Lock status: 1/1",
    });
    expect(locks.release("argo/c")).toEqual(["argo/a"]);
    expect(locks.release("argo/a")).toEqual(["argo/b"]);
  });

  it("lets another node of the head's workflow through (isSameWorkflowNodeKeys)", () => {
    const { locks } = setup();
    locks.request(req("argo/c", [M2]));
    locks.request(req("argo/w/w-1", [M, M2]));
    expect(locks.request(req("argo/w/w-2", [M])).granted).toBe(true);
    expect(locks.request(req("argo/v/v-1", [M])).granted).toBe(false);
  });

  it("never deadlocks on keys requested in opposite orders", () => {
    const { locks } = setup();
    expect(locks.request(req("argo/a", [M, M2])).granted).toBe(true);
    expect(locks.request(req("argo/b", [M2, M])).granted).toBe(false);
    expect(locks.holdersOf(M2)).toEqual(["argo/a"]);
    expect(locks.release("argo/a")).toEqual(["argo/b"]);
  });

  it("treats a repeated request as the same request", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M]));
    locks.request(req("argo/b", [M]));
    locks.request(req("argo/c", [M]));
    expect(locks.request(req("argo/a", [M]))).toEqual({ granted: true, woken: [] });
    expect(locks.request(req("argo/b", [M])).granted).toBe(false);
    expect(locks.holdersOf(M)).toEqual(["argo/a"]);
    expect(locks.waitersOf(M)).toEqual(["argo/b", "argo/c"]);
  });

  it("moves a waiter whose priority changed", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M]));
    locks.request(req("argo/b", [M]));
    locks.request(req("argo/c", [M]));
    locks.request(req("argo/c", [M], { priority: 1 }));
    expect(locks.waitersOf(M)).toEqual(["argo/c", "argo/b"]);
  });

  it("removes a released waiter from every queue", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M, M2]));
    locks.request(req("argo/b", [M, M2]));
    locks.request(req("argo/c", [M]));
    expect(locks.release("argo/b")).toEqual([]);
    expect(locks.waitersOf(M)).toEqual(["argo/c"]);
    expect(locks.waitersOf(M2)).toEqual([]);
    expect(locks.waitingMessage("argo/b")).toBeUndefined();
    expect(locks.release("argo/a")).toEqual(["argo/c"]);
  });

  it("releases a whole workflow, its nodes and waiters, and forgets its status", () => {
    const { locks } = setup();
    locks.request(req("argo/w", [M2]));
    locks.request(req("argo/w/w-1", [M]));
    locks.request(req("argo/w/w-2", [S]));
    locks.request(req("argo/v/v-1", [M]));
    expect(locks.releaseAll("argo/w")).toEqual(["argo/v/v-1"]);
    expect(locks.holdersOf(M2)).toEqual([]);
    expect(locks.holdersOf(S)).toEqual([]);
    expect(locks.status("argo/w")).toBeUndefined();
  });
});

describe("LockManager: limits", () => {
  it("holds back new grants until holders drain below a lowered limit", () => {
    const { locks, table } = setup({ [S]: 3 });
    for (const n of ["a", "b", "c"]) locks.request(req(`argo/${n}`, [S]));
    table[S] = 1;
    expect(locks.request(req("argo/d", [S])).message).toBe(
      "Waiting for argo/ConfigMap/my-config/template lock. Lock status: -2/1",
    );
    expect(locks.release("argo/a")).toEqual([]);
    expect(locks.release("argo/b")).toEqual([]);
    expect(locks.release("argo/c")).toEqual(["argo/d"]);
  });

  it("grants waiters when a raised limit is noticed", () => {
    const { locks, table } = setup({ [S]: 1 });
    locks.request(req("argo/a", [S]));
    locks.request(req("argo/b", [S]));
    locks.request(req("argo/c", [S]));
    table[S] = 2;
    expect(locks.recheck()).toEqual(["argo/b"]);
    table[S] = 3;
    expect(locks.request(req("argo/d", [S]))).toMatchObject({ granted: false, woken: ["argo/c"] });
  });

  it("refuses to create a semaphore whose limit cannot be read", () => {
    const { locks } = setup({
      [S]: new Error('configmaps "my-config" not found'),
      "argo/ConfigMap/cm/zero": 0,
    });
    expect(locks.request(req("argo/a", [S]))).toEqual({
      granted: false,
      error: "failed to initialize semaphore argo/ConfigMap/my-config/template with limit",
      woken: [],
    });
    expect(locks.request(req("argo/a", ["argo/ConfigMap/cm/zero"])).error).toBe(
      "failed to initialize semaphore argo/ConfigMap/cm/zero with limit",
    );
    expect(locks.waitersOf(S)).toEqual([]);
    expect(locks.status("argo/a")).toBeUndefined();
  });

  it("keeps the last good limit when the ConfigMap becomes unreadable, and says so at zero", () => {
    const { locks, table } = setup({ [S]: 1 });
    locks.request(req("argo/a", [S]));
    table[S] = new Error("boom");
    expect(locks.request(req("argo/b", [S])).message).toBe(
      "Waiting for argo/ConfigMap/my-config/template lock. Lock status: 0/1",
    );
    table[S] = 0;
    expect(locks.waitingMessage("argo/b")).toBe(
      "Failed to get semaphore limit for argo/ConfigMap/my-config/template",
    );
    expect(locks.release("argo/a")).toEqual([]);
  });

  it("rejects database and malformed lock keys, and malformed holders", () => {
    const { locks } = setup();
    expect(locks.request(req("argo/a", ["argo/Database/x"])).error).toBe(
      "synchronization database session is not available",
    );
    expect(locks.request(req("argo/a", ["nonsense"])).error).toBe("Invalid lock key: unknown format");
    let thrown: unknown;
    try {
      locks.request(req("just-a-name", [M]));
    } catch (e) {
      thrown = e;
    }
    expect(isArgosyError(thrown) && thrown.code).toBe("Invalid");
  });

  it("grants an empty request without recording anything", () => {
    const { locks } = setup();
    expect(locks.request(req("argo/a", []))).toEqual({ granted: true, woken: [] });
    expect(locks.status("argo/a")).toBeUndefined();
  });
});

describe("LockManager: status and messages", () => {
  it("records semaphore holders and, while waiting, the lock's holders", () => {
    const { locks } = setup({ [S]: 1 });
    locks.request(req("argo/w/w-1", [S]));
    locks.request(req("argo/v", [S]));
    expect(locks.status("argo/w")).toEqual({
      semaphore: { holding: [{ semaphore: S, holders: ["argo/w/w-1"] }] },
    });
    expect(locks.status("argo/v")).toEqual({
      semaphore: { waiting: [{ semaphore: S, holders: ["argo/w/w-1"] }] },
    });
    locks.release("argo/w/w-1");
    // Argo keeps the entry and empties it; the waiting entry names other holders, so it stays too.
    expect(locks.status("argo/w")).toEqual({ semaphore: { holding: [{ semaphore: S }] } });
    expect(locks.status("argo/v")).toEqual({
      semaphore: {
        holding: [{ semaphore: S, holders: ["argo/v"] }],
        waiting: [{ semaphore: S, holders: ["argo/w/w-1"] }],
      },
    });
  });

  it("records a mutex holder and the holder a waiter waits on", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M]));
    locks.request(req("argo/b/b-1", [M]));
    expect(locks.status("argo/a")).toEqual({ mutex: { holding: [{ mutex: M, holder: "argo/a" }] } });
    expect(locks.status("argo/b")).toEqual({ mutex: { waiting: [{ mutex: M, holder: "argo/a" }] } });
    locks.release("argo/a");
    expect(locks.status("argo/a")).toEqual({ mutex: {} });
    expect(locks.status("argo/b")).toEqual({
      mutex: { holding: [{ mutex: M, holder: "argo/b/b-1" }], waiting: [{ mutex: M, holder: "argo/a" }] },
    });
    expect(locks.status("argo/nobody")).toBeUndefined();
  });

  it("reports the first blocking lock of a multi-key request", () => {
    const { locks } = setup();
    locks.request(req("argo/x", [M2]));
    locks.request(req("argo/a/a-1", [S, M, M2]));
    expect(locks.waitingLock("argo/a/a-1")).toBe(M2);
    expect(locks.waitingMessage("argo/a/a-1")).toBe("Waiting for argo/Mutex/m2 lock. Lock status: 0/1");
    expect(locks.waitingMessage("argo/x")).toBeUndefined();
  });
});

describe("LockManager: persistence", () => {
  it("round-trips its state through plain JSON", () => {
    const { locks } = setup();
    locks.request(req("argo/a", [M, S]));
    locks.request(req("argo/b", [M], { creationTimestamp: "2024-01-02T00:00:00Z" }));
    locks.request(req("argo/c", [M], { creationTimestamp: "2024-01-01T00:00:00Z" }));
    const json = JSON.parse(JSON.stringify(locks.snapshot())) as LockSnapshot;
    const { locks: again } = setup();
    again.restore(json);
    expect(again.snapshot()).toEqual(locks.snapshot());
    expect(again.waitersOf(M)).toEqual(["argo/c", "argo/b"]);
    expect(again.release("argo/a")).toEqual(["argo/c"]);
    expect(() => again.restore({ version: 2 } as unknown as LockSnapshot)).toThrow(/snapshot version/);
  });

  it("rebuilds holders from workflow statuses, ignoring a lowered limit", () => {
    const { locks } = setup({ [S]: 1 });
    const synchronization = {
      semaphore: { holding: [{ semaphore: S, holders: ["argo/w/w-1", "argo/w/w-2"] }] },
      mutex: { holding: [{ mutex: M, holder: "argo/w" }] },
    };
    const report = locks.restoreFromHolders([
      { workflowKey: "argo/w", synchronization },
      {
        workflowKey: "argo/d",
        synchronization: { mutex: { holding: [{ mutex: "argo/Database/x", holder: "argo/d" }] } },
      },
    ]);
    expect(report.errors).toEqual([
      'cannot re-establish lock "argo/Database/x" held by workflow argo/d at startup: synchronization database session is not available',
    ]);
    expect(locks.status("argo/w")).toEqual(synchronization);
    expect(locks.holdersOf(S)).toEqual(["argo/w/w-1", "argo/w/w-2"]);
    expect(locks.request(req("argo/w", [M])).granted).toBe(true);
    expect(locks.request(req("argo/v", [S])).message).toBe(
      "Waiting for argo/ConfigMap/my-config/template lock. Lock status: -1/1",
    );
    expect(locks.release("argo/w/w-1")).toEqual([]);
    expect(locks.release("argo/w/w-2")).toEqual(["argo/v"]);
  });
});

describe("LockManager: a large queue", () => {
  // Its cost is a benchmark's business, not a test's: this checks only the order at 10,000 holders.
  it("serves a 10,000-node fan-out on one semaphore in order", () => {
    const { locks } = setup({ [S]: 2 });
    const nodes = Array.from({ length: 10_000 }, (_, i) => `argo/w/w-${i}`);
    for (const n of nodes) locks.request(req(n, [S], { creationTimestamp: "2024-01-01T00:00:00Z" }));
    const order = [...locks.holdersOf(S)];
    for (let i = 0; i < nodes.length; i++) order.push(...locks.release(order[i] ?? ""));
    expect(order).toEqual(nodes);
  });
});
