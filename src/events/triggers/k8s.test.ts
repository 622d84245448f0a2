import { afterEach, describe, expect, it } from "vitest";
import type { StoredObject } from "../../store/types.js";
import type { K8sTrigger } from "../types.js";
import { firingName } from "./create-once.js";
import { runTrigger } from "./index.js";
import { cloudEvent, firing, type TestDeps, testDeps } from "./testing.js";

const events = { dep: cloudEvent({ body: { color: "blue", size: 3 } }) };

function k8s(spec: Partial<K8sTrigger> & Pick<K8sTrigger, "source">) {
  return { name: "t1", k8s: spec };
}

let deps: TestDeps;
afterEach(async () => {
  await deps?.store.close();
});

const configMap = (name: string, data: Record<string, string>) => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "argo" },
  data,
});

describe("k8s create", () => {
  it("creates a ConfigMap in the store with parameters, labels and a firing-derived name", async () => {
    deps = testDeps();
    const result = await runTrigger(
      k8s({
        source: {
          resource: { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "cm-" }, data: {} },
        },
        parameters: [{ src: { dependencyName: "dep", dataKey: "body.color" }, dest: "data.color" }],
      }),
      firing(events),
      deps,
    );
    const name = firingName("cm-", "firing-1");
    expect(result).toMatchObject({
      message: `created ConfigMap argo/${name}`,
      object: { kind: "ConfigMap", name },
    });
    const cm = await deps.store.get<StoredObject>("ConfigMap", "argo", name);
    expect(cm?.data).toEqual({ color: "blue" });
    expect(cm?.metadata.labels).toMatchObject({
      "events.argoproj.io/sensor": "webhook-sensor",
      "events.argoproj.io/trigger": "t1",
    });
    expect(deps.calls).toEqual([]);
  });

  it("creates one object for a repeated firing", async () => {
    deps = testDeps();
    const template = k8s({ source: { resource: { kind: "ConfigMap", metadata: { generateName: "cm-" } } } });
    await runTrigger(template, firing(events), deps);
    const again = await runTrigger(template, firing(events), deps);
    expect(again.message).toMatch(/already created for this firing/);
    expect(await deps.store.list("ConfigMap", "argo")).toHaveLength(1);
  });

  it("submits a Workflow through the workflow operations so it starts", async () => {
    deps = testDeps();
    await runTrigger(
      k8s({
        source: {
          resource: {
            apiVersion: "argoproj.io/v1alpha1",
            kind: "Workflow",
            metadata: { name: "wf" },
            spec: { entrypoint: "main" },
          },
        },
      }),
      firing(events),
      deps,
    );
    expect(deps.calls).toEqual([{ op: "submit", namespace: "argo", name: "wf" }]);
  });

  it("refuses a cluster-scoped kind and another namespace: a Sensor acts only in its own", async () => {
    deps = testDeps();
    await expect(
      runTrigger(
        k8s({
          source: { resource: { kind: "ClusterWorkflowTemplate", metadata: { name: "cwt" }, spec: {} } },
        }),
        firing(events),
        deps,
      ),
    ).rejects.toThrow(/ClusterWorkflowTemplate is cluster-scoped; a Sensor acts only in its own namespace/);
    await expect(
      runTrigger(
        k8s({ source: { resource: { kind: "ConfigMap", metadata: { name: "cm", namespace: "other" } } } }),
        firing(events),
        deps,
      ),
    ).rejects.toThrow(/namespace "other" is not the Sensor's namespace "argo"/);
    expect(await deps.store.get("ClusterWorkflowTemplate", "", "cwt")).toBeUndefined();
    expect(await deps.store.get("ConfigMap", "other", "cm")).toBeUndefined();
  });
});

