/**
 * The bubblewrap sandbox: probing for `bwrap`, reading the host's top-level layout, and building
 * the argv that turns a pod directory into a container-like root. Everything but the probe and
 * the layout reader is pure.
 */
import { spawn } from "node:child_process";
import { lstat, readlink } from "node:fs/promises";
import { posix } from "node:path";
import type { RootSymlink } from "./pod-dir.js";
import type { BusyboxUserland } from "./userland.js";
import type { Mount } from "./volumes.js";

/** Whether the sandbox can be used, and why not. */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/** Runs `bwrap --ro-bind / / true` once: the cheapest proof that namespaces and mounts work here. */
export function probeBwrap(bwrap: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    let stderr = "";
    const child = spawn(bwrap, ["--ro-bind", "/", "/", "true"], { stdio: ["ignore", "ignore", "pipe"] });
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    child.once("error", (err) => resolve({ ok: false, reason: `cannot run ${bwrap}: ${err.message}` }));
    child.once("close", (code, signal) => {
      if (code === 0) resolve({ ok: true });
      else {
        const why = stderr.trim() || (signal ? `killed by ${signal}` : `exit code ${code}`);
        resolve({ ok: false, reason: `${bwrap} --ro-bind / / true failed: ${why}` });
      }
    });
  });
}

/** The host's top-level system directories: real directories are bound, symlinks are re-created. */
export interface HostLayout {
  /** Real directories to bind read-only, e.g. `/usr`, `/etc`, and `/bin` on a non-merged host. */
  dirs: string[];
  /** Top-level symlinks (relative targets), e.g. `/bin -> usr/bin` on a merged-/usr host. */
  symlinks: RootSymlink[];
  /**
   * The bin directories a busybox userland replaces: `/usr/bin` and `/usr/sbin`, plus `/bin` and
   * `/sbin` where they are real directories (where they link into `/usr`, the target is enough).
   */
  binDirs: string[];
  /** Whether `/usr/local` exists (a busybox userland hides it). */
  usrLocal: boolean;
}

/** The directories a pod may see from the host. `/usr` and `/etc` are always needed. */
export const HOST_SYSTEM_DIRS = ["/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"];

/** Reads which of {@link HOST_SYSTEM_DIRS} exist on this host, and which are symlinks. */
export async function readHostLayout(): Promise<HostLayout> {
  const layout: HostLayout = { dirs: [], symlinks: [], binDirs: [], usrLocal: await isDir("/usr/local") };
  for (const path of HOST_SYSTEM_DIRS) {
    const info = await lstat(path).catch(() => undefined);
    if (!info) continue;
    if (info.isSymbolicLink()) {
      const target = await readlink(path);
      // A relative target keeps the link inside the pod root when followed on the host.
      const relative = posix.isAbsolute(target) ? posix.relative("/", target) : target;
      layout.symlinks.push({ path, target: relative });
    } else if (info.isDirectory()) layout.dirs.push(path);
  }
  for (const dir of ["/usr/bin", "/usr/sbin"]) if (await isDir(dir)) layout.binDirs.push(dir);
  for (const dir of ["/bin", "/sbin"]) if (layout.dirs.includes(dir)) layout.binDirs.push(dir);
  return layout;
}

const isDir = (path: string): Promise<boolean> =>
  lstat(path).then(
    (info) => info.isDirectory(),
    () => false,
  );

/** Capabilities a Docker container gets by default; everything else is dropped when we are root. */
export const DOCKER_DEFAULT_CAPS = [
  "CAP_CHOWN",
  "CAP_DAC_OVERRIDE",
  "CAP_FSETID",
  "CAP_FOWNER",
  "CAP_MKNOD",
  "CAP_NET_RAW",
  "CAP_SETGID",
  "CAP_SETUID",
  "CAP_SETFCAP",
  "CAP_SETPCAP",
  "CAP_NET_BIND_SERVICE",
  "CAP_SYS_CHROOT",
  "CAP_KILL",
  "CAP_AUDIT_WRITE",
];

