/**
 * The in-memory record of one pod an executor instance has started: its process once spawned,
 * why it is being stopped, and the promises `start` and `wait` hand out.
 */
import type { PodResult } from "../types.js";
import type { PodProcess } from "./pod-process.js";

export class PodRun {
  process: PodProcess | undefined;
  stopRequested = false;
  deadlineExceeded = false;
  private markStarted: () => void = () => {};
  /** Resolves once the process runs, or once the pod is over if it never ran. */
  readonly started = new Promise<void>((resolve) => {
    this.markStarted = resolve;
  });
  /** Never rejects: every failure becomes a result with `error`. */
  readonly done: Promise<PodResult>;

  constructor(podName: string, body: (run: PodRun) => Promise<PodResult>) {
    this.done = body(this)
      .catch((err: unknown) => failedResult(podName, `host executor: ${errorMessage(err)}`))
      .finally(() => this.markStarted());
  }

  /** Called once the process is running. */
  running(process: PodProcess): void {
    this.process = process;
    this.markStarted();
    // A stop that came in while the pod was being prepared applies now.
    if (this.stopRequested) process.terminate();
  }

  stop(reason: "kill" | "deadline"): void {
    if (reason === "deadline" && !this.stopRequested) this.deadlineExceeded = true;
    this.stopRequested = true;
    this.process?.terminate();
  }
}

/** A result for a pod whose main never ran (or whose run was lost). */
export function failedResult(
  podName: string,
  error: string,
  startedAt = new Date().toISOString(),
): PodResult {
  return {
    podName,
    exitCode: -1,
    result: "",
    outputParameters: {},
    outputErrors: {},
    error,
    warnings: [],
    startedAt,
    finishedAt: new Date().toISOString(),
  };
}

const errorMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