describe("k8s update, patch and delete", () => {
  it("update merges the resource over the stored object", async () => {
    deps = testDeps();
    await deps.store.create(configMap("settings", { a: "1", b: "2" }));
    await runTrigger(
      k8s({
        operation: "update",
        source: { resource: { kind: "ConfigMap", metadata: { name: "settings" }, data: { b: "" } } },
        parameters: [{ src: { dependencyName: "dep", dataKey: "body.color" }, dest: "data.color" }],
      }),
      firing(events),
      deps,
    );
    const cm = await deps.store.get<StoredObject>("ConfigMap", "argo", "settings");
    expect(cm?.data).toEqual({ a: "1", b: "", color: "blue" });
  });

  it("update with liveObject applies the parameters to the stored object", async () => {
    deps = testDeps();
    await deps.store.create(configMap("live", { a: "1" }));
    await runTrigger(
      k8s({
        operation: "update",
        liveObject: true,
        source: { resource: { kind: "ConfigMap", metadata: { name: "live", namespace: "argo" } } },
        parameters: [{ src: { dependencyName: "dep", dataKey: "body.color" }, dest: "data.a" }],
      }),
      firing(events),
      deps,
    );
    expect((await deps.store.get<StoredObject>("ConfigMap", "argo", "live"))?.data).toEqual({ a: "blue" });
  });

  it("patch applies a merge patch (null removes) and creates a missing object", async () => {
    deps = testDeps();
    await deps.store.create(configMap("p", { keep: "1", drop: "2" }));
    const template = (name: string) =>
      k8s({
        operation: "patch",
        source: { resource: { kind: "ConfigMap", metadata: { name }, data: { drop: null, add: "3" } } },
      });
    const patched = await runTrigger(template("p"), firing(events), deps);
    expect(patched.message).toBe("patched ConfigMap argo/p");
    expect((await deps.store.get<StoredObject>("ConfigMap", "argo", "p"))?.data).toEqual({
      keep: "1",
      add: "3",
    });
    const created = await runTrigger(template("new"), firing(events), deps);
    expect(created.message).toBe("created ConfigMap argo/new");
  });

  it("refuses json-patch", async () => {
    deps = testDeps();
    await expect(
      runTrigger(
        k8s({
          operation: "patch",
          patchStrategy: "application/json-patch+json",
          source: { resource: { kind: "ConfigMap", metadata: { name: "p" } } },
        }),
        firing(events),
        deps,
      ),
    ).rejects.toMatchObject({
      code: "Invalid",
      message: /k8s.patchStrategy "application\/json-patch\+json" is not supported/,
    });
  });

  it("delete removes the object and succeeds when it is already gone", async () => {
    deps = testDeps();
    await deps.store.create(configMap("d", {}));
    const template = k8s({
      operation: "delete",
      source: { resource: { kind: "ConfigMap", metadata: { name: "d" } } },
    });
    expect((await runTrigger(template, firing(events), deps)).message).toBe("deleted ConfigMap argo/d");
    expect(await deps.store.get("ConfigMap", "argo", "d")).toBeUndefined();
    expect((await runTrigger(template, firing(events), deps)).message).toBe(
      "ConfigMap argo/d not found, nothing to delete",
    );
  });

  it("refuses an unknown operation and a resource without kind", async () => {
    deps = testDeps();
    await expect(
      runTrigger(
        k8s({ operation: "apply", source: { resource: { kind: "ConfigMap" } } }),
        firing(events),
        deps,
      ),
    ).rejects.toMatchObject({
      code: "Invalid",
      message: 'trigger "t1": k8s.operation "apply" is not one of create, update, patch, delete',
    });
    await expect(
      runTrigger(k8s({ source: { resource: { metadata: { name: "x" } } } }), firing(events), deps),
    ).rejects.toMatchObject({
      code: "Invalid",
      message: /the resource has no kind/,
    });
  });

  it("reads the resource from a stored ConfigMap key", async () => {
    deps = testDeps();
    await deps.store.create(
      configMap("manifests", { cm: "kind: ConfigMap\nmetadata: {name: from-cm}\ndata: {x: y}\n" }),
    );
    await runTrigger(k8s({ source: { configmap: { name: "manifests", key: "cm" } } }), firing(events), deps);
    expect((await deps.store.get<StoredObject>("ConfigMap", "argo", "from-cm"))?.data).toEqual({ x: "y" });
  });
});
