/**
 * The per-pod directory, `<home>/pods/<podName>/`, and everything written into it. The layout is
 * the executor's durable record of a pod: a restarted executor reads it to avoid running a pod
 * twice and to report the result of a pod that finished while nobody was waiting.
 *
 * The folders and small files of a pod are made with synchronous calls when the pod home is in
 * memory (tmpfs, as `argosy run` uses): each call then takes microseconds, less than a promise
 * round trip through the thread pool costs the controller's thread. On a disk, creating a file can
 * take a millisecond (0.3–0.5 ms on the dev VM's ext4): there they go through the thread pool, so
 * the controller's thread never waits for the disk.
 */
import { chmodSync, mkdirSync, renameSync, statfsSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { chmod, mkdir, open, readFile, rename, symlink, writeFile } from "node:fs/promises";
import { join, posix } from "node:path";
import { invalid } from "../../util/errors.js";
import type { PodResult } from "../types.js";
import { SCRIPT_SANDBOX_PATH } from "./command.js";

/** Absolute host paths of one pod's files. */
export interface PodPaths {
  dir: string;
  /** The sandbox's writable root (`/` inside the sandbox). */
  root: string;
  /** Combined stdout/stderr, one timestamped line per output line. */
  mainLog: string;
  /** Main's raw stdout, the source of `outputs.result`. */
  stdout: string;
  /** Durable pods: main's raw stderr (written by the process itself). */
  stderr: string;
  /**
   * Durable pods: JSON lines, what a later executor needs to adopt main's process (see
   * `durable-record.ts`), and in the sandbox bwrap's `--json-status-fd` reports (child pid, exit code).
   */
  status: string;
  /** Durable pods: how much of `stdout`/`stderr` is already in `main.log`, and `main.log`'s size then. */
  logOffsets: string;
  /** Main's exit code as decimal text, written once the process has exited. */
  exitCode: string;
  /** The final {@link PodResult} as JSON, written last. */
  result: string;
  /** Host path of the staged script (`/argo/staging/script` inside the sandbox). */
  script: string;
  /** Host folders of emptyDir and files volumes, one per volume name. */
  volumes: string;
  /** The pod home is in memory (tmpfs): small file operations are done synchronously. */
  inMemory: boolean;
}

const POD_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** Rejects pod names that are not a single safe path segment. */
export function assertPodName(podName: string): void {
  if (!POD_NAME.test(podName)) throw invalid(`invalid pod name ${JSON.stringify(podName)}`);
}

export function podPaths(home: string, podName: string): PodPaths {
  const dir = join(home, "pods", podName);
  const inMemory = isInMemory(home);
  const root = join(dir, "root");
  return {
    dir,
    root,
    mainLog: join(dir, "main.log"),
    stdout: join(dir, "stdout"),
    stderr: join(dir, "stderr"),
    status: join(dir, "status"),
    logOffsets: join(dir, "log-offsets"),
    exitCode: join(dir, "exitcode"),
    result: join(dir, "result.json"),
    script: join(root, SCRIPT_SANDBOX_PATH),
    volumes: join(dir, "volumes"),
    inMemory,
  };
}

const TMPFS_MAGIC = 0x01021994;
const RAMFS_MAGIC = 0x858458f6;
const inMemoryHomes = new Map<string, boolean>();

/** Whether `home` is on tmpfs or ramfs (asked once per home; a home not made yet counts as disk). */
function isInMemory(home: string): boolean {
  let known = inMemoryHomes.get(home);
  if (known === undefined) {
    try {
      const type = statfsSync(home).type;
      known = type === TMPFS_MAGIC || type === RAMFS_MAGIC;
      inMemoryHomes.set(home, known);
    } catch {
      known = false; // asked again once it exists
    }
  }
  return known;
}

/** The file operations a pod's directory uses, synchronous or through the thread pool. */
interface SmallFileOps {
  mkdir(path: string, options?: { recursive?: boolean; mode?: number }): Promise<unknown>;
  chmod(path: string, mode: number): Promise<void>;
  symlink(target: string, path: string): Promise<void>;
  writeFile(path: string, text: string, mode?: number): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  /** Creates (or truncates) empty files, all at once. */
  create(paths: readonly string[]): Promise<void>;
}

const inMemoryOps: SmallFileOps = {
  mkdir: async (path, options) => mkdirSync(path, options),
  chmod: async (path, mode) => chmodSync(path, mode),
  symlink: async (target, path) => symlinkSync(target, path),
  writeFile: async (path, text, mode) => writeFileSync(path, text, mode === undefined ? {} : { mode }),
  rename: async (from, to) => renameSync(from, to),
  create: async (paths) => {
    for (const path of paths) writeFileSync(path, "");
  },
};

const onDiskOps: SmallFileOps = {
  mkdir: (path, options) => mkdir(path, options),
  chmod,
  symlink: (target, path) => symlink(target, path),
  writeFile: (path, text, mode) => writeFile(path, text, mode === undefined ? {} : { mode }),
  rename,
  create: async (paths) => {
    await Promise.all(paths.map(async (path) => (await open(path, "w")).close()));
  },
};

/** The operations to use for this pod's files. */
export const fileOps = (paths: Pick<PodPaths, "inMemory">): SmallFileOps =>
  paths.inMemory ? inMemoryOps : onDiskOps;

/** The main container's name; its root is `root/` and its log `main.log`. */
export const MAIN_CONTAINER = "main";

const CONTAINER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** Rejects container names that are not a single safe path segment. */
export function assertContainerName(name: string): void {
  if (!CONTAINER_NAME.test(name)) throw invalid(`invalid container name ${JSON.stringify(name)}`);
}

/**
 * A container's writable root: `root/` for main, `containers/<name>/` for the others. Containers
 * of a pod never share their root filesystems, only volumes, as in Kubernetes.
 */
export function containerRoot(paths: PodPaths, container: string): string {
  return container === MAIN_CONTAINER ? paths.root : join(paths.dir, "containers", container);
}

/** A container's log: `<container>.log` in the pod directory. */
export function containerLog(paths: PodPaths, container: string): string {
  return container === MAIN_CONTAINER ? paths.mainLog : join(paths.dir, `${container}.log`);
}

/** Maps an absolute path inside the sandbox to the host path under the pod root, never above it. */
export function hostPathInRoot(root: string, sandboxPath: string): string {
  return join(root, posix.resolve("/", sandboxPath));
}

/** A symlink to create in the pod root, mirroring a host top-level link such as `/bin -> usr/bin`. */
export interface RootSymlink {
  path: string;
  target: string;
}

/** Creates the pod directory, its root and the root's `/tmp`. */
export async function createPodDir(paths: PodPaths): Promise<void> {
  await fileOps(paths).mkdir(join(paths.root, "tmp"), { recursive: true });
}

/**
 * Fills a container root (main's is created by {@link createPodDir}): `/tmp` made sticky and
 * world-writable, `/root` (HOME), the top-level symlinks, the staged script and the working directory.
 */
export async function populateRoot(opts: {
  root: string;
  symlinks: readonly RootSymlink[];
  workingDir?: string;
  script?: { hostPath: string; source: string };
  inMemory: boolean;
}): Promise<void> {
  const { root } = opts;
  const fs = fileOps(opts);
  const tmp = join(root, "tmp");
  await fs.mkdir(tmp, { recursive: true });
  // Independent steps run together: on a disk, each one is a round trip.
  await Promise.all([
    fs.chmod(tmp, 0o1777),
    fs.mkdir(join(root, "root"), { mode: 0o700 }).catch(ignoreCode("EEXIST")),
    // Directories every image has and scripts write into (e.g. /mnt/out in Argo's map-reduce example).
    ...["mnt"].map((dir) => fs.mkdir(join(root, dir), { recursive: true }).catch(ignoreCode("EEXIST"))),
    ...opts.symlinks.map((link) =>
      fs.symlink(link.target, hostPathInRoot(root, link.path)).catch(ignoreCode("EEXIST")),
    ),
    opts.script !== undefined
      ? fs
          .mkdir(join(opts.script.hostPath, ".."), { recursive: true })
          .then(() => fs.writeFile(opts.script?.hostPath ?? "", opts.script?.source ?? "", 0o755))
      : undefined,
  ]);
  // After the symlinks, so a working directory under /bin lands where the link points.
  if (opts.workingDir && opts.workingDir !== "/") {
    await fs.mkdir(hostPathInRoot(root, opts.workingDir), { recursive: true });
  }
}

/** What the pod directory says about a pod this executor instance has not seen. */
export type RecordedState =
  | { kind: "absent" }
  | { kind: "finished"; result: PodResult }
  | { kind: "exited"; exitCode: number }
  | { kind: "interrupted" };

export async function readRecordedState(paths: PodPaths): Promise<RecordedState> {
  const dir = statSync(paths.dir, { throwIfNoEntry: false });
  if (!dir) return { kind: "absent" };
  const result = await readFile(paths.result, "utf8").catch(ignoreCode("ENOENT"));
  if (result !== undefined) return { kind: "finished", result: JSON.parse(result) as PodResult };
  const code = await readFile(paths.exitCode, "utf8").catch(ignoreCode("ENOENT"));
  if (code !== undefined) return { kind: "exited", exitCode: Number.parseInt(code, 10) };
  return { kind: "interrupted" };
}

/** Records main's exit code; the pod directory exists by then. */
export async function writeExitCode(paths: PodPaths, exitCode: number): Promise<void> {
  await fileOps(paths).writeFile(paths.exitCode, `${exitCode}\n`);
}

/** Writes the result atomically, so a reader never sees half of it. The pod directory must exist. */
export async function writeRecordedResult(paths: PodPaths, result: PodResult): Promise<void> {
  const tmp = `${paths.result}.tmp`;
  const fs = fileOps(paths);
  await fs.writeFile(tmp, `${JSON.stringify(result, null, 2)}\n`);
  await fs.rename(tmp, paths.result);
}

/** A `catch` handler that turns the given errno code into `undefined` and rethrows the rest. */
export function ignoreCode(code: string): (err: unknown) => undefined {
  return (err: unknown) => {
    if (err instanceof Error && (err as NodeJS.ErrnoException).code === code) return undefined;
    throw err;
  };
}
