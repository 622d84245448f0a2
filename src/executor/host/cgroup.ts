/**
 * Finding a cgroup hierarchy the executor may use, and one cgroup per limited container in it.
 * Everything lives below the executor's own cgroup (`<own>/argosy/`), never beside it: whatever
 * limits the host put on the executor keep applying to its pods.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readFile, rmdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/** Where container cgroups are created: `<own cgroup>/argosy` in each hierarchy used. */
export interface CgroupRoots {
  /** 2: the unified hierarchy; 1: the legacy per-controller ones (memory, cpu). */
  version: 1 | 2;
  memory: string;
  /** Absent when the cpu controller cannot be used; see `cpuProblem`. */
  cpu?: string;
  cpuProblem?: string;
}

export type CgroupProbe = { ok: true; roots: CgroupRoots } | { ok: false; reason: string };

interface CgroupMount {
  fstype: string;
  root: string;
  mountPoint: string;
  superOptions: string[];
}

/** Prefers cgroup v2, then v1; says why neither is usable (each version's reason). */
export async function probeCgroups(): Promise<CgroupProbe> {
  const mounts = await readCgroupMounts();
  const own = await readFile("/proc/self/cgroup", "utf8").catch(() => "");
  const v2 = await probeV2(mounts, own).catch((err: unknown) => message(err));
  if (typeof v2 !== "string") return { ok: true, roots: v2 };
  const v1 = await probeV1(mounts, own).catch((err: unknown) => message(err));
  if (typeof v1 !== "string") return { ok: true, roots: v1 };
  return { ok: false, reason: `cgroup v2: ${v2}; cgroup v1: ${v1}` };
}

async function readCgroupMounts(): Promise<CgroupMount[]> {
  const text = await readFile("/proc/self/mountinfo", "utf8").catch(() => "");
  const mounts: CgroupMount[] = [];
  for (const line of text.split("\n")) {
    const [left, right] = line.split(" - ");
    const fields = left?.split(" ") ?? [];
    const [fstype, , superOptions = ""] = right?.split(" ") ?? [];
    if (fstype !== "cgroup" && fstype !== "cgroup2") continue;
    mounts.push({
      fstype,
      root: unescapeOctal(fields[3] ?? "/"),
      mountPoint: unescapeOctal(fields[4] ?? ""),
      superOptions: superOptions.split(","),
    });
  }
  return mounts;
}

/** mountinfo writes spaces and the like as `\040`. */
const unescapeOctal = (s: string): string =>
  s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(Number.parseInt(oct, 8)));

/** The folder of our own cgroup in `mount`, from the `/proc/self/cgroup` line for `controller`. */
function ownDir(mount: CgroupMount, ownText: string, controller: string | undefined): string {
  const line = ownText.split("\n").find((l) => {
    const [id, controllers = ""] = l.split(":");
    return controller === undefined
      ? id === "0" && controllers === ""
      : controllers.split(",").includes(controller);
  });
  if (!line) throw new Error(`no ${controller ?? "unified"} line in /proc/self/cgroup`);
  const path = line.split(":").slice(2).join(":");
  const root = mount.root === "/" ? "" : mount.root;
  if (!path.startsWith(root)) throw new Error(`our cgroup ${path} is outside the mounted ${mount.root}`);
  return join(mount.mountPoint, path.slice(root.length));
}

async function probeV2(mounts: CgroupMount[], own: string): Promise<CgroupRoots> {
  const mount = mounts.find((m) => m.fstype === "cgroup2");
  if (!mount) throw new Error("not mounted");
  const base = ownDir(mount, own, undefined);
  const available = (await readFile(join(base, "cgroup.controllers"), "utf8")).split(/\s+/);
  if (!available.includes("memory")) {
    throw new Error(
      `the memory controller is not available in ${base} (cgroup.controllers: "${available.join(" ").trim()}")`,
    );
  }
  const parent = join(base, "argosy");
  await mkdir(parent, { recursive: true });
  // Containers are children of `argosy`, so both levels must hand the controllers down. This fails
  // (EBUSY) when our own cgroup holds processes and is not the root: cgroup v2's no-internal-process rule.
  await enable(base, "memory");
  await enable(parent, "memory");
  let cpuProblem: string | undefined;
  if (!available.includes("cpu")) cpuProblem = `the cpu controller is not available in ${base}`;
  else {
    try {
      await enable(base, "cpu");
      await enable(parent, "cpu");
    } catch (err) {
      cpuProblem = message(err);
    }
  }
  return { version: 2, memory: parent, ...(cpuProblem ? { cpuProblem } : { cpu: parent }) };
}

async function enable(dir: string, controller: string): Promise<void> {
  const file = join(dir, "cgroup.subtree_control");
  const current = await readFile(file, "utf8");
  if (current.split(/\s+/).includes(controller)) return;
  await writeFile(file, `+${controller}`).catch((err: unknown) => {
    throw new Error(`cannot enable ${controller} in ${file}: ${message(err)}`);
  });
}

