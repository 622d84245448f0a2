/**
 * One container of a pod, from spec to exit: its mounts and plan (checked for every container
 * before anything runs), its root, its log, its process.
 */
import type { ContainerSpec, PodSpec, UserContainerSpec } from "../types.js";
import { canRunDurably } from "./adoption.js";
import { startDurableProcess } from "./durable-process.js";
import type { OutputLocation } from "./durable-record.js";
import type { Launcher } from "./launcher.js";
import { type LogSink, openLogSink } from "./logs.js";
import { MAX_RESULT_BYTES, readResult, resultFromTail } from "./outputs.js";
import { type LaunchPlan, type PlanContext, planContainer } from "./plan.js";
import { containerLog, containerRoot, MAIN_CONTAINER, type PodPaths, populateRoot } from "./pod-dir.js";
import { type ProcessExit, startPodProcess } from "./pod-process.js";
import { never, type PodRun } from "./pod-run.js";
import {
  type AppliedLimits,
  applyLimits,
  containerLimits,
  type LimitsState,
  limitWarnings,
  oomKilledMessage,
} from "./resources.js";
import { containerMounts, effectiveMounts, type Mount, type PodVolume, VolumeError } from "./volumes.js";

/** What every container of one pod shares. */
export interface PodContext {
  pod: PodSpec;
  paths: PodPaths;
  run: PodRun;
  planning: PlanContext;
  volumes: ReadonlyMap<string, PodVolume>;
  graceMs: number;
  /** How `resources.limits` are enforced on this host. */
  limits: LimitsState;
  /** Notes for the result, in order, each once. */
  warnings: Set<string>;
  /** Plans made by {@link checkContainer}, reused at launch when no subPath needs resolving again. */
  plans: Map<string, LaunchPlan>;
  /** Main runs durably: it outlives the executor, which records it for adoption (`durable-process.ts`). */
  durable: boolean;
  /** Forks main's process without forking Node (`launcher.ts`); main's output then goes to files. */
  launcher?: Launcher;
  /** The pod's `startedAt`, recorded for a durable main. */
  startedAt: string;
}

/** How a container of the pod is run. `main` is the pod's main (script staged, raw stdout kept). */
export type ContainerRole = "init" | "sidecar" | "main" | "set";

/** A container's exit, with its timing and its stdout as `outputs.result`. */
export interface ContainerExit extends ProcessExit {
  startedAt: string;
  finishedAt: string;
  result: string;
}

export interface RunningContainer {
  readonly exited: Promise<ContainerExit>;
  /** SIGTERM, then SIGKILL after the grace period. */
  terminate(): void;
}

/** A launch: running, refused (the pod fails with `error`), or not done because the pod is stopping. */
export type Launch = { running: RunningContainer } | { error: string } | { stopped: true };

/** Plans `container` without running it; returns why the pod cannot run it, if it cannot. */
export async function checkContainer(
  ctx: PodContext,
  container: UserContainerSpec,
  role: ContainerRole,
): Promise<string | undefined> {
  let limits: ReturnType<typeof containerLimits>;
  try {
    limits = containerLimits(container);
  } catch (err) {
    return (err as Error).message;
  }
  for (const warning of limitWarnings(ctx.limits, limits)) ctx.warnings.add(warning);
  const outcome = await planFor(ctx, container, role);
  if ("error" in outcome) return outcome.error;
  ctx.plans.set(slotOf(container, role), outcome.plan);
  return undefined;
}

/** Main's folder and log are `root/` and `main.log` whatever the engine named it. */
const slotOf = (container: ContainerSpec, role: ContainerRole): string =>
  role === "main" ? MAIN_CONTAINER : container.name;

/** Prepares the container's root and log and spawns it. */
export async function launchContainer(
  ctx: PodContext,
  container: UserContainerSpec,
  role: ContainerRole,
): Promise<Launch> {
  const { paths, run } = ctx;
  if (run.stopRequested) return { stopped: true };
  const slot = slotOf(container, role);
  let plan = ctx.plans.get(slot);
  if (!plan || effectiveMounts(container, ctx.pod.main).some((m) => m.subPath)) {
    // A subPath is resolved again just before the mount: a container may have changed the volume.
    const outcome = await planFor(ctx, container, role);
    if ("error" in outcome) return { error: outcome.error };
    plan = outcome.plan;
  }
  // A main on files (durable, or forked by the launcher) writes its own output files; they are
  // tailed into its log. Other containers, and the main of a pod that is not main alone (which
  // cannot run durably either), are piped to Node.
  const onFiles =
    role === "main" && (ctx.durable || (ctx.launcher?.usable === true && canRunDurably(ctx.pod)));
  const sink = onFiles
    ? undefined
    : openLogSink({
        mainLog: containerLog(paths, slot),
        ...(slot === MAIN_CONTAINER ? { stdout: paths.stdout } : {}),
        tailBytes: MAX_RESULT_BYTES + 1,
      });
  const script = role === "main" && ctx.pod.script ? ctx.pod.script.source : undefined;
  await populateRoot({
    inMemory: paths.inMemory,
    root: containerRoot(paths, slot),
    symlinks: plan.symlinks,
    workingDir: plan.workingDir,
    ...(script !== undefined ? { script: { hostPath: paths.script, source: script } } : {}),
  });
  if (run.stopRequested) {
    await sink?.close();
    return { stopped: true };
  }
  let limits: AppliedLimits;
  try {
    const name = `${ctx.pod.podName}.${slot}`;
    limits = await applyLimits({ state: ctx.limits, limits: containerLimits(container), name });
  } catch (err) {
    await sink?.close();
    return {
      error: `container "${container.name}": cannot apply resources.limits: ${(err as Error).message}`,
    };
  }
  if (!sink) return { running: await spawnDurable({ ctx, plan, limits }) };
  return { running: await spawnContainer({ ctx, plan, sink, limits }) };
}

