/**
 * Turning one container of a {@link PodSpec} into what to spawn: image profile, userland, shims,
 * argv, environment, mounts and working directory, for the sandbox or for plain host processes.
 */
import { existsSync } from "node:fs";
import { join, posix } from "node:path";
import { assertNever } from "../../util/errors.js";
import type { ContainerSpec, PodSpec } from "../types.js";
import { containerArgv, DEFAULT_PATH, podEnvironment, SCRIPT_SANDBOX_PATH } from "./command.js";
import { findImageProfile, type ImageProfile } from "./image-profiles.js";
import { hostPathInRoot, type RootSymlink } from "./pod-dir.js";
import { bwrapArgs, hidesUsrLocal, mountPointProblem } from "./sandbox.js";
import type { SandboxState } from "./sandbox-state.js";
import { shimsDir } from "./shims.js";
import { SCRIPT_PATH, ttyWrap } from "./tty.js";
import { type BusyboxUserland, ensureBusyboxUserland } from "./userland.js";
import type { Mount } from "./volumes.js";

/** Everything needed to prepare one container's root and spawn it. */
export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Host cwd of the spawned process. */
  cwd: string;
  /** True when the process is bwrap (possibly under `script` for a tty): fd 3 carries its status. */
  sandboxed: boolean;
  /** True when the command runs under `script(1)` for `tty: true`. */
  tty: boolean;
  symlinks: readonly RootSymlink[];
  /** Directory to create inside the container root. */
  workingDir: string;
  /** Container root for resolving output paths; undefined when paths are host paths. */
  outputRoot: string | undefined;
  /** Where relative output paths start (a sandbox path, or a host path without sandbox). */
  outputCwd: string;
  /** Volumes mounted in the sandbox: outputs under them live in the volume, not the root. */
  outputMounts?: readonly Mount[];
}

export type PlanOutcome = { plan: LaunchPlan; warnings: string[] } | { error: string; warnings: string[] };

/** A sandbox state pods can run under. */
export type UsableSandbox = Exclude<SandboxState, { kind: "unavailable" }>;

/** What every container of one pod is planned against. */
export interface PlanContext {
  pod: PodSpec;
  state: UsableSandbox;
  profiles: readonly ImageProfile[];
  strictImages: boolean;
  busybox: string;
  userlandDir: string;
}

/** The fd bwrap reports its status on (after stdin, stdout, stderr). */
export const STATUS_FD = 3;

/** Plans `container`, whose writable root is the host folder `root`. */
export async function planContainer(
  ctx: PlanContext,
  target: {
    container: ContainerSpec;
    root: string;
    mounts: readonly Mount[];
    /** Host path of the staged script, for main of a script template. */
    scriptHostPath?: string;
    /** The process must outlive the executor (no `--die-with-parent`). @default false */
    durable?: boolean;
  },
): Promise<PlanOutcome> {
  const { container, root } = target;
  const warnings: string[] = [];
  const image = container.image;
  const profile = findImageProfile(image, ctx.profiles);
  if (!profile) {
    if (ctx.strictImages)
      return { error: `image "${image}" has no profile and strictImages is on`, warnings };
    warnings.push(`image "${image}" has no profile: running on the host userland`);
  }
  const missing = profile?.requires?.find((r) => !existsSync(r.path));
  if (missing) {
    return {
      error: `image "${image}" needs ${missing.path}, which this host lacks: ${missing.hint}`,
      warnings,
    };
  }
  if (container.tty && !existsSync(SCRIPT_PATH)) {
    return { error: `tty: true needs ${SCRIPT_PATH} (util-linux, Debian package bsdutils)`, warnings };
  }
  const userland = await userlandFor({ ...ctx, profile, warnings });
  const sandboxed = ctx.state.kind === "bwrap";
  const scriptPath = target.scriptHostPath
    ? sandboxed
      ? SCRIPT_SANDBOX_PATH
      : target.scriptHostPath
    : undefined;
  const argv = containerArgv({ container, profile, ...(scriptPath ? { scriptPath } : {}) });
  if (argv.length === 0) {
    return { error: `image "${image}" has no default command and the template gives none`, warnings };
  }
  const shims = Object.entries(profile?.shims ?? {}).map(([dest, file]) => ({
    source: join(shimsDir(), file),
    dest,
    readOnly: true,
  }));
  const workingDir = posix.resolve("/", container.workingDir ?? "/");
  const input: PlanInput = {
    ctx,
    container,
    root,
    userland,
    argv,
    workingDir,
    shims,
    mounts: target.mounts,
    durable: target.durable === true,
  };
  const state = ctx.state;
  switch (state.kind) {
    case "bwrap": {
      const hides = hidesUsrLocal({ shims, ...(userland ? { busybox: userland } : {}) });
      for (const m of target.mounts) {
        const problem = mountPointProblem({
          dest: m.dest,
          layout: state.layout,
          hidesUsrLocal: hides,
          hostExists: existsSync,
        });
        if (problem) return { error: `container "${container.name}": ${problem}`, warnings };
      }
      return { plan: sandboxPlan({ ...input, state }), warnings };
    }
    case "none":
      if (target.mounts.length > 0) {
        const why = `volumes need the bubblewrap sandbox, which is off (${state.reason})`;
        return { error: `container "${container.name}": ${why}`, warnings };
      }
      return { plan: plainPlan(input), warnings };
    default:
      return assertNever(state, "sandbox state");
  }
}

