/**
 * Pod volumes on the host: one host folder per volume (created when the pod starts) and, per
 * container, the bind mounts its `volumeMounts` ask for. Every container of the pod binds the same
 * folders, which is how they share files, as containers of a Kubernetes pod share volumes.
 */
import { chmod, mkdir, open, stat, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import type { ContainerSpec, UserContainerSpec, Volume, VolumeMount } from "../types.js";
import { resolveInRoot } from "./outputs.js";

/** A bind mount of a host path at `dest` inside the sandbox. */
export interface Mount {
  source: string;
  dest: string;
  readOnly: boolean;
}

/** A volume made ready on the host. */
export interface PodVolume {
  name: string;
  kind: "emptyDir" | "hostPath" | "persistent" | "files";
  hostPath: string;
}

/** A volume or mount the pod cannot have; its message becomes the pod's `error`. */
export class VolumeError extends Error {}

const VOLUME_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/**
 * Creates each volume's host folder (`<volumesDir>/<name>` for emptyDir and files volumes) and
 * returns them by name. emptyDir folders are world-writable, as the kubelet makes them.
 */
export async function prepareVolumes(
  volumes: readonly Volume[],
  volumesDir: string,
): Promise<Map<string, PodVolume>> {
  const prepared = new Map<string, PodVolume>();
  for (const volume of volumes) {
    if (!VOLUME_NAME.test(volume.name))
      throw new VolumeError(`invalid volume name ${JSON.stringify(volume.name)}`);
    if (prepared.has(volume.name)) throw new VolumeError(`volume "${volume.name}" is declared twice`);
    prepared.set(volume.name, await prepareVolume(volume, join(volumesDir, volume.name)));
  }
  return prepared;
}

async function prepareVolume(volume: Volume, own: string): Promise<PodVolume> {
  const sources = [volume.emptyDir, volume.hostPath, volume.persistent, volume.files].filter(Boolean);
  if (sources.length !== 1) {
    throw new VolumeError(
      `volume "${volume.name}" must have exactly one of emptyDir, hostPath, persistent, files`,
    );
  }
  const { name } = volume;
  if (volume.hostPath) return { name, kind: "hostPath", hostPath: await prepareHostPath(volume.hostPath) };
  if (volume.persistent) {
    await mkdir(volume.persistent.hostDir, { recursive: true });
    return { name, kind: "persistent", hostPath: volume.persistent.hostDir };
  }
  await mkdir(own, { recursive: true });
  if (volume.files) {
    for (const [path, content] of Object.entries(volume.files)) {
      const target = join(own, relativeInside(path, `file ${JSON.stringify(path)} of volume "${name}"`));
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, content, { mode: volume.defaultMode ?? 0o644 });
      await chmod(target, volume.defaultMode ?? 0o644);
    }
    return { name, kind: "files", hostPath: own };
  }
  await chmod(own, 0o777);
  return { name, kind: "emptyDir", hostPath: own };
}

/**
 * A hostPath as Kubernetes treats it: `DirectoryOrCreate` and `FileOrCreate` create it; no type
 * creates a missing folder, as Docker did; any other type must already exist.
 */
async function prepareHostPath(hostPath: { path: string; type?: string }): Promise<string> {
  const path = posix.resolve("/", hostPath.path);
  const type = hostPath.type ?? "";
  const info = await stat(path).catch(() => undefined);
  if (type === "FileOrCreate") {
    if (!info) {
      await mkdir(dirname(path), { recursive: true });
      await (await open(path, "a")).close();
    }
    return path;
  }
  if (type === "DirectoryOrCreate" || type === "") {
    if (!info) await mkdir(path, { recursive: true });
    return path;
  }
  if (!info) throw new VolumeError(`hostPath ${path} does not exist (type ${type})`);
  if (type === "Directory" && !info.isDirectory())
    throw new VolumeError(`hostPath ${path} is not a directory`);
  if (type === "File" && !info.isFile()) throw new VolumeError(`hostPath ${path} is not a file`);
  return path;
}

/** A container's mounts plus main's where it mirrors them (Argo's `mirrorVolumeMounts`). */
export function effectiveMounts(container: UserContainerSpec, main: ContainerSpec): VolumeMount[] {
  const own = container.volumeMounts ?? [];
  if (!container.mirrorVolumeMounts) return own;
  const taken = new Set(own.map((m) => posix.resolve("/", m.mountPath)));
  return [...own, ...(main.volumeMounts ?? []).filter((m) => !taken.has(posix.resolve("/", m.mountPath)))];
}

/**
 * The bind mounts for `mounts`, parents before children. A `subPath` is resolved inside the volume
 * (a symlink a container left there cannot point the mount at a host path) and created as a folder
 * when missing, except in files volumes. Files volumes are always read-only, as configMaps are.
 */
export async function containerMounts(opts: {
  container: string;
  mounts: readonly VolumeMount[];
  volumes: ReadonlyMap<string, PodVolume>;
}): Promise<Mount[]> {
  const result: Mount[] = [];
  for (const mount of opts.mounts) {
    const where = `container "${opts.container}": volumeMount "${mount.name}"`;
    const volume = opts.volumes.get(mount.name);
    if (!volume) throw new VolumeError(`${where} refers to no volume of the pod`);
    let source = volume.hostPath;
    if (mount.subPath) {
      source = await resolveInRoot(volume.hostPath, relativeInside(mount.subPath, `${where} subPath`));
      const exists = await stat(source).then(
        () => true,
        () => false,
      );
      if (!exists && volume.kind === "files")
        throw new VolumeError(`${where}: subPath ${mount.subPath} does not exist`);
      if (!exists) await mkdir(source, { recursive: true, mode: 0o777 });
    }
    const dest = posix.resolve("/", mount.mountPath);
    if (dest === "/") throw new VolumeError(`${where} cannot be mounted at /`);
    result.push({ source, dest, readOnly: mount.readOnly === true || volume.kind === "files" });
  }
  return result.sort((a, b) => depth(a.dest) - depth(b.dest));
}

const depth = (path: string): number => path.split("/").length;

/** Checks that `path` is relative and stays inside its folder; returns it normalised. */
function relativeInside(path: string, what: string): string {
  const normalized = posix.normalize(path);
  if (posix.isAbsolute(path) || normalized === ".." || normalized.startsWith("../") || normalized === ".") {
    throw new VolumeError(`${what} must be a relative path inside the volume`);
  }
  return normalized;
}
