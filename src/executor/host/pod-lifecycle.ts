/**
 * A pod's containers in Kubernetes order: every container is checked before anything runs; init
 * containers run one after another and the first that fails ends the pod; sidecars then start
 * alongside main (or the containerSet) and are stopped once it has exited; a daemon pod counts as
 * started once its readiness probe succeeds.
 */
import type { ContainerResult, ContainerSpec } from "../types.js";
import {
  type ContainerRole,
  checkContainer,
  launchContainer,
  mainContainers,
  type PodContext,
  probeExec,
  type RunningContainer,
} from "./container-launch.js";
import { containerSetProblem, runContainerSet } from "./container-set.js";
import { assertContainerName, MAIN_CONTAINER } from "./pod-dir.js";
import { waitUntilReady } from "./readiness.js";

/** What the pod's containers did, before outputs are collected. */
export interface PodOutcome {
  exitCode: number;
  error?: string;
  /** Main's stdout as `outputs.result`. */
  result: string;
  /** Whether main ran, so that its outputs can be read. */
  mainRan: boolean;
  containers?: Record<string, ContainerResult>;
}

const NEVER_STARTED = "pod was stopped before it started";

const failed = (error: string, exitCode = -1): PodOutcome => ({
  exitCode,
  error,
  result: "",
  mainRan: false,
});

/** Runs every container of the pod to its end. Never rejects for a container's failure. */
export async function runPodContainers(ctx: PodContext): Promise<PodOutcome> {
  const { pod, run } = ctx;
  const problem = await checkPod(ctx);
  if (problem) return failed(problem);
  // A daemon is started once ready; any other pod once its first container runs.
  const started = () => {
    if (!pod.daemon) run.markStarted();
  };
  for (const init of pod.initContainers ?? []) {
    const launched = await launchContainer(ctx, init, "init");
    if ("stopped" in launched) return failed(NEVER_STARTED);
    if ("error" in launched) return failed(launched.error);
    started();
    const exit = await launched.running.exited;
    if (exit.error !== undefined || exit.exitCode !== 0) {
      const why = exit.error ?? `exit code ${exit.exitCode}`;
      return failed(`init container "${init.name}" failed: ${why}`, exit.exitCode);
    }
  }
  const sidecars: [string, RunningContainer][] = [];
  try {
    for (const sidecar of pod.sidecars ?? []) {
      const launched = await launchContainer(ctx, sidecar, "sidecar");
      if ("error" in launched) ctx.warnings.add(`sidecar "${sidecar.name}": ${launched.error}`);
      if ("running" in launched) {
        started();
        sidecars.push([sidecar.name, launched.running]);
      }
    }
    return pod.containerSet ? await runSet(ctx) : await runMain(ctx, started);
  } finally {
    // Sidecars never change the result: they are stopped once main is done, as Argo's wait container does.
    for (const [, sidecar] of sidecars) sidecar.terminate();
    for (const [name, sidecar] of sidecars) {
      const exit = await sidecar.exited;
      if (exit.error !== undefined) ctx.warnings.add(`sidecar "${name}": ${exit.error}`);
    }
  }
}

async function runMain(ctx: PodContext, started: () => void): Promise<PodOutcome> {
  const { pod, run } = ctx;
  const launched = await launchContainer(ctx, pod.main, "main");
  if ("stopped" in launched) return failed(NEVER_STARTED);
  if ("error" in launched) return failed(launched.error);
  started();
  const { exited } = launched.running;
  if (pod.daemon) {
    void waitUntilReady({
      probe: pod.daemon.readinessProbe,
      container: pod.main,
      gone: exited,
      exec: (command, timeoutMs) => probeExec(ctx, { command, timeoutMs }),
    }).then((ready) => {
      if (ready) run.markStarted();
    });
  }
  const exit = await exited;
  return {
    exitCode: exit.exitCode,
    ...(exit.error !== undefined ? { error: exit.error } : {}),
    result: exit.result,
    mainRan: true,
  };
}

async function runSet(ctx: PodContext): Promise<PodOutcome> {
  const containers = ctx.pod.containerSet?.containers ?? [];
  const set = await runContainerSet({
    containers,
    launch: (c) => launchContainer(ctx, c, "set"),
    // A daemon containerSet has no single container to probe: it is ready once it runs.
    onStarted: () => ctx.run.markStarted(),
  });
  const main = set.containers[MAIN_CONTAINER];
  const mainRan = main !== undefined && !main.skipped;
  const failure = set.firstFailure;
  const mainFailed = mainRan && (main.exitCode !== 0 || main.error !== undefined);
  let exitCode = mainFailed ? main.exitCode : (failure?.exit.exitCode ?? 0);
  let error = set.error ?? (mainFailed ? main.error : failure?.exit.error);
  if (!set.error && Object.values(set.containers).every((c) => c.skipped)) {
    exitCode = -1;
    error = NEVER_STARTED;
  }
  return {
    exitCode,
    ...(error !== undefined ? { error } : {}),
    result: main?.result ?? "",
    mainRan,
    containers: set.containers,
  };
}

/** Checks names, the containerSet's graph and every container's plan; returns why the pod cannot run. */
async function checkPod(ctx: PodContext): Promise<string | undefined> {
  const { pod } = ctx;
  const roles: [ContainerSpec, ContainerRole][] = [
    ...(pod.initContainers ?? []).map((c): [ContainerSpec, ContainerRole] => [c, "init"]),
    ...(pod.sidecars ?? []).map((c): [ContainerSpec, ContainerRole] => [c, "sidecar"]),
    ...mainContainers(pod).map((c): [ContainerSpec, ContainerRole] => [c, pod.containerSet ? "set" : "main"]),
  ];
  const seen = new Set<string>();
  for (const [container, role] of roles) {
    const name = role === "main" ? MAIN_CONTAINER : container.name;
    try {
      assertContainerName(name);
    } catch (err) {
      return (err as Error).message;
    }
    if (seen.has(name)) return `two containers of the pod are named "${name}"`;
    seen.add(name);
  }
  if (pod.containerSet) {
    const problem = containerSetProblem(pod.containerSet.containers);
    if (problem) return problem;
  }
  for (const [container, role] of roles) {
    const problem = await checkContainer(ctx, container, role);
    if (problem) return problem;
  }
  return undefined;
}