async function probeV1(mounts: CgroupMount[], own: string): Promise<CgroupRoots> {
  const parentFor = async (controller: string, probeFile: string): Promise<string> => {
    const mount = mounts.find((m) => m.fstype === "cgroup" && m.superOptions.includes(controller));
    if (!mount) throw new Error(`no ${controller} hierarchy is mounted`);
    const parent = join(ownDir(mount, own, controller), "argosy");
    await mkdir(parent, { recursive: true });
    // mkdir succeeds on any writable folder: the control file proves this is a cgroup.
    await readFile(join(parent, probeFile), "utf8");
    return parent;
  };
  const memory = await parentFor("memory", "memory.limit_in_bytes");
  let cpuProblem: string | undefined;
  const cpu = await parentFor("cpu", "cpu.cfs_quota_us").catch((err: unknown) => {
    cpuProblem = message(err);
    return undefined;
  });
  return { version: 1, memory, ...(cpu ? { cpu } : { cpuProblem: cpuProblem ?? "unusable" }) };
}

/** CFS period for `cpu.max` / `cpu.cfs_period_us`: 100 ms, as the kubelet uses. */
const CPU_PERIOD_US = 100_000;
/** The kernel refuses quotas under 1 ms. */
const MIN_QUOTA_US = 1000;

/** A container's cgroup(s): one in v2, one per limited controller in v1. */
/** Where a container's cgroup(s) are, kept in a durable pod's record so a later executor can release them. */
export interface RecordedCgroup {
  dirs: string[];
  /** `memory.events` (v2) or `memory.oom_control` (v1), when memory is limited. */
  eventsFile?: string;
}

export interface ContainerCgroup {
  /** `cgroup.procs` files the container's first process writes its pid to before it execs. */
  readonly procsFiles: string[];
  readonly record: RecordedCgroup;
  /** Reads whether the OOM killer struck, kills what is left and removes the cgroup(s). */
  release(): Promise<{ oomKilled: boolean }>;
}

/** Creates the container's cgroup(s) under `roots` and writes its limits. */
export async function createContainerCgroup(opts: {
  roots: CgroupRoots;
  /** Names the cgroup; a random suffix keeps two executors' pods of the same name apart. */
  name: string;
  memoryBytes?: number;
  cpuCores?: number;
}): Promise<ContainerCgroup> {
  const { roots, memoryBytes, cpuCores } = opts;
  const leaf = `${opts.name}.${randomBytes(3).toString("hex")}`;
  const quota =
    cpuCores === undefined ? undefined : Math.max(MIN_QUOTA_US, Math.round(cpuCores * CPU_PERIOD_US));
  const dirs: string[] = [];
  let memoryDir: string | undefined;
  if (roots.version === 2) {
    const dir = join(roots.memory, leaf);
    await mkdir(dir);
    dirs.push(dir);
    memoryDir = dir;
    if (memoryBytes !== undefined) {
      await writeFile(join(dir, "memory.max"), String(memoryBytes));
      // No swapping past the limit, and the whole container dies on OOM, as the kubelet sets it up.
      await writeFile(join(dir, "memory.swap.max"), "0").catch(() => {});
      await writeFile(join(dir, "memory.oom.group"), "1").catch(() => {});
    }
    if (quota !== undefined && roots.cpu) await writeFile(join(dir, "cpu.max"), `${quota} ${CPU_PERIOD_US}`);
  } else {
    if (memoryBytes !== undefined) {
      memoryDir = join(roots.memory, leaf);
      await mkdir(memoryDir);
      dirs.push(memoryDir);
      await writeFile(join(memoryDir, "memory.limit_in_bytes"), String(memoryBytes));
      // memsw (memory + swap) exists only with swap accounting; it must not be below the limit.
      await writeFile(join(memoryDir, "memory.memsw.limit_in_bytes"), String(memoryBytes)).catch(() => {});
    }
    if (quota !== undefined && roots.cpu) {
      const dir = join(roots.cpu, leaf);
      await mkdir(dir);
      dirs.push(dir);
      await writeFile(join(dir, "cpu.cfs_period_us"), String(CPU_PERIOD_US));
      await writeFile(join(dir, "cpu.cfs_quota_us"), String(quota));
    }
  }
  const eventsFile =
    memoryDir && join(memoryDir, roots.version === 2 ? "memory.events" : "memory.oom_control");
  const record: RecordedCgroup = { dirs, ...(eventsFile ? { eventsFile } : {}) };
  return {
    procsFiles: dirs.map((d) => join(d, "cgroup.procs")),
    record,
    release: () => releaseCgroup(record),
  };
}

/** Reads whether the OOM killer struck, kills what is left and removes the cgroup(s). */
export async function releaseCgroup(record: RecordedCgroup): Promise<{ oomKilled: boolean }> {
  const { eventsFile } = record;
  const events = eventsFile ? await readFile(eventsFile, "utf8").catch(() => "") : "";
  const oomKills = Number(/^oom_kill (\d+)$/m.exec(events)?.[1] ?? 0);
  await Promise.all(record.dirs.map(removeCgroup));
  return { oomKilled: oomKills > 0 };
}

/** SIGKILLs anything left (a process that escaped its group is still in the cgroup), then rmdir. */
async function removeCgroup(dir: string): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const procs = await readFile(join(dir, "cgroup.procs"), "utf8").catch(() => "");
    for (const pid of procs.split("\n").filter(Boolean)) {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // gone already
      }
    }
    try {
      await rmdir(dir);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return;
      // EBUSY until the killed processes are reaped.
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  // Left behind empty or nearly so: harmless, and the next executor does not reuse its name.
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
