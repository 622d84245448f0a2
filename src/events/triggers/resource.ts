/**
 * The object an `argoWorkflow` or `k8s` trigger acts on, read from its `source` (Argo's
 * ArtifactLocation) and with the trigger type's own `parameters` applied. Argosy reads `resource`
 * (an object in the manifest), `inline` (YAML or JSON text), `configmap` (a key of a stored
 * ConfigMap) and `url` (fetched with GET); `file`, `git` and `s3` are refused, so a sensor cannot
 * make the server read its own files.
 */
import { parse as parseYaml } from "yaml";
import type { StoredObject } from "../../store/types.js";
import { internal, notFound } from "../../util/errors.js";
import { applyParameters } from "../sensor/index.js";
import type { TriggerParameter, TriggerSource } from "../types.js";
import { isRecord, ownNamespace, type RunContext, triggerInvalid } from "./common.js";

const unsupported = ["file", "git", "s3"] as const;

/** Reads the trigger's resource; `where` is the trigger type (`argoWorkflow`, `k8s`) for messages. */
export async function fetchResource(
  ctx: RunContext,
  where: string,
  source: TriggerSource | undefined,
): Promise<Record<string, unknown>> {
  if (!isRecord(source)) throw triggerInvalid(ctx, `${where}.source is required`);
  if (source.resource !== undefined) {
    if (!isRecord(source.resource)) throw triggerInvalid(ctx, `${where}.source.resource must be an object`);
    return structuredClone(source.resource);
  }
  if (source.inline !== undefined) {
    if (typeof source.inline !== "string") throw triggerInvalid(ctx, `${where}.source.inline must be text`);
    return parseObject(ctx, `${where}.source.inline`, source.inline);
  }
  if (source.configmap !== undefined)
    return fromConfigMap(ctx, `${where}.source.configmap`, source.configmap);
  if (source.url !== undefined) return fromUrl(ctx, `${where}.source.url`, source.url);
  for (const key of unsupported) {
    if (source[key] !== undefined) {
      throw triggerInvalid(
        ctx,
        `${where}.source.${key} is not supported by Argosy; use resource, inline, configmap or url`,
      );
    }
  }
  throw triggerInvalid(ctx, `${where}.source has none of resource, inline, configmap, url`);
}

/** Applies `parameters` (dest = a path in the object); the result must still be an object. */
export function withParameters(
  ctx: RunContext,
  where: string,
  resource: Record<string, unknown>,
  parameters: readonly TriggerParameter[] | undefined,
): Record<string, unknown> {
  if (!parameters || parameters.length === 0) return resource;
  const result = applyParameters(resource, parameters, ctx.firing.events);
  if (!isRecord(result)) throw triggerInvalid(ctx, `${where}.parameters made the resource a non-object`);
  return result;
}

/**
 * The resource as a stored object: `metadata` must be an object (added when absent) and `kind`
 * a string; `defaultKind` fills a missing kind.
 */
export function asObject(
  ctx: RunContext,
  where: string,
  resource: Record<string, unknown>,
  defaultKind?: string,
): StoredObject {
  if (resource.kind === undefined && defaultKind) resource.kind = defaultKind;
  if (typeof resource.kind !== "string" || resource.kind === "") {
    throw triggerInvalid(ctx, `${where}.source: the resource has no kind`);
  }
  if (resource.metadata === undefined) resource.metadata = {};
  if (!isRecord(resource.metadata)) throw triggerInvalid(ctx, `${where}.source: metadata must be an object`);
  for (const field of ["name", "generateName", "namespace"]) {
    const value = resource.metadata[field];
    if (value !== undefined && typeof value !== "string") {
      throw triggerInvalid(ctx, `${where}.source: metadata.${field} must be a string`);
    }
  }
  return resource as StoredObject;
}

function parseObject(ctx: RunContext, where: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseYaml(text);
  } catch (cause) {
    throw triggerInvalid(ctx, `${where} is not valid YAML or JSON: ${(cause as Error).message}`, cause);
  }
  if (!isRecord(parsed)) throw triggerInvalid(ctx, `${where} must hold one object`);
  return parsed;
}

async function fromConfigMap(ctx: RunContext, where: string, ref: unknown): Promise<Record<string, unknown>> {
  if (!isRecord(ref) || typeof ref.name !== "string" || typeof ref.key !== "string") {
    throw triggerInvalid(ctx, `${where} needs name and key`);
  }
  const namespace = ownNamespace(ctx, ref.namespace, where);
  const cm = await ctx.deps.store.get<StoredObject>("ConfigMap", namespace, ref.name);
  const data = isRecord(cm?.data) ? cm.data : undefined;
  const text = data?.[ref.key];
  if (typeof text !== "string") throw notFound(`key "${ref.key}" of ConfigMap ${namespace}/${ref.name}`);
  return parseObject(ctx, where, text);
}

async function fromUrl(ctx: RunContext, where: string, ref: unknown): Promise<Record<string, unknown>> {
  if (!isRecord(ref) || typeof ref.path !== "string" || ref.path === "") {
    throw triggerInvalid(ctx, `${where}.path is required`);
  }
  const doFetch = ctx.deps.fetch ?? fetch;
  const response = await doFetch(ref.path);
  const text = await response.text();
  if (!response.ok) {
    throw internal(`trigger "${ctx.trigger}": ${where}: GET ${ref.path} answered ${response.status}`);
  }
  return parseObject(ctx, where, text);
}
