import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Workflow } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import { openEmbeddedBus } from "../bus/index.js";
import { recordingWorkflows } from "../triggers/testing.js";
import type { CloudEvent, EventBus, Sensor } from "../types.js";
import { EventsController } from "./controller.js";
import { fireTrigger, firingId } from "./fire.js";
import { Journal } from "./journal.js";
import { SensorRunner } from "./sensor-runner.js";

const dir = mkdtempSync(join(tmpdir(), "argosy-sensor-runner-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;

const event = (subject: string, id: string, data: unknown): CloudEvent => ({
  specversion: "1.0",
  id,
  source: "hooks",
  subject,
  type: "webhook",
  time: "2024-05-01T10:00:00Z",
  datacontenttype: "application/json",
  data,
});

function sensor(spec: Partial<Sensor["spec"]> = {}): Sensor {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Sensor",
    metadata: { name: "s", namespace: "ns", uid: "uid-1" },
    spec: {
      dependencies: [
        {
          name: "a",
          eventSourceName: "hooks",
          eventName: "a",
          filters: { data: [{ path: "body.kind", type: "string", value: ["^go$"] }] },
        },
        { name: "b", eventSourceName: "hooks", eventName: "b" },
      ],
      triggers: [
        {
          template: {
            name: "run",
            conditions: "a && b",
            argoWorkflow: {
              operation: "submit",
              source: {
                resource: {
                  apiVersion: "argoproj.io/v1alpha1",
                  kind: "Workflow",
                  metadata: { generateName: "run-" },
                  spec: {
                    entrypoint: "main",
                    arguments: { parameters: [{ name: "x", value: "" }] },
                    templates: [],
                  },
                },
              },
              parameters: [
                {
                  src: { dependencyName: "a", dataKey: "body.msg" },
                  dest: "spec.arguments.parameters.0.value",
                },
              ],
            },
          },
        },
      ],
      ...spec,
    },
  };
}

interface Harness {
  store: Store;
  bus: EventBus;
  runner: SensorRunner;
  calls: ReturnType<typeof recordingWorkflows>["calls"];
  close(): Promise<void>;
}

async function open(path: string, s: Sensor, failSubmits = 0): Promise<Harness> {
  const store = openSqliteStore({ path });
  const bus = openEmbeddedBus(store, { namespace: "ns", name: "default", pollMs: 20 });
  const { workflows, calls } = recordingWorkflows(store);
  let failures = failSubmits;
  const submit = workflows.submit.bind(workflows);
  workflows.submit = async (wf: Workflow) => {
    if (failures-- > 0) throw new Error("controller unavailable");
    return submit(wf);
  };
  const runner = new SensorRunner(s, {
    store,
    bus,
    workflows,
    now: () => new Date("2024-05-01T10:00:00Z"),
    sleep: async () => {},
  });
  await runner.start();
  return {
    store,
    bus,
    runner,
    calls,
    async close() {
      await runner.stop();
      await bus.close();
      await store.close();
    },
  };
}

async function until(ok: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await ok()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("SensorRunner", () => {
  it("logs why a filter rejected an event, and fires once both dependencies of a && arrived", async () => {
    const h = await open(join(dir, `s${++files}.db`), sensor());
    try {
      await h.bus.publish(event("a", "e1", { body: { kind: "stop", msg: "no" } }));
      await until(() => h.runner.journal.counters.filtered === 1, "the filtered event");
      const log = h.runner.journal.recent().map((e) => e.msg);
      expect(log.some((m) => m.includes("discarded by filters") && m.includes("body.kind"))).toBe(true);

      await h.bus.publish(event("a", "e2", { body: { kind: "go", msg: "hello" } }));
      await until(() => h.runner.journal.recent().some((e) => e.msg.includes("trigger waits")), "waiting");
      expect(h.calls).toHaveLength(0);
      await h.bus.publish(event("b", "e3", {}));
      await until(() => h.runner.journal.counters.triggered === 1, "the firing");
      const wfs = await h.store.list<Workflow>("Workflow", "ns");
      expect(wfs.map((w) => w.spec.arguments?.parameters?.[0]?.value)).toEqual(["hello"]);
      expect(wfs[0]?.metadata.labels?.["events.argoproj.io/sensor"]).toBe("s");
    } finally {
      await h.close();
    }
  });

  it("keeps a half-satisfied condition across a restart", async () => {
    const path = join(dir, `s${++files}.db`);
    const first = await open(path, sensor());
    await first.bus.publish(event("a", "e1", { body: { kind: "go", msg: "kept" } }));
    await until(() => first.runner.journal.recent().some((e) => e.msg.includes("trigger waits")), "a held");
    await first.close();

    const second = await open(path, sensor());
    try {
      await second.bus.publish(event("b", "e2", {}));
      await until(() => second.runner.journal.counters.triggered === 1, "the firing after restart");
      const wfs = await second.store.list<Workflow>("Workflow", "ns");
      expect(wfs.map((w) => w.spec.arguments?.parameters?.[0]?.value)).toEqual(["kept"]);
    } finally {
      await second.close();
    }
  });

  it("the same events firing again (a redelivery after a crash) create nothing new", async () => {
    const store = openSqliteStore({ path: ":memory:" });
    const { workflows } = recordingWorkflows(store);
    const s = sensor();
    const trigger = s.spec.triggers[0];
    if (!trigger) throw new Error("no trigger");
    const events = { a: event("a", "e1", { body: { msg: "once" } }), b: event("b", "e2", {}) };
    const ctx = {
      sensor: s,
      journal: new Journal({ namespace: "ns", sensorName: "s" }),
      store,
      workflows,
      now: () => new Date(),
    };
    try {
      expect(await fireTrigger(trigger, events, ctx)).toBe(true);
      expect(await fireTrigger(trigger, events, ctx)).toBe(true);
      expect(await store.list("Workflow", "ns")).toHaveLength(1);
      // Other events are another firing.
      expect(await fireTrigger(trigger, { ...events, b: event("b", "e3", {}) }, ctx)).toBe(true);
      expect(await store.list("Workflow", "ns")).toHaveLength(2);
      expect(firingId("uid-1", "run", events)).toBe(firingId("uid-1", "run", { b: events.b, a: events.a }));
    } finally {
      await store.close();
    }
  });

  it("an at-least-once trigger that fails keeps the event and fires when the trigger recovers", async () => {
    const s = sensor({
      dependencies: [{ name: "a", eventSourceName: "hooks", eventName: "a" }],
    } as Partial<Sensor["spec"]>);
    const trigger = s.spec.triggers[0];
    if (!trigger) throw new Error("no trigger");
    trigger.template.conditions = "a";
    trigger.atLeastOnce = true;
    const h = await open(join(dir, `s${++files}.db`), s, 2);
    try {
      await h.bus.publish(event("a", "e1", { body: { msg: "retried" } }));
      await until(() => h.runner.journal.counters.triggered === 1, "the firing after two failures");
      expect(h.runner.journal.counters.failed).toBe(2);
      const wfs = await h.store.list<Workflow>("Workflow", "ns");
      expect(wfs.map((w) => w.spec.arguments?.parameters?.[0]?.value)).toEqual(["retried"]);
    } finally {
      await h.close();
    }
  }, 20_000);
});

describe("EventsController", () => {
  it("forgets a deleted Sensor's held events, and keeps them when it only stops", async () => {
    const path = join(dir, `c${++files}.db`);
    const store = openSqliteStore({ path });
    const { workflows } = recordingWorkflows(store);
    const controller = new EventsController({ store, workflows, drivers: {} as never, home: dir });
    await controller.start();
    await store.create(sensor());
    await controller.idle();
    const bus = openEmbeddedBus(store, { namespace: "ns", name: "default" });
    await bus.publish(event("a", "e1", { body: { kind: "go", msg: "held" } }));
    await until(async () => (await store.kvList("sensor/ns/s", "pending/")).length === 1, "a held");
    await controller.stop();
    expect(await store.kvList("sensor/ns/s", "pending/")).toHaveLength(1);

    const again = new EventsController({ store, workflows, drivers: {} as never, home: dir });
    await again.start();
    await store.delete("Sensor", "ns", "s");
    await again.idle();
    expect(await store.kvList("sensor/ns/s")).toHaveLength(0);
    await again.stop();
    await bus.close();
    await store.close();
  });
});
