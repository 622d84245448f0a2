/**
 * Artifacts around a pod: before it starts, each input artifact is fetched from its location,
 * unpacked into a staging directory and mounted at its path; after it ends, each output artifact
 * the executor found is packed (tar+gzip by default) and saved to its own location or to the
 * workflow's artifact repository under Argo's key format. Nodes record key-only locations
 * (`s3: {key}` or Argosy's `local: {key}`); the repository is in `status.artifactRepositoryRef`.
 */
import { chmod, mkdir, readdir, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import {
  type ArtifactLocation,
  type ArtifactRepository,
  driverFor,
  keyOnly,
  locationKind,
  outputLocation,
  pack,
  type ResolveSecret,
  unpack,
} from "../artifacts/index.js";
import type { PodRequest } from "../engine/types.js";
import type { PodResult, Volume, VolumeMount } from "../executor/types.js";
import type { Artifact } from "../spec/types.js";
import type { Store, StoredObject } from "../store/types.js";
import { invalid, notFound } from "../util/errors.js";

export interface ArtifactIO {
  home: string;
  repository: ArtifactRepository;
  resolveSecret: ResolveSecret;
}

const localRoot = (home: string) => join(home, "artifacts");

/** Reads a key of a Secret in the store (data is base64, stringData plain); never logged. */
export function secretResolver(store: Store, namespace: string): ResolveSecret {
  return async ({ name, key }) => {
    const secret = await store.get<
      StoredObject & { data?: Record<string, string>; stringData?: Record<string, string> }
    >("Secret", namespace, name);
    const plain = secret?.stringData?.[key];
    if (plain !== undefined) return plain;
    const encoded = secret?.data?.[key];
    if (encoded === undefined) throw notFound(`secret ${name} key ${key}`);
    return Buffer.from(encoded, "base64").toString("utf8");
  };
}

/** The location fields of an artifact (s3, http, git, raw, local). */
function locationOf(a: Artifact): ArtifactLocation {
  const { s3, http, git, raw, local } = a as ArtifactLocation;
  return {
    ...(s3 ? { s3 } : {}),
    ...(http ? { http } : {}),
    ...(git ? { git } : {}),
    ...(raw ? { raw } : {}),
    ...(local ? { local } : {}),
  };
}

/** Fetches and unpacks the pod's input artifacts; returns the volumes and mounts that place them. */
export async function stageInputArtifacts(
  request: PodRequest,
  io: ArtifactIO,
): Promise<{ volumes: Volume[]; mounts: VolumeMount[] }> {
  const volumes: Volume[] = [];
  const mounts: VolumeMount[] = [];
  for (const a of request.inputArtifacts ?? []) {
    const location = keyOnly(locationOf(a), io.repository);
    if (!locationKind(location)) {
      if (a.optional) continue;
      throw invalid(`input artifact ${a.name} has no location`);
    }
    const staging = join(io.home, "staging", request.podName, "inputs", a.name);
    const download = `${staging}.download`;
    await mkdir(join(io.home, "staging", request.podName, "inputs"), { recursive: true });
    try {
      await driverFor(location, { localRoot: localRoot(io.home), resolveSecret: io.resolveSecret }).load(
        location,
        download,
      );
    } catch (e) {
      if (a.optional) continue;
      throw invalid(`failed to load artifact '${a.name}': ${e instanceof Error ? e.message : String(e)}`, {
        cause: e,
      });
    }
    await unpack({
      file: download,
      destPath: staging,
      ...(a.archive ? { strategy: a.archive as never } : {}),
    });
    if (typeof a.mode === "number") await chmod(staging, a.mode).catch(() => undefined);
    const name = `input-${a.name}`;
    const subPath = typeof a.subPath === "string" && a.subPath ? a.subPath : undefined;
    if (subPath && (subPath.startsWith("/") || subPath.split("/").includes(".."))) {
      throw invalid(`input artifact ${a.name}: subPath ${subPath} must stay inside the artifact`);
    }
    volumes.push({ name, hostPath: { path: subPath ? join(staging, subPath) : staging } });
    mounts.push({ name, mountPath: a.path ?? "" });
  }
  return { volumes, mounts };
}

/** Key-only form recorded on nodes: the repository's details stay in status.artifactRepositoryRef. */
function recorded(location: ArtifactLocation, ownLocation: boolean): ArtifactLocation {
  if (ownLocation) return location;
  if (location.s3) return { s3: { key: location.s3.key } as never };
  return location;
}

/** Packs and saves the output artifacts the executor found; returns them with their locations. */
export async function saveOutputArtifacts(
  request: PodRequest,
  result: PodResult,
  io: ArtifactIO,
): Promise<{ artifacts: Artifact[]; artifactErrors: Record<string, string> }> {
  const artifacts: Artifact[] = [];
  const artifactErrors: Record<string, string> = {};
  const outDir = join(io.home, "staging", request.podName, "outputs");
  for (const a of request.outputArtifacts ?? []) {
    const found = result.outputArtifacts?.[a.name];
    if (!found) {
      if (!a.optional) artifactErrors[a.name] = result.artifactErrors?.[a.name] ?? `${a.path}: not found`;
      continue;
    }
    try {
      const own = locationKind(locationOf(a)) !== undefined;
      const location = own
        ? keyOnly(locationOf(a), io.repository)
        : outputLocation({
            repository: io.repository,
            workflowName: request.workflowName,
            podName: request.podName,
            artifactName: a.name,
            ...(a.archive ? { archive: a.archive as never } : {}),
            ...(a.path ? { artifactPath: a.path } : {}),
            variables: { "workflow.namespace": request.namespace },
          });
      await mkdir(outDir, { recursive: true });
      const packed = await pack({
        srcPath: found.hostPath,
        destFile: join(outDir, a.name),
        ...(a.archive ? { strategy: a.archive as never } : {}),
      });
      await driverFor(location, { localRoot: localRoot(io.home), resolveSecret: io.resolveSecret }).save(
        packed.file,
        location,
      );
      const { s3: _s3, http: _h, git: _g, raw: _r, local: _l, ...described } = a;
      artifacts.push({ ...described, ...recorded(location, own) });
    } catch (e) {
      artifactErrors[a.name] = e instanceof Error ? e.message : String(e);
    }
  }
  await rm(outDir, { recursive: true, force: true });
  return { artifacts, artifactErrors };
}

/** Saves main's log as the `main-logs` artifact (key `<keyFormat>/main.log`), as Argo's archiveLogs does. */
export async function saveMainLog(request: PodRequest, logFile: string, io: ArtifactIO): Promise<Artifact> {
  const location = outputLocation({
    repository: io.repository,
    workflowName: request.workflowName,
    podName: request.podName,
    artifactName: "main-logs",
    archive: { none: {} } as never,
    artifactPath: "main.log",
    variables: { "workflow.namespace": request.namespace },
  });
  await driverFor(location, { localRoot: localRoot(io.home), resolveSecret: io.resolveSecret }).save(
    logFile,
    location,
  );
  return { name: "main-logs", ...recorded(location, false) };
}

/** Keys under a location taken as a prefix; an empty or missing prefix lists nothing. */
export async function listKeys(location: Record<string, unknown>, io: ArtifactIO): Promise<string[]> {
  const given = location as ArtifactLocation;
  if (given.s3 && !given.s3.key && io.repository.local) return listLocalRoot(localRoot(io.home));
  const resolved = keyOnly(withPrefix(given), io.repository);
  const driver = driverFor(resolved, { localRoot: localRoot(io.home), resolveSecret: io.resolveSecret });
  if (!driver.list) throw invalid("this artifact location cannot be listed");
  try {
    return await driver.list(resolved);
  } catch (e) {
    if (e instanceof Error && /not found|no such|ENOENT/i.test(e.message)) return [];
    throw e;
  }
}

/** A listing location without a key lists from the top. */
function withPrefix(location: ArtifactLocation): ArtifactLocation {
  if (location.s3 && !location.s3.key) return { s3: { ...location.s3, key: "/" } };
  return location;
}

/** Every file under the local repository, as keys (the whole repository, for a listing without a prefix). */
async function listLocalRoot(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => relative(root, join(e.parentPath, e.name)))
    .sort();
}
