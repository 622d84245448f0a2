/** Objects the store suite writes; plain data, valid for any Store. */
import type { NodePhase, NodeStatus, Workflow } from "../spec/types.js";
import type { Store, StoredObject } from "./types.js";

/** Gives the tests the store opened for the current test. */
export type CurrentStore = () => Store;

/** A small namespaced object of an arbitrary kind. */
export function configMap(
  name: string,
  namespace = "default",
  labels?: Record<string, string>,
): StoredObject {
  return {
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    data: { key: `value of ${name}` },
  };
}

/** A Workflow as submitted: metadata and spec, no status. */
export function workflow(name: string, namespace = "default"): Workflow {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace, labels: { app: "suite" } },
    spec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
  };
}

/** A Pod node in the given phase. */
export function node(id: string, phase: NodePhase = "Running", extra: Partial<NodeStatus> = {}): NodeStatus {
  return { id, name: `wf.${id}`, displayName: id, type: "Pod", phase, templateName: "main", ...extra };
}

/** The numeric value of a resourceVersion, which the contract makes a growing decimal integer. */
export function rv(obj: { metadata: { resourceVersion?: string } } | undefined): bigint {
  const value = obj?.metadata.resourceVersion;
  if (value === undefined || !/^\d+$/.test(value)) throw new Error(`bad resourceVersion ${value}`);
  return BigInt(value);
}
