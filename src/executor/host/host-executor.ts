/**
 * The host executor: runs each pod as a host process tree, inside a bubblewrap sandbox when it can
 * (DESIGN.md §3). It keeps one in-memory record per pod name and a durable one in the pod
 * directory; it never touches workflow state.
 */
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { internal, notFound } from "../../util/errors.js";
import type { Executor, PodResult, PodSpec } from "../types.js";
import { mainContainers, type PodContext } from "./container-launch.js";
import { defaultImageProfiles, type ImageProfile } from "./image-profiles.js";
import { collectOutputParameters, locateOutputArtifacts } from "./outputs.js";
import {
  assertContainerName,
  assertPodName,
  containerLog,
  createPodDir,
  MAIN_CONTAINER,
  type PodPaths,
  podPaths,
  readRecordedState,
  writeExitCode,
  writeRecordedResult,
} from "./pod-dir.js";
import { type PodOutcome, runPodContainers } from "./pod-lifecycle.js";
import { failedResult, PodRun } from "./pod-run.js";
import { POD_IP } from "./readiness.js";
import { recoverPod } from "./recovery.js";
import { type LimitsState, type ResourceEnforcement, resolveLimits } from "./resources.js";
import { resolveSandbox, type SandboxState } from "./sandbox-state.js";
import { type PodVolume, prepareVolumes, VolumeError } from "./volumes.js";

/** Options of {@link createHostExecutor}. */
export interface HostExecutorOptions {
  /** Argosy's home (`ARGOSY_HOME`); pods live in `<home>/pods/<podName>/`. */
  home: string;
  /** `auto` uses bwrap when it works and falls back to plain processes. @default "auto" */
  sandbox?: "auto" | "bwrap" | "none";
  /** Reject images that match no profile instead of running them on the host userland. @default false */
  strictImages?: boolean;
  /** Told once when pods run without the sandbox, and why. */
  onWarning?: (message: string) => void;
  /** Profiles checked before the built-in table. @default [] */
  profiles?: ImageProfile[];
  /** Milliseconds between SIGTERM and SIGKILL when a pod is stopped. @default 2000 */
  killGraceMs?: number;
  /** The bubblewrap binary. @default "bwrap" (looked up on PATH) */
  bwrapPath?: string;
  /** The host busybox used for busybox userlands. @default "/usr/bin/busybox" */
  busyboxPath?: string;
  /** Where busybox userlands are built once and shared by pods. @default "<home>/userland" */
  userlandDir?: string;
  /**
   * How `resources.limits` are enforced: `auto` uses cgroups (v2, else v1) below the executor's own
   * cgroup when writable, else `prlimit --as` for memory; `prlimit` skips cgroups; `none` enforces
   * nothing. Whatever is not enforced is noted in the pod's warnings. @default "auto"
   */
  resourceEnforcement?: ResourceEnforcement;
}

/** Creates a host executor; see {@link HostExecutorOptions}. */
export function createHostExecutor(options: HostExecutorOptions): Executor {
  return new HostExecutor(options);
}

const DEADLINE_MESSAGE = "Pod was active on the node longer than the specified deadline";

class HostExecutor implements Executor {
  private readonly runs = new Map<string, PodRun>();
  private readonly profiles: readonly ImageProfile[];
  private sandboxState: Promise<SandboxState> | undefined;
  private limitsState: Promise<LimitsState> | undefined;
  private closed = false;

  constructor(private readonly options: HostExecutorOptions) {
    this.profiles = [...(options.profiles ?? []), ...defaultImageProfiles];
  }

  async start(pod: PodSpec): Promise<void> {
    assertPodName(pod.podName);
    if (this.closed) throw internal("the host executor is closed");
    const existing = this.runs.get(pod.podName);
    if (existing) return existing.started;
    const run = new PodRun(pod.podName, (r) => this.runPod(pod, r));
    this.runs.set(pod.podName, run);
    return run.started;
  }

  async wait(podName: string): Promise<PodResult> {
    const run = this.runs.get(podName);
    if (run) return run.done;
    assertPodName(podName);
    const recorded = await readRecordedState(this.paths(podName));
    if (recorded.kind === "finished") return recorded.result;
    throw notFound(`pod ${podName}`);
  }

  async kill(podName: string): Promise<void> {
    const run = this.runs.get(podName);
    if (!run) return;
    run.stop("kill");
    await run.done;
  }

  logPath(podName: string, container: string = MAIN_CONTAINER): string {
    assertPodName(podName);
    assertContainerName(container);
    return containerLog(this.paths(podName), container);
  }

  /** Pods share the host's network namespace: every pod is reached at 127.0.0.1. */
  podIP(podName: string): string | undefined {
    if (this.runs.has(podName)) return POD_IP;
    assertPodName(podName);
    return existsSync(this.paths(podName).dir) ? POD_IP : undefined;
  }

