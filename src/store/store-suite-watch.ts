/** Store suite, part 4: `watch`, the events every write reports to listeners. */
import { describe, expect, it } from "vitest";
import type { Workflow } from "../spec/types.js";
import { type CurrentStore, configMap, node, workflow } from "./store-suite-fixtures.js";
import type { WatchEvent } from "./types.js";

/** Registers the watch tests; `store()` is the store of the running test. */
export function registerWatchTests(store: CurrentStore): void {
  /** Starts recording the events of a kind; the array fills as writes resolve. */
  function record(kind: string): { events: WatchEvent[]; stop: () => void } {
    const events: WatchEvent[] = [];
    const stop = store().watch(kind, (e) => events.push(e));
    return { events, stop };
  }

  describe("watch", () => {
    it("reports ADDED for a create, with the new object's key and resourceVersion", async () => {
      const { events } = record("Workflow");
      const created = await store().create(workflow("wf", "ns1"));
      expect(events).toEqual([
        {
          type: "ADDED",
          kind: "Workflow",
          namespace: "ns1",
          name: "wf",
          resourceVersion: created.metadata.resourceVersion,
        },
      ]);
    });

    it("reports MODIFIED for an update and for a commit, with the version each wrote", async () => {
      const created = await store().create(workflow("wf"));
      const { events } = record("Workflow");
      const updated = await store().update({
        ...created,
        metadata: { ...created.metadata, labels: { a: "b" } },
      });
      await store().commitWorkflow({
        namespace: "default",
        name: "wf",
        status: { phase: "Running" },
        changedNodes: [node("wf")],
        actions: [],
      });
      const after = await store().get<Workflow>("Workflow", "default", "wf");
      expect(events.map((e) => [e.type, e.name, e.resourceVersion])).toEqual([
        ["MODIFIED", "wf", updated.metadata.resourceVersion],
        ["MODIFIED", "wf", after?.metadata.resourceVersion],
      ]);
    });

    it("reports DELETED with the object as it was, and nothing for a missing object", async () => {
      await store().create(workflow("wf"));
      await store().commitWorkflow({
        namespace: "default",
        name: "wf",
        status: { phase: "Succeeded" },
        changedNodes: [node("wf", "Succeeded")],
        actions: [],
      });
      const before = await store().get("Workflow", "default", "wf");
      const { events } = record("Workflow");
      await store().delete("Workflow", "default", "wf");
      await store().delete("Workflow", "default", "wf");
      expect(events).toEqual([
        {
          type: "DELETED",
          kind: "Workflow",
          namespace: "default",
          name: "wf",
          resourceVersion: before?.metadata.resourceVersion,
          object: before,
        },
      ]);
    });

    it("sees only its kind, and every kind with *", async () => {
      const workflows = record("Workflow");
      const all = record("*");
      await store().create(configMap("cm"));
      await store().create(workflow("wf"));
      await store().delete("ConfigMap", "default", "cm");
      expect(workflows.events.map((e) => `${e.type} ${e.kind}`)).toEqual(["ADDED Workflow"]);
      expect(all.events.map((e) => `${e.type} ${e.kind}`)).toEqual([
        "ADDED ConfigMap",
        "ADDED Workflow",
        "DELETED ConfigMap",
      ]);
    });

    it("reports nothing for a write that fails", async () => {
      await store().create(configMap("cm"));
      const { events } = record("*");
      await expect(store().create(configMap("cm"))).rejects.toMatchObject({ code: "Conflict" });
      await expect(store().update(configMap("missing"))).rejects.toMatchObject({ code: "NotFound" });
      await expect(
        store().commitWorkflow({
          namespace: "default",
          name: "nope",
          status: {},
          changedNodes: [],
          actions: [],
        }),
      ).rejects.toMatchObject({ code: "NotFound" });
      expect(events).toEqual([]);
    });

    it("stops calling a listener once unsubscribed, and keeps the others", async () => {
      const first = record("ConfigMap");
      const second = record("ConfigMap");
      await store().create(configMap("a"));
      first.stop();
      await store().create(configMap("b"));
      expect(first.events.map((e) => e.name)).toEqual(["a"]);
      expect(second.events.map((e) => e.name)).toEqual(["a", "b"]);
    });

    it("completes the write and calls the other listeners when one listener throws", async () => {
      store().watch("ConfigMap", () => {
        throw new Error("listener bug");
      });
      const { events } = record("ConfigMap");
      const created = await store().create(configMap("a"));
      expect(await store().get("ConfigMap", "default", "a")).toEqual(created);
      expect(events.map((e) => e.type)).toEqual(["ADDED"]);
    });
  });
}