async function spawnContainer(opts: {
  ctx: PodContext;
  plan: LaunchPlan;
  sink: LogSink;
  limits: AppliedLimits;
}): Promise<RunningContainer> {
  const { ctx, plan, sink, limits } = opts;
  const startedAt = new Date().toISOString();
  const proc = await startPodProcess({
    ...limits.wrap(plan.file, plan.args),
    env: plan.env,
    cwd: plan.cwd,
    sandboxed: plan.sandboxed,
    tty: plan.tty,
    sink,
    graceMs: ctx.graceMs,
  });
  ctx.run.track(proc);
  const exited = proc.exited.then(async (exit) => {
    ctx.run.untrack(proc);
    const [{ oomKilled }] = await Promise.all([limits.release(), sink.close()]);
    const finishedAt = new Date().toISOString();
    // As the kubelet reports it: the OOM killer struck in the container's cgroup and it failed.
    const oom = oomKilled && exit.exitCode > 0 && exit.error === undefined;
    return {
      ...exit,
      ...(oom ? { error: oomKilledMessage(exit.exitCode) } : {}),
      startedAt,
      finishedAt,
      result: resultFromTail(sink.stdoutTail()),
    };
  });
  return { exited, terminate: () => proc.terminate() };
}

/** Spawns a main whose output goes to files (durable, or launched); see `durable-process.ts`. */
async function spawnDurable(opts: {
  ctx: PodContext;
  plan: LaunchPlan;
  limits: AppliedLimits;
}): Promise<RunningContainer> {
  const { ctx, plan, limits } = opts;
  // A closing executor let go of the pod before it spawned: a later one starts it afresh.
  if (ctx.run.abandoned) return never();
  const startedAt = new Date().toISOString();
  const outputs: OutputLocation = {
    ...(plan.outputRoot !== undefined ? { root: plan.outputRoot } : {}),
    cwd: plan.outputCwd,
    ...(plan.outputMounts ? { mounts: plan.outputMounts.map(({ source, dest }) => ({ source, dest })) } : {}),
  };
  const proc = await startDurableProcess({
    ...limits.wrap(plan.file, plan.args),
    env: plan.env,
    cwd: plan.cwd,
    sandboxed: plan.sandboxed,
    graceMs: ctx.graceMs,
    paths: ctx.paths,
    ...(ctx.launcher ? { launcher: ctx.launcher } : {}),
    resumable: ctx.durable,
    record: {
      sandboxed: plan.sandboxed,
      podStartedAt: ctx.startedAt,
      outputs,
      warnings: [...ctx.warnings],
      ...(limits.cgroup ? { cgroup: limits.cgroup } : {}),
    },
  });
  ctx.run.track(proc);
  const exited = proc.exited.then(async (exit) => {
    ctx.run.untrack(proc);
    const [{ oomKilled }, result] = await Promise.all([limits.release(), readResult(ctx.paths.stdout)]);
    const oom = oomKilled && exit.exitCode > 0 && exit.error === undefined;
    return {
      ...exit,
      ...(oom ? { error: oomKilledMessage(exit.exitCode) } : {}),
      startedAt,
      finishedAt: new Date().toISOString(),
      result,
    };
  });
  return { exited, terminate: () => proc.terminate() };
}

async function planFor(ctx: PodContext, container: UserContainerSpec, role: ContainerRole | "probe") {
  let mounts: Mount[];
  try {
    mounts = await containerMounts({
      container: container.name,
      mounts: effectiveMounts(container, ctx.pod.main),
      volumes: ctx.volumes,
    });
  } catch (err) {
    if (err instanceof VolumeError) return { error: err.message, warnings: [] };
    throw err;
  }
  const outcome = await planContainer(ctx.planning, {
    container,
    root: containerRoot(ctx.paths, role === "probe" ? MAIN_CONTAINER : slotOf(container, role)),
    mounts,
    ...(role === "main" && ctx.pod.script ? { scriptHostPath: ctx.paths.script } : {}),
    ...(role === "main" && ctx.durable ? { durable: true } : {}),
  });
  for (const warning of outcome.warnings) ctx.warnings.add(warning);
  return outcome;
}

const discard: LogSink = {
  stdout: () => {},
  stderr: () => {},
  stdoutTail: () => Buffer.alloc(0),
  close: async () => {},
};

/**
 * Runs a readiness probe's `exec` command as Kubernetes does inside main: a fresh process with
 * main's image, root, mounts and environment (in its own pid namespace). True when it exits 0
 * within the timeout.
 */
export async function probeExec(
  ctx: PodContext,
  probe: { command: string[]; timeoutMs: number },
): Promise<boolean> {
  if (ctx.run.stopRequested) return false;
  const container = { ...ctx.pod.main, command: probe.command, args: [], tty: false };
  const outcome = await planFor(ctx, container, "probe");
  if ("error" in outcome) return false;
  const { plan } = outcome;
  const proc = await startPodProcess({ ...plan, sink: discard, graceMs: 0 });
  ctx.run.track(proc);
  const timer = setTimeout(() => proc.terminate(), probe.timeoutMs);
  const exit = await proc.exited;
  clearTimeout(timer);
  ctx.run.untrack(proc);
  return exit.exitCode === 0 && exit.error === undefined;
}

/** The containers the pod runs besides init containers and sidecars: main, or the containerSet's. */
export function mainContainers(pod: PodSpec): ContainerSpec[] {
  return pod.containerSet ? pod.containerSet.containers : [pod.main];
}
