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
import { adoptPod, canRunDurably } from "./adoption.js";
import { mainContainers, type PodContext } from "./container-launch.js";
import { defaultImageProfiles, type ImageProfile } from "./image-profiles.js";
import { Launcher } from "./launcher.js";
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
import { assemblePodResult } from "./pod-result.js";
import { failedResult, never, PodRun } from "./pod-run.js";
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
  /**
   * Pods outlive the executor: main is started so that it survives the controller (even `kill -9`),
   * and a restarted executor re-adopts it on `start`, or collects it if it ended meanwhile; `close`
   * leaves such pods running. Only for pods that are main alone (no init containers, sidecars,
   * containerSet or tty); the others behave as without it. See ARCHITECTURE.md, _Durable pods_.
   * @default false
   */
  durable?: boolean;
  /**
   * Fork pods' main processes from one long-lived `/bin/sh` instead of from Node (`launcher.ts`):
   * forking Node costs milliseconds of its only thread per pod. Main's output then goes to files
   * tailed into its log, as for durable pods. @default true
   */
  launcher?: boolean;
}

/** The host executor: the {@link Executor} contract, plus stopping every pod at once. */
export interface HostExecutor extends Executor {
  /**
   * Kills every pod this instance runs or adopted and waits for their results: what `close` does
   * without `durable`. With `durable`, call it before `close` to leave nothing running.
   */
  killAll(): Promise<void>;
}

/** Creates a host executor; see {@link HostExecutorOptions}. */
export function createHostExecutor(options: HostExecutorOptions): HostExecutor {
  return new HostPodExecutor(options);
}

class HostPodExecutor implements HostExecutor {
  private readonly runs = new Map<string, PodRun>();
  private readonly profiles: readonly ImageProfile[];
  private sandboxState: Promise<SandboxState> | undefined;
  private limitsState: Promise<LimitsState> | undefined;
  private closed = false;
  /** Its shell starts with the first pod that uses it. */
  private readonly launcher: Launcher | undefined;

  constructor(private readonly options: HostExecutorOptions) {
    this.profiles = [...(options.profiles ?? []), ...defaultImageProfiles];
    this.launcher = options.launcher === false ? undefined : new Launcher();
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
    // An abandoned pod is no longer this instance's to stop (its `done` never settles).
    if (!run || run.abandoned) return;
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
      // Stopping the process ends its log tail too; an abandoned one has none left.
      if (!run.abandoned) {
        run.stop("kill");
        await run.done;
      }
      this.runs.delete(podName);
    }
    await rm(this.paths(podName).dir, { recursive: true, force: true });
  }

  /**
   * Without `durable`, kills every running pod. With it, durable pods are let go of, still running,
   * for the next executor to adopt (their pending `wait`s never settle: this instance will not know
   * how they end); the pods that cannot outlive it are killed.
   */
  async close(): Promise<void> {
    this.closed = true;
    const killing: Promise<void>[] = [];
    for (const [name, run] of this.runs) {
      if (this.options.durable && run.durable) run.abandon();
      else killing.push(this.kill(name));
    }
    await Promise.all(killing);
    // Its waiting shells go; a durable sandbox (no --die-with-parent) carries on without them.
    this.launcher?.close();
  }

  async killAll(): Promise<void> {
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
    const durable = this.options.durable === true && canRunDurably(pod);
    run.durable = durable;
    const sandbox = () => this.sandbox();
    const recovery = await recoverPod({ pod, paths, startedAt, sandbox, durable });
    if (recovery.kind === "done") return recovery.result;
    const graceMs = this.options.killGraceMs ?? 2000;
    if (recovery.kind === "adopt") {
      run.durable = true;
      return adoptPod({ pod, paths, record: recovery.record, run, graceMs });
    }
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
      graceMs,
      // Probed (and `<own cgroup>/argosy` created) only once a pod asks for limits.
      limits: hasAnyLimits(pod) ? await this.limits() : { kind: "none", why: "no limits" },
      warnings: new Set(),
      plans: new Map(),
      durable,
      ...(this.launcher ? { launcher: this.launcher } : {}),
      startedAt,
    };
    // The deadline covers the whole pod, init containers included, as Kubernetes counts it. Not
    // what keeps the process alive (the pod is), so a closed executor's let-go pods do not.
    const deadline =
      pod.activeDeadlineSeconds !== undefined
        ? setTimeout(() => run.stop("deadline"), pod.activeDeadlineSeconds * 1000).unref()
        : undefined;
    let outcome: PodOutcome;
    try {
      outcome = await runPodContainers(ctx);
    } finally {
      if (deadline) clearTimeout(deadline);
    }
    // Let go of by a closing executor: the next one collects it from what the process leaves.
    if (run.abandoned) return never();
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
  const main = ctx.plans.get(MAIN_CONTAINER);
  const result = await assemblePodResult({
    pod: ctx.pod,
    exitCode: outcome.exitCode,
    ...(outcome.error !== undefined ? { error: outcome.error } : {}),
    result: outcome.result,
    outputs:
      outcome.mainRan && main
        ? {
            root: main.outputRoot,
            cwd: main.outputCwd,
            ...(main.outputMounts ? { mounts: [...main.outputMounts] } : {}),
          }
        : undefined,
    deadlineExceeded: ctx.run.deadlineExceeded,
    warnings: [...ctx.warnings],
    startedAt: opts.startedAt,
    ...(outcome.containers ? { containers: outcome.containers } : {}),
  });
  await writeRecordedResult(ctx.paths, result);
  return result;
}