  async remove(podName: string): Promise<void> {
    assertPodName(podName);
    const run = this.runs.get(podName);
    if (run) {
      run.stop("kill");
      await run.done;
      this.runs.delete(podName);
    }
    await rm(this.paths(podName).dir, { recursive: true, force: true });
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.runs.keys()].map((name) => this.kill(name)));
  }

  private paths(podName: string): PodPaths {
    return podPaths(this.options.home, podName);
  }

  private sandbox(): Promise<SandboxState> {
    this.sandboxState ??= resolveSandbox({
      mode: this.options.sandbox ?? "auto",
      bwrap: this.options.bwrapPath ?? "bwrap",
      ...(this.options.onWarning ? { onWarning: this.options.onWarning } : {}),
    });
    return this.sandboxState;
  }

  private limits(): Promise<LimitsState> {
    this.limitsState ??= resolveLimits(this.options.resourceEnforcement ?? "auto");
    return this.limitsState;
  }

  private async runPod(pod: PodSpec, run: PodRun): Promise<PodResult> {
    const paths = this.paths(pod.podName);
    const startedAt = new Date().toISOString();
    const recovered = await recoverPod({ pod, paths, startedAt, sandbox: () => this.sandbox() });
    if (recovered) return recovered;
    const state = await this.sandbox();
    const fail = async (error: string, warnings: string[] = []): Promise<PodResult> => {
      await mkdir(paths.dir, { recursive: true });
      const failed = { ...failedResult(pod.podName, error, startedAt), warnings };
      await writeRecordedResult(paths, failed);
      return failed;
    };
    if (state.kind === "unavailable") return fail(state.reason);
    await createPodDir(paths);
    let volumes: Map<string, PodVolume>;
    try {
      volumes = await prepareVolumes(pod.volumes ?? [], paths.volumes);
    } catch (err) {
      if (err instanceof VolumeError) return fail(err.message);
      throw err;
    }
    const ctx: PodContext = {
      pod,
      paths,
      run,
      planning: {
        pod,
        state,
        profiles: this.profiles,
        strictImages: this.options.strictImages ?? false,
        busybox: this.options.busyboxPath ?? "/usr/bin/busybox",
        userlandDir: this.options.userlandDir ?? join(this.options.home, "userland"),
      },
      volumes,
      graceMs: this.options.killGraceMs ?? 2000,
      // Probed (and `<own cgroup>/argosy` created) only once a pod asks for limits.
      limits: hasAnyLimits(pod) ? await this.limits() : { kind: "none", why: "no limits" },
      warnings: new Set(),
      plans: new Map(),
    };
    // The deadline covers the whole pod, init containers included, as Kubernetes counts it.
    const deadline =
      pod.activeDeadlineSeconds !== undefined
        ? setTimeout(() => run.stop("deadline"), pod.activeDeadlineSeconds * 1000)
        : undefined;
    let outcome: PodOutcome;
    try {
      outcome = await runPodContainers(ctx);
    } finally {
      if (deadline) clearTimeout(deadline);
    }
    // The exit code file does not wait for the outputs: it is what a restarted executor looks for.
    const [, result] = await Promise.all([
      writeExitCode(paths, outcome.exitCode),
      finishPod({ ctx, outcome, startedAt }),
    ]);
    return result;
  }
}

function hasAnyLimits(pod: PodSpec): boolean {
  const all = [...(pod.initContainers ?? []), ...(pod.sidecars ?? []), ...mainContainers(pod)];
  return all.some((c) => c.resources?.limits !== undefined);
}

/** Collects main's outputs into the pod's result and records it. */
async function finishPod(opts: {
  ctx: PodContext;
  outcome: PodOutcome;
  startedAt: string;
}): Promise<PodResult> {
  const { ctx, outcome } = opts;
  const { pod, paths, run } = ctx;
  const main = ctx.plans.get(MAIN_CONTAINER);
  const params =
    outcome.mainRan && main
      ? await collectOutputParameters({
          params: pod.outputParameters ?? [],
          root: main.outputRoot,
          cwd: main.outputCwd,
          ...(main.outputMounts ? { mounts: main.outputMounts } : {}),
        })
      : { outputParameters: {}, outputErrors: {} };
  const artifacts =
    outcome.mainRan && main && pod.outputArtifacts?.length
      ? await locateOutputArtifacts({
          artifacts: pod.outputArtifacts,
          root: main.outputRoot,
          cwd: main.outputCwd,
          ...(main.outputMounts ? { mounts: main.outputMounts } : {}),
        })
      : undefined;
  const result: PodResult = {
    podName: pod.podName,
    exitCode: outcome.exitCode,
    result: outcome.result,
    ...params,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    ...(run.deadlineExceeded ? { deadlineExceeded: true, error: DEADLINE_MESSAGE } : {}),
    warnings: [...ctx.warnings],
    startedAt: opts.startedAt,
    finishedAt: new Date().toISOString(),
    ...(outcome.containers ? { containers: outcome.containers } : {}),
    ...(artifacts ?? {}),
  };
  await writeRecordedResult(paths, result);
  return result;
}
