/**
 * The host executor: runs each pod as a host process tree, inside a bubblewrap sandbox when it can
 * (DESIGN.md §3). It keeps one in-memory record per pod name and a durable one in the pod
 * directory; it never touches workflow state.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { internal, notFound } from "../../util/errors.js";
import type { Executor, PodResult, PodSpec } from "../types.js";
import { defaultImageProfiles, type ImageProfile } from "./image-profiles.js";
import { type LogSink, openLogSink } from "./logs.js";
import { collectOutputParameters, MAX_RESULT_BYTES, resultFromTail } from "./outputs.js";
import { type LaunchPlan, planPod } from "./plan.js";
import {
  assertPodName,
  createPodDir,
  type PodPaths,
  podPaths,
  populatePodRoot,
  readRecordedState,
  writeExitCode,
  writeRecordedResult,
} from "./pod-dir.js";
import { type ProcessExit, startPodProcess } from "./pod-process.js";
import { failedResult, PodRun } from "./pod-run.js";
import { recoverPod } from "./recovery.js";
import { resolveSandbox, type SandboxState } from "./sandbox-state.js";

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

  logPath(podName: string): string {
    assertPodName(podName);
    return this.paths(podName).mainLog;
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

  private async runPod(pod: PodSpec, run: PodRun): Promise<PodResult> {
    const paths = this.paths(pod.podName);
    const startedAt = new Date().toISOString();
    const recovered = await recoverPod({ pod, paths, startedAt, sandbox: () => this.sandbox() });
    if (recovered) return recovered;
    const outcome = await planPod({
      pod,
      paths,
      userlandDir: this.options.userlandDir ?? join(this.options.home, "userland"),
      state: await this.sandbox(),
      profiles: this.profiles,
      strictImages: this.options.strictImages ?? false,
      busybox: this.options.busyboxPath ?? "/usr/bin/busybox",
    });
    if ("error" in outcome) {
      await mkdir(paths.dir, { recursive: true });
      const failed = { ...failedResult(pod.podName, outcome.error, startedAt), warnings: outcome.warnings };
      await writeRecordedResult(paths, failed);
      return failed;
    }
    const { plan, warnings } = outcome;
    await createPodDir(paths);
    // Opening the log files overlaps with populating the root.
    const sink = openLogSink({
      mainLog: paths.mainLog,
      stdout: paths.stdout,
      tailBytes: MAX_RESULT_BYTES + 1,
    });
    await populatePodRoot({
      paths,
      symlinks: plan.symlinks,
      workingDir: plan.workingDir,
      ...(pod.script ? { script: pod.script.source } : {}),
    });
    const exit = await this.execute({ pod, run, plan, sink });
    const finish = async (): Promise<PodResult> => {
      const params = await collectOutputParameters({
        params: pod.outputParameters ?? [],
        root: plan.outputRoot,
        cwd: plan.outputCwd,
      });
      const result: PodResult = {
        podName: pod.podName,
        exitCode: exit.exitCode,
        result: resultFromTail(sink.stdoutTail()),
        ...params,
        ...(exit.error !== undefined ? { error: exit.error } : {}),
        ...(run.deadlineExceeded ? { deadlineExceeded: true, error: DEADLINE_MESSAGE } : {}),
        warnings,
        startedAt,
        finishedAt: new Date().toISOString(),
      };
      await writeRecordedResult(paths, result);
      return result;
    };
    // The exit code file does not wait for the outputs: it is what a restarted executor looks for.
    const [, result] = await Promise.all([writeExitCode(paths, exit.exitCode), finish()]);
    return result;
  }

  /** Spawns the pod, arms its deadline and waits for it to exit with its output written. */
  private async execute(opts: {
    pod: PodSpec;
    run: PodRun;
    plan: LaunchPlan;
    sink: LogSink;
  }): Promise<ProcessExit> {
    const { pod, run, plan, sink } = opts;
    if (run.stopRequested) {
      await sink.close();
      return { exitCode: -1, error: "pod was stopped before it started" };
    }
    const proc = await startPodProcess({
      file: plan.file,
      args: plan.args,
      env: plan.env,
      cwd: plan.cwd,
      sandboxed: plan.sandboxed,
      sink,
      graceMs: this.options.killGraceMs ?? 2000,
    });
    run.running(proc);
    const deadline =
      pod.activeDeadlineSeconds !== undefined
        ? setTimeout(() => run.stop("deadline"), pod.activeDeadlineSeconds * 1000)
        : undefined;
    try {
      return await proc.exited;
    } finally {
      if (deadline) clearTimeout(deadline);
      await sink.close();
    }
  }
}
