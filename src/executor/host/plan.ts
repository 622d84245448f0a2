/**
 * Turning a {@link PodSpec} into what to spawn: image profile, userland, argv, environment and
 * working directory, for the sandbox or for plain host processes.
 */
import { posix } from "node:path";
import { assertNever } from "../../util/errors.js";
import type { PodSpec } from "../types.js";
import { containerArgv, DEFAULT_PATH, podEnvironment, SCRIPT_SANDBOX_PATH } from "./command.js";
import { findImageProfile, type ImageProfile } from "./image-profiles.js";
import { hostPathInRoot, type PodPaths, type RootSymlink } from "./pod-dir.js";
import { bwrapArgs } from "./sandbox.js";
import type { SandboxState } from "./sandbox-state.js";
import { type BusyboxUserland, ensureBusyboxUserland } from "./userland.js";

/** Everything needed to prepare the pod directory and spawn the pod. */
export interface LaunchPlan {
  file: string;
  args: string[];
  env: Record<string, string>;
  /** Host cwd of the spawned process. */
  cwd: string;
  sandboxed: boolean;
  symlinks: readonly RootSymlink[];
  /** Directory to create inside the pod root. */
  workingDir: string;
  /** Pod root for resolving output paths; undefined when paths are host paths. */
  outputRoot: string | undefined;
  /** Where relative output paths start (a sandbox path, or a host path without sandbox). */
  outputCwd: string;
}

export type PlanOutcome = { plan: LaunchPlan; warnings: string[] } | { error: string; warnings: string[] };

/** The fd bwrap reports its status on (after stdin, stdout, stderr). */
export const STATUS_FD = 3;

export async function planPod(opts: {
  pod: PodSpec;
  paths: PodPaths;
  userlandDir: string;
  state: SandboxState;
  profiles: readonly ImageProfile[];
  strictImages: boolean;
  busybox: string;
}): Promise<PlanOutcome> {
  const { pod, state } = opts;
  const warnings: string[] = [];
  if (state.kind === "unavailable") return { error: state.reason, warnings };
  const image = pod.main.image;
  const profile = findImageProfile(image, opts.profiles);
  if (!profile) {
    if (opts.strictImages)
      return { error: `image "${image}" has no profile and strictImages is on`, warnings };
    warnings.push(`image "${image}" has no profile: running on the host userland`);
  }
  const userland = await userlandFor({ ...opts, profile, warnings });
  const sandboxed = state.kind === "bwrap";
  const scriptPath = pod.script ? (sandboxed ? SCRIPT_SANDBOX_PATH : opts.paths.script) : undefined;
  const argv = containerArgv({ container: pod.main, profile, ...(scriptPath ? { scriptPath } : {}) });
  if (argv.length === 0) {
    return { error: `image "${image}" has no default command and the template gives none`, warnings };
  }
  const workingDir = posix.resolve("/", pod.main.workingDir ?? "/");
  switch (state.kind) {
    case "bwrap":
      return { plan: sandboxPlan({ pod, paths: opts.paths, state, userland, argv, workingDir }), warnings };
    case "none":
      return { plan: plainPlan({ pod, paths: opts.paths, userland, argv, workingDir }), warnings };
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
  pod: PodSpec;
  paths: PodPaths;
  userland: BusyboxUserland | undefined;
  argv: string[];
  workingDir: string;
}

function sandboxPlan(input: PlanInput & { state: Extract<SandboxState, { kind: "bwrap" }> }): LaunchPlan {
  const { pod, paths, state, workingDir } = input;
  const env = podEnvironment({ pod, path: DEFAULT_PATH, home: "/root", hostname: pod.podName });
  const args = bwrapArgs({
    root: paths.root,
    layout: state.layout,
    hostname: pod.podName,
    cwd: workingDir,
    ...(input.userland ? { busybox: input.userland } : {}),
    dropCaps: state.dropCaps,
    statusFd: STATUS_FD,
    argv: input.argv,
  });
  return {
    file: state.bwrap,
    args,
    env,
    cwd: paths.root,
    sandboxed: true,
    symlinks: state.layout.symlinks,
    workingDir,
    outputRoot: paths.root,
    outputCwd: workingDir,
  };
}

function plainPlan(input: PlanInput): LaunchPlan {
  const { pod, paths, workingDir } = input;
  const path = input.userland ? `${input.userland.pathDir}:${DEFAULT_PATH}` : DEFAULT_PATH;
  const home = hostPathInRoot(paths.root, "/root");
  const env = podEnvironment({ pod, path, home, hostname: pod.podName });
  const cwd = hostPathInRoot(paths.root, workingDir);
  const [file, ...args] = input.argv as [string, ...string[]];
  return {
    file,
    args,
    env,
    cwd,
    sandboxed: false,
    symlinks: [],
    workingDir,
    outputRoot: undefined,
    outputCwd: cwd,
  };
}
