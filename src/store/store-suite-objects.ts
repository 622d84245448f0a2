/** Store suite, part 1: objects of any kind (create, get, list, update, delete). */
import { describe, expect, it } from "vitest";
import { type CurrentStore, configMap, rv } from "./store-suite-fixtures.js";
import type { StoredObject } from "./types.js";

const RFC3339_SECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

/** Registers the object tests; `store()` is the store of the running test. */
export function registerObjectTests(store: CurrentStore): void {
  describe("create", () => {
    it("assigns uid, creationTimestamp and resourceVersion and keeps the rest", async () => {
      const created = await store().create(configMap("a"));
      expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(created.metadata.creationTimestamp).toMatch(RFC3339_SECONDS);
      expect(rv(created)).toBeGreaterThan(0n);
      expect(created.data).toEqual({ key: "value of a" });
      expect(await store().get("ConfigMap", "default", "a")).toEqual(created);
    });

    it("leaves the object it was given untouched", async () => {
      const input = configMap("a");
      await store().create(input);
      expect(input.metadata).toEqual({ name: "a", namespace: "default" });
    });

    it("gives every object its own uid", async () => {
      const a = await store().create(configMap("a"));
      const b = await store().create(configMap("b"));
      expect(a.metadata.uid).not.toBe(b.metadata.uid);
    });

    it("fails with Conflict when the key exists and keeps the stored object", async () => {
      const first = await store().create(configMap("a"));
      const again = { ...configMap("a"), data: { key: "other" } };
      await expect(store().create(again)).rejects.toMatchObject({ code: "Conflict" });
      expect(await store().get("ConfigMap", "default", "a")).toEqual(first);
    });

    it("keys objects by kind, namespace and name", async () => {
      await store().create(configMap("a", "ns1"));
      await store().create(configMap("a", "ns2"));
      await store().create({ ...configMap("a", "ns1"), kind: "Secret" });
      expect((await store().list("ConfigMap")).length).toBe(2);
      expect((await store().list("Secret")).length).toBe(1);
    });

    it("names an object from generateName plus five characters", async () => {
      const created = await store().create<StoredObject>({
        kind: "ConfigMap",
        metadata: { generateName: "hello-" },
      });
      expect(created.metadata.name).toMatch(/^hello-[a-z0-9]{5}$/);
      expect(await store().get("ConfigMap", "", created.metadata.name!)).toEqual(created);
    });

    it("rejects an object without a name as Invalid", async () => {
      await expect(store().create({ kind: "ConfigMap", metadata: {} })).rejects.toMatchObject({
        code: "Invalid",
      });
    });

    it("stores cluster-scoped objects under namespace ''", async () => {
      const cwt = { kind: "ClusterWorkflowTemplate", metadata: { name: "t" }, spec: {} };
      const created = await store().create(cwt);
      expect(await store().get("ClusterWorkflowTemplate", "", "t")).toEqual(created);
      expect(await store().list("ClusterWorkflowTemplate", "")).toEqual([created]);
    });
  });

  describe("resourceVersion", () => {
    it("grows with every write", async () => {
      const a = await store().create(configMap("a"));
      const b = await store().create(configMap("b"));
      const a2 = await store().update(a);
      expect(rv(b)).toBeGreaterThan(rv(a));
      expect(rv(a2)).toBeGreaterThan(rv(b));
      expect(rv(await store().get("ConfigMap", "default", "a"))).toBe(rv(a2));
    });
  });

  describe("get", () => {
    it("returns undefined for a missing object", async () => {
      expect(await store().get("ConfigMap", "default", "nope")).toBeUndefined();
    });

    it("returns a copy: changing it does not change the store", async () => {
      await store().create(configMap("a"));
      const got = await store().get<StoredObject>("ConfigMap", "default", "a");
      got!.data = { key: "changed" };
      const again = await store().get("ConfigMap", "default", "a");
      expect(again?.data).toEqual({ key: "value of a" });
    });
  });

  describe("list", () => {
    it("lists one namespace, or all, ordered by namespace then name", async () => {
      for (const [name, ns] of [
        ["b", "ns2"],
        ["c", "ns1"],
        ["a", "ns1"],
        ["a", "ns2"],
      ] as const) {
        await store().create(configMap(name, ns));
      }
      await store().create({ ...configMap("z", "ns1"), kind: "Secret" });
      const names = (objs: StoredObject[]) => objs.map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
      expect(names(await store().list("ConfigMap", "ns1"))).toEqual(["ns1/a", "ns1/c"]);
      expect(names(await store().list("ConfigMap"))).toEqual(["ns1/a", "ns1/c", "ns2/a", "ns2/b"]);
      expect(await store().list("ConfigMap", "ns3")).toEqual([]);
    });

    it("keeps only objects carrying every requested label", async () => {
      await store().create(configMap("a", "default", { app: "x", tier: "db" }));
      await store().create(configMap("b", "default", { app: "x" }));
      await store().create(configMap("c", "default"));
      const names = async (labels: Record<string, string>) =>
        (await store().list("ConfigMap", "default", { labels })).map((o) => o.metadata.name);
      expect(await names({ app: "x" })).toEqual(["a", "b"]);
      expect(await names({ app: "x", tier: "db" })).toEqual(["a"]);
      expect(await names({ app: "y" })).toEqual([]);
      expect(await names({})).toEqual(["a", "b", "c"]);
    });
  });

  describe("update", () => {
    it("replaces the object, bumps resourceVersion and keeps uid and creationTimestamp", async () => {
      const created = await store().create(configMap("a"));
      const changed = { ...created, data: { key: "new" }, metadata: { ...created.metadata, uid: "forged" } };
      const updated = await store().update(changed);
      expect(updated.data).toEqual({ key: "new" });
      expect(updated.metadata.uid).toBe(created.metadata.uid);
      expect(updated.metadata.creationTimestamp).toBe(created.metadata.creationTimestamp);
      expect(rv(updated)).toBeGreaterThan(rv(created));
      expect(await store().get("ConfigMap", "default", "a")).toEqual(updated);
    });

    it("succeeds when the expected resourceVersion is the stored one", async () => {
      const created = await store().create(configMap("a"));
      const updated = await store().update({ ...created, data: {} }, created.metadata.resourceVersion);
      expect(updated.data).toEqual({});
    });

    it("fails with Conflict on a stale resourceVersion and changes nothing", async () => {
      const created = await store().create(configMap("a"));
      const current = await store().update({ ...created, data: { key: "first" } });
      const stale = { ...created, data: { key: "second" } };
      await expect(store().update(stale, created.metadata.resourceVersion)).rejects.toMatchObject({
        code: "Conflict",
      });
      expect(await store().get("ConfigMap", "default", "a")).toEqual(current);
    });

    it("fails with NotFound when the object does not exist", async () => {
      await expect(store().update(configMap("nope"))).rejects.toMatchObject({ code: "NotFound" });
      expect(await store().get("ConfigMap", "default", "nope")).toBeUndefined();
    });
  });

  describe("delete", () => {
    it("removes the object and says whether it existed", async () => {
      await store().create(configMap("a"));
      await store().create(configMap("b"));
      expect(await store().delete("ConfigMap", "default", "a")).toBe(true);
      expect(await store().delete("ConfigMap", "default", "a")).toBe(false);
      expect(await store().get("ConfigMap", "default", "a")).toBeUndefined();
      expect((await store().list("ConfigMap")).map((o) => o.metadata.name)).toEqual(["b"]);
    });

    it("frees the key for a new object with a new uid", async () => {
      const first = await store().create(configMap("a"));
      await store().delete("ConfigMap", "default", "a");
      const second = await store().create(configMap("a"));
      expect(second.metadata.uid).not.toBe(first.metadata.uid);
    });
  });
}
