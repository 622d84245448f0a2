/**
 * The `k8s` trigger: create, update, patch or delete an object of any kind the Store holds.
 * A Workflow is created through the controller's submit (so it is linted and starts); every other
 * kind, and updates of any kind, go to the Store directly. Creates are at most once per firing
 * (create-once.ts). As in Argo Events, `update` and `patch` create the object when it is missing,
 * and `delete` of a missing object succeeds with nothing done.
 */
import type { Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import { notFound } from "../../util/errors.js";
import type { K8sTrigger } from "../types.js";
import { ownNamespace, qualified, type RunContext, triggerInvalid, triggerLabels } from "./common.js";
import { createOnce } from "./create-once.js";
import type { TriggerOutcome } from "./deps.js";
import { mergeOver, mergePatch } from "./merge.js";
import { asObject, fetchResource, withParameters } from "./resource.js";

export const k8sOperations = ["create", "update", "patch", "delete"] as const;
type Operation = (typeof k8sOperations)[number];

/** Kinds without a namespace (stored under namespace ""). */
const clusterScoped = new Set([
  "Namespace",
  "Node",
  "PersistentVolume",
  "ClusterRole",
  "ClusterRoleBinding",
  "ClusterWorkflowTemplate",
]);

/** Patch types Argosy applies as a JSON merge patch (strategic and apply patches behave alike for plain fields). */
const mergePatchTypes = new Set([
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
]);

const isOperation = (op: string): op is Operation => (k8sOperations as readonly string[]).includes(op);

export async function runK8s(ctx: RunContext, spec: K8sTrigger): Promise<TriggerOutcome> {
  const op = spec.operation || "create";
  if (!isOperation(op)) {
    throw triggerInvalid(ctx, `k8s.operation "${op}" is not one of ${k8sOperations.join(", ")}`);
  }
  const patchType = spec.patchStrategy || "application/merge-patch+json";
  if (op === "patch" && !mergePatchTypes.has(patchType)) {
    throw triggerInvalid(
      ctx,
      `k8s.patchStrategy "${patchType}" is not supported; use one of ${[...mergePatchTypes].join(", ")}`,
    );
  }
  let resource = await fetchResource(ctx, "k8s", spec.source);
  if (spec.liveObject && op === "update") resource = await liveObject(ctx, resource);
  const obj = asObject(ctx, "k8s", withParameters(ctx, "k8s", resource, spec.parameters));
  const namespace = namespaceOf(ctx, obj);
  obj.metadata.namespace = namespace;
  const name = obj.metadata.name ?? "";
  if (op === "create") {
    if (!name && !obj.metadata.generateName) {
      throw triggerInvalid(ctx, "k8s: the resource has neither metadata.name nor metadata.generateName");
    }
    obj.metadata.labels = { ...(obj.metadata.labels ?? {}), ...triggerLabels(ctx) };
    return create(ctx, obj, namespace);
  }
  if (!name) throw triggerInvalid(ctx, `k8s: the ${op} operation needs the resource's metadata.name`);
  const where = `${obj.kind} ${qualified(namespace, name)}`;
  const stored = await ctx.deps.store.get<StoredObject>(obj.kind, namespace, name);
  const object = { kind: obj.kind, namespace, name };
  if (op === "delete") {
    if (!stored) return { message: `${where} not found, nothing to delete`, object };
    const deleteWorkflow = ctx.deps.workflows.deleteWorkflow;
    if (obj.kind === "Workflow" && deleteWorkflow)
      await deleteWorkflow.call(ctx.deps.workflows, namespace, name);
    else await ctx.deps.store.delete(obj.kind, namespace, name);
    return { message: `deleted ${where}`, object };
  }
  if (!stored) return create(ctx, obj, namespace);
  const changed = (op === "update" ? mergeOver(stored, obj) : mergePatch(stored, obj)) as StoredObject;
  await ctx.deps.store.update(changed, stored.metadata.resourceVersion);
  return { message: `${op === "update" ? "updated" : "patched"} ${where}`, object };
}

/** The stored object the resource names (`liveObject: true`), replacing the resource. */
async function liveObject(
  ctx: RunContext,
  resource: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const obj = asObject(ctx, "k8s", resource);
  const name = obj.metadata.name;
  if (!name) throw triggerInvalid(ctx, "k8s.liveObject needs the resource's metadata.name");
  const namespace = namespaceOf(ctx, obj);
  const live = await ctx.deps.store.get<StoredObject>(obj.kind, namespace, name);
  if (!live) throw notFound(`${obj.kind} ${qualified(namespace, name)}`);
  return live;
}

/** The Sensor's namespace; cluster-scoped kinds are out of a Sensor's reach. */
function namespaceOf(ctx: RunContext, obj: StoredObject): string {
  if (clusterScoped.has(obj.kind)) {
    throw triggerInvalid(ctx, `k8s: ${obj.kind} is cluster-scoped; a Sensor acts only in its own namespace`);
  }
  return ownNamespace(ctx, obj.metadata.namespace, "k8s");
}

async function create(ctx: RunContext, obj: StoredObject, namespace: string): Promise<TriggerOutcome> {
  const { object, alreadyDone } = await createOnce({
    object: obj,
    firingId: ctx.firing.id,
    create: async (candidate) =>
      candidate.kind === "Workflow"
        ? ((await ctx.deps.workflows.submit(candidate as unknown as Workflow)) as unknown as StoredObject)
        : ctx.deps.store.create(candidate),
    get: (ns, name) => ctx.deps.store.get<StoredObject>(obj.kind, ns, name),
  });
  const name = object.metadata.name ?? "";
  const where = `${obj.kind} ${qualified(namespace, name)}`;
  return {
    message: alreadyDone ? `${where} was already created for this firing` : `created ${where}`,
    object: { kind: obj.kind, namespace, name },
    ...(alreadyDone ? { alreadyDone } : {}),
  };
}