async function userlandFor(opts: {
  userlandDir: string;
  profile: ImageProfile | undefined;
  busybox: string;
  warnings: string[];
}): Promise<BusyboxUserland | undefined> {
  const { profile } = opts;
  if (!profile) return undefined;
  switch (profile.userland) {
    case "host":
      return undefined;
    case "busybox":
      try {
        const userland = await ensureBusyboxUserland({
          userlandDir: opts.userlandDir,
          profile,
          busybox: opts.busybox,
        });
        for (const [name, host] of Object.entries(userland.missingBins)) {
          opts.warnings.push(`${name} is not available: ${host} is not on this host`);
        }
        return userland;
      } catch (err) {
        const why =
          err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : "";
        opts.warnings.push(`busybox userland unavailable (${why}): running on the host userland`);
        return undefined;
      }
    default:
      return assertNever(profile.userland, "userland");
  }
}

interface PlanInput {
  ctx: PlanContext;
  container: ContainerSpec;
  root: string;
  userland: BusyboxUserland | undefined;
  argv: string[];
  workingDir: string;
  shims: readonly Mount[];
  mounts: readonly Mount[];
  durable: boolean;
}

function sandboxPlan(input: PlanInput & { state: Extract<SandboxState, { kind: "bwrap" }> }): LaunchPlan {
  const { ctx, container, root, state, workingDir } = input;
  const hostname = ctx.pod.podName;
  const env = podEnvironment({ pod: ctx.pod, container, path: DEFAULT_PATH, home: "/root", hostname });
  const tty = container.tty === true;
  const args = bwrapArgs({
    root,
    layout: state.layout,
    hostname,
    cwd: workingDir,
    ...(input.userland ? { busybox: input.userland } : {}),
    dropCaps: state.dropCaps,
    statusFd: STATUS_FD,
    argv: input.argv,
    shims: input.shims,
    volumes: input.mounts,
    newSession: !tty,
    dieWithParent: !input.durable,
  });
  const [file, ...rest] = tty ? ttyWrap([state.bwrap, ...args]) : [state.bwrap, ...args];
  return {
    file: file as string,
    args: rest,
    env,
    cwd: root,
    sandboxed: true,
    tty,
    symlinks: state.layout.symlinks,
    workingDir,
    outputRoot: root,
    outputCwd: workingDir,
    outputMounts: input.mounts,
  };
}

/**
 * Without the sandbox a shim cannot appear at its path: a command naming a shim (by its absolute
 * path, or by its name when it lives in a bin folder) runs the bundled file instead.
 */
function plainPlan(input: PlanInput): LaunchPlan {
  const { ctx, container, root, workingDir } = input;
  const path = input.userland ? `${input.userland.pathDir}:${DEFAULT_PATH}` : DEFAULT_PATH;
  const home = hostPathInRoot(root, "/root");
  const env = podEnvironment({ pod: ctx.pod, container, path, home, hostname: ctx.pod.podName });
  const cwd = hostPathInRoot(root, workingDir);
  const [head, ...tail] = input.argv as [string, ...string[]];
  const shim = input.shims.find(
    (s) =>
      s.dest === head ||
      (!head.includes("/") && /\/s?bin\/[^/]+$/.test(s.dest) && posix.basename(s.dest) === head),
  );
  const argv = [shim ? shim.source : head, ...tail];
  const [file, ...args] = (container.tty ? ttyWrap(argv) : argv) as [string, ...string[]];
  return {
    file,
    args,
    env,
    cwd,
    sandboxed: false,
    tty: container.tty === true,
    symlinks: [],
    workingDir,
    outputRoot: undefined,
    outputCwd: cwd,
  };
}