/** Everything {@link bwrapArgs} needs to know about one pod. */
export interface SandboxSpec {
  /** Host path of the pod root, bound writable at `/`. */
  root: string;
  layout: HostLayout;
  hostname: string;
  /** Working directory inside the sandbox. */
  cwd: string;
  /** Set for a busybox userland; absent for the host userland. */
  busybox?: BusyboxUserland;
  /** Drop to Docker's capability set (only allowed, and only needed, when running as root). */
  dropCaps: boolean;
  /** The fd on which bwrap reports the child pid and the exit code as JSON. */
  statusFd: number;
  argv: readonly string[];
  /** The image profile's bundled files (read-only binds). */
  shims?: readonly Mount[];
  /** The container's volume mounts, parents first. */
  volumes?: readonly Mount[];
  /**
   * Run the command in a new session, so it cannot inject input into a terminal it inherited.
   * Off for `tty: true`, whose pseudo-terminal must stay its controlling terminal. @default true
   */
  newSession?: boolean;
  /**
   * Kill the sandbox when its parent (the executor) dies. Off for durable pods, which must outlive
   * a controller that crashes and be adopted by the next one. @default true
   */
  dieWithParent?: boolean;
}

/**
 * Why bwrap could not create the mount point `dest`, if it could not: inside a host folder bound
 * read-only (`/etc/foo`, or `/bin/foo` through the `/bin -> usr/bin` link) a missing mount point
 * cannot be made. `hostExists` says whether the path exists on the host.
 */
export function mountPointProblem(opts: {
  dest: string;
  layout: HostLayout;
  hidesUsrLocal: boolean;
  hostExists: (path: string) => boolean;
}): string | undefined {
  let dest = opts.dest;
  for (const link of opts.layout.symlinks) {
    if (dest.startsWith(`${link.path}/`)) dest = posix.join("/", link.target, dest.slice(link.path.length));
  }
  if (opts.hidesUsrLocal && (dest === "/usr/local" || dest.startsWith("/usr/local/"))) return undefined;
  const host = opts.layout.dirs.find((dir) => dest === dir || dest.startsWith(`${dir}/`));
  if (!host || opts.hostExists(dest)) return undefined;
  return `mountPath ${opts.dest} cannot be created: ${host} is the host's, read-only, and has no ${dest}`;
}

/** The kernel's limit on a hostname's length. */
const MAX_HOSTNAME = 63;

/** Builds the full bwrap argv (without the bwrap binary itself) for one pod. */
export function bwrapArgs(spec: SandboxSpec): string[] {
  const args = ["--bind", spec.root, "/"];
  for (const dir of spec.layout.dirs) args.push("--ro-bind", dir, dir);
  if (spec.layout.usrLocal && hidesUsrLocal(spec)) args.push("--tmpfs", "/usr/local");
  if (spec.busybox) args.push(...busyboxMounts(spec.layout, spec.busybox));
  for (const shim of spec.shims ?? []) args.push("--ro-bind", shim.source, shim.dest);
  args.push("--proc", "/proc", "--dev", "/dev");
  for (const m of spec.volumes ?? []) args.push(m.readOnly ? "--ro-bind" : "--bind", m.source, m.dest);
  args.push("--unshare-pid", "--unshare-ipc", "--unshare-uts");
  args.push("--hostname", spec.hostname.slice(0, MAX_HOSTNAME));
  if (spec.dieWithParent !== false) args.push("--die-with-parent");
  if (spec.newSession !== false) args.push("--new-session");
  if (spec.dropCaps) {
    args.push("--cap-drop", "ALL");
    for (const cap of DOCKER_DEFAULT_CAPS) args.push("--cap-add", cap);
  }
  args.push("--json-status-fd", String(spec.statusFd));
  args.push("--chdir", spec.cwd);
  args.push("--", ...spec.argv);
  return args;
}

/**
 * An image's `/usr/local` is its own (mostly empty), so the host's is hidden behind an empty tmpfs
 * when the profile puts shims there, and for busybox userlands, where host tools there would
 * shadow the applets on PATH; unless an extra binary (and so perhaps its libraries) lives there.
 */
export function hidesUsrLocal(spec: Pick<SandboxSpec, "shims" | "busybox">): boolean {
  if (spec.shims?.some((m) => m.dest.startsWith("/usr/local/"))) return true;
  if (!spec.busybox) return false;
  return !Object.values(spec.busybox.extraBins).some((p) => p.startsWith("/usr/local/"));
}

function busyboxMounts(layout: HostLayout, userland: BusyboxUserland): string[] {
  const args: string[] = [];
  for (const dir of layout.binDirs) {
    args.push("--ro-bind", userland.sandboxDir, dir);
    args.push("--ro-bind", userland.busybox, `${dir}/busybox`);
    for (const [name, host] of Object.entries(userland.extraBins)) {
      args.push("--ro-bind", host, `${dir}/${name}`);
    }
  }
  return args;
}
