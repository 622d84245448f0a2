/**
 * From the engine's pod request to the executor's pod: Kubernetes volumes become what a host
 * executor can mount. emptyDir and hostPath pass through; a `persistentVolumeClaim` (a workflow
 * volumeClaimTemplate) becomes a directory under `<home>/volumes/<namespace>/<claim>` shared by
 * the workflow's pods; `configMap` and `secret` volumes become files read from the store.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import type { PodRequest } from "../engine/types.js";
import type { PodSpec, Volume } from "../executor/types.js";
import type { Workflow } from "../spec/types.js";
import type { Store, StoredObject } from "../store/types.js";
import { invalid } from "../util/errors.js";

interface K8sVolume {
  name: string;
  /** Files the engine provides itself (raw input artifacts). */
  files?: Record<string, string>;
  defaultMode?: number;
  emptyDir?: { medium?: string; sizeLimit?: string };
  hostPath?: { path: string; type?: string };
  persistentVolumeClaim?: { claimName: string };
  configMap?: {
    name: string;
    items?: { key: string; path: string }[];
    defaultMode?: number;
    optional?: boolean;
  };
  secret?: {
    secretName: string;
    items?: { key: string; path: string }[];
    defaultMode?: number;
    optional?: boolean;
  };
}

interface DataObject extends StoredObject {
  data?: Record<string, string>;
  stringData?: Record<string, string>;
}

/** Only the keys listed in `items` (renamed to their paths), or every key. */
function selectFiles(
  data: Record<string, string>,
  items: { key: string; path: string }[] | undefined,
): Record<string, string> {
  if (!items?.length) return data;
  const out: Record<string, string> = {};
  for (const item of items) if (data[item.key] !== undefined) out[item.path] = data[item.key] as string;
  return out;
}

async function resolveVolume(
  v: K8sVolume,
  o: { store: Store; namespace: string; home: string },
): Promise<Volume> {
  if (v.emptyDir) return { name: v.name, emptyDir: v.emptyDir };
  if (v.files)
    return {
      name: v.name,
      files: v.files,
      ...(v.defaultMode !== undefined ? { defaultMode: v.defaultMode } : {}),
    };
  if (v.hostPath) return { name: v.name, hostPath: v.hostPath };
  if (v.persistentVolumeClaim) {
    return {
      name: v.name,
      persistent: { hostDir: join(o.home, "volumes", o.namespace, v.persistentVolumeClaim.claimName) },
    };
  }
  if (v.configMap) {
    const cm = await o.store.get<DataObject>("ConfigMap", o.namespace, v.configMap.name);
    if (!cm && !v.configMap.optional) throw invalid(`configmaps "${v.configMap.name}" not found`);
    const files = selectFiles(cm?.data ?? {}, v.configMap.items);
    return {
      name: v.name,
      files,
      ...(v.configMap.defaultMode !== undefined ? { defaultMode: v.configMap.defaultMode } : {}),
    };
  }
  if (v.secret) {
    const secret = await o.store.get<DataObject>("Secret", o.namespace, v.secret.secretName);
    if (!secret && !v.secret.optional) throw invalid(`secrets "${v.secret.secretName}" not found`);
    const decoded = Object.fromEntries(
      Object.entries(secret?.data ?? {}).map(([k, b64]) => [k, Buffer.from(b64, "base64").toString("utf8")]),
    );
    const files = selectFiles({ ...decoded, ...(secret?.stringData ?? {}) }, v.secret.items);
    return {
      name: v.name,
      files,
      ...(v.secret.defaultMode !== undefined ? { defaultMode: v.secret.defaultMode } : {}),
    };
  }
  throw invalid(`volume "${v.name}" has a type this executor cannot mount`);
}

/** The executor's pod for an engine pod request; throws `Invalid` when a volume cannot be provided. */
export async function resolvePodSpec(
  request: PodRequest,
  o: { store: Store; home: string },
): Promise<PodSpec> {
  const { volumes, daemon, inputArtifacts: _in, outputArtifacts, ...rest } = request;
  // The readiness probe is passed through as written; the executor reads the fields it knows.
  const spec: PodSpec = {
    ...rest,
    ...(daemon ? { daemon: daemon as PodSpec["daemon"] & object } : {}),
    ...(outputArtifacts?.length
      ? { outputArtifacts: outputArtifacts.map((a) => ({ name: a.name, path: a.path ?? "" })) }
      : {}),
  };
  if (!volumes?.length) return spec;
  const resolved: Volume[] = [];
  for (const v of volumes as K8sVolume[])
    resolved.push(await resolveVolume(v, { ...o, namespace: request.namespace }));
  return { ...spec, volumes: resolved };
}

/** Removes the host folders of a workflow's `volumeClaimTemplates` (volumeClaimGC, deletion). */
export async function removeVolumeClaims(home: string, wf: Workflow): Promise<void> {
  const spec = wf.status?.storedWorkflowTemplateSpec ?? wf.spec;
  const claims = (spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string } }[];
  const ns = wf.metadata.namespace ?? "default";
  for (const claim of claims) {
    const dir = join(home, "volumes", ns, `${wf.metadata.name ?? ""}-${claim.metadata?.name ?? ""}`);
    await rm(dir, { recursive: true, force: true });
  }
}
