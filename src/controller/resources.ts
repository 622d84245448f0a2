/**
 * Resource templates on Argosy's own store: create, apply, replace, patch (merge), get or delete
 * objects of the kinds Argosy keeps (Workflow — a created child workflow really runs —,
 * WorkflowTemplate, ClusterWorkflowTemplate, CronWorkflow, ConfigMap, Secret); any other kind
 * needs the Kubernetes executor. Conditions are evaluated on the object, after a child workflow
 * has finished.
 */
import { parse } from "yaml";
import type { Action, Observation } from "../engine/types.js";
import type { Workflow } from "../spec/types.js";
import type { Store, StoredObject } from "../store/types.js";
import { conditionHolds, jsonPathValue } from "./resource-conditions.js";

export interface ResourceContext {
  store: Store;
  namespace: string;
  parent: Workflow;
  /** Runs a workflow just created in the store to its end. */
  runChild: (wf: Workflow) => Promise<Workflow>;
}

type ApplyResource = Extract<Action, { type: "applyResource" }>;
type Done = Extract<Observation, { type: "resourceDone" }>;

const storedKinds = new Set([
  "Workflow",
  "WorkflowTemplate",
  "ClusterWorkflowTemplate",
  "CronWorkflow",
  "ConfigMap",
  "Secret",
]);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/** JSON merge patch (RFC 7386): objects merge, null deletes, anything else replaces. */
function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return patch;
  const out: Record<string, unknown> = isObject(target) ? { ...target } : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

async function perform(a: ApplyResource, obj: StoredObject, rc: ResourceContext): Promise<StoredObject> {
  const ns = obj.kind === "ClusterWorkflowTemplate" ? "" : (obj.metadata.namespace ?? rc.namespace);
  obj.metadata.namespace = ns;
  const name = obj.metadata.name ?? "";
  const existing = name ? await rc.store.get<StoredObject>(obj.kind, ns, name) : undefined;
  switch (a.action) {
    case "create":
      return rc.store.create(obj);
    case "apply":
      return existing ? rc.store.update(mergePatch(existing, obj) as StoredObject) : rc.store.create(obj);
    case "replace":
      if (!existing) throw new Error(`${obj.kind} ${name} not found`);
      return rc.store.update({
        ...obj,
        metadata: { ...obj.metadata, resourceVersion: existing.metadata.resourceVersion },
      });
    case "patch":
      if (!existing) throw new Error(`${obj.kind} ${name} not found`);
      if (a.mergeStrategy === "json") throw new Error("mergeStrategy json is not supported here; use merge");
      return rc.store.update(mergePatch(existing, obj) as StoredObject);
    case "get":
      if (!existing) throw new Error(`${obj.kind} ${name} not found`);
      return existing;
    case "delete":
      if (existing) await rc.store.delete(obj.kind, ns, name);
      return existing ?? obj;
    default:
      throw new Error(
        `resource action '${a.action}' is not one of create, apply, replace, patch, get, delete`,
      );
  }
}

/**
 * Kubernetes resources change after they are created; here only workflows do. While neither
 * condition holds on a workflow, read it again until one does (its own deadline bounds the wait).
 */
async function untilDecided(a: ApplyResource, obj: StoredObject, rc: ResourceContext): Promise<StoredObject> {
  const decided = (o: StoredObject) =>
    (a.failureCondition !== undefined && conditionHolds(o, a.failureCondition)) ||
    (a.successCondition !== undefined && conditionHolds(o, a.successCondition));
  let current = obj;
  while (current.kind === "Workflow" && !decided(current) && !isFinished(current)) {
    await new Promise((r) => setTimeout(r, 250));
    const next = await rc.store.get<StoredObject>(
      current.kind,
      current.metadata.namespace ?? "",
      current.metadata.name ?? "",
    );
    if (!next) break;
    current = next;
  }
  return current;
}

const isFinished = (o: StoredObject): boolean => {
  const phase = (o.status as { phase?: string } | undefined)?.phase;
  return phase === "Succeeded" || phase === "Failed" || phase === "Error";
};

/** Performs a resource action and says how the node ends. Never throws. */
export async function applyResource(a: ApplyResource, rc: ResourceContext): Promise<Done> {
  const done = (phase: Done["phase"], message?: string, outputs?: Record<string, string>): Done => ({
    type: "resourceDone",
    nodeId: a.nodeId,
    phase,
    ...(message ? { message } : {}),
    ...(outputs ? { outputParameters: outputs } : {}),
  });
  let obj: StoredObject;
  try {
    const parsed = parse(a.manifest) as unknown;
    if (!isObject(parsed) || typeof parsed.kind !== "string" || !isObject(parsed.metadata)) {
      return done("Error", "resource manifest must be an object with kind and metadata");
    }
    obj = parsed as StoredObject;
  } catch (e) {
    return done("Error", `invalid resource manifest: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!storedKinds.has(obj.kind))
    return done("Failed", `resource kind ${obj.kind} needs the Kubernetes executor`);
  if (a.setOwnerReference) {
    const owner = {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      name: rc.parent.metadata.name ?? "",
      uid: rc.parent.metadata.uid ?? "",
    };
    obj.metadata.ownerReferences = [{ ...owner, blockOwnerDeletion: true, controller: true }];
  }
  try {
    let result = await perform(a, obj, rc);
    const conditions = a.successCondition || a.failureCondition;
    if (result.kind === "Workflow" && a.action === "create") {
      const child = rc.runChild(result as unknown as Workflow);
      if (conditions) result = (await child) as unknown as StoredObject;
      else void child.catch(() => undefined);
    }
    if (conditions && a.action !== "delete") result = await untilDecided(a, result, rc);
    const outputs: Record<string, string> = {};
    for (const p of a.outputParameters) {
      if (p.jqFilter)
        return done("Error", `outputs.parameters.${p.name}: jqFilter is not supported; use jsonPath`);
      const v = p.jsonPath ? jsonPathValue(result, p.jsonPath) : undefined;
      if (v !== undefined) outputs[p.name] = v;
    }
    if (a.failureCondition && conditionHolds(result, a.failureCondition)) {
      return done("Failed", `failure condition '${a.failureCondition}' matched`, outputs);
    }
    if (a.successCondition && !conditionHolds(result, a.successCondition)) {
      return done("Failed", `success condition '${a.successCondition}' not matched`, outputs);
    }
    return done("Succeeded", undefined, outputs);
  } catch (e) {
    return done("Error", e instanceof Error ? e.message : String(e));
  }
}
