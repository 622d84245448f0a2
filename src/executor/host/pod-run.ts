/**
 * The in-memory record of one pod an executor instance has started: its running processes (one
 * per running container), why it is being stopped, and the promises `start` and `wait` hand out.
 */
import type { PodResult } from "../types.js";
import type { PodProcess } from "./pod-process.js";

export class PodRun {
  private readonly processes = new Set<PodProcess>();
  stopRequested = false;
  deadlineExceeded = false;
  /** Its main outlives the executor (a durable pod, or one adopted): `close` lets go of it. */
  durable = false;
  /** Let go of by a closing executor: its durable process carries on, nothing more is recorded. */
  abandoned = false;
  private resolveStarted: () => void = () => {};
  /** Resolves once the pod runs (a daemon: once it is ready), or once it is over if it never did. */
  readonly started = new Promise<void>((resolve) => {
    this.resolveStarted = resolve;
  });
  /** Never rejects: every failure becomes a result with `error`. */
  readonly done: Promise<PodResult>;

  constructor(podName: string, body: (run: PodRun) => Promise<PodResult>) {
    this.done = body(this)
      .catch((err: unknown) => failedResult(podName, `host executor: ${errorMessage(err)}`))
      .finally(() => this.resolveStarted());
  }

  /** Resolves `started`: the pod is running, or ready for a daemon. */
  markStarted(): void {
    this.resolveStarted();
  }

  /** Called once a container's process is running; `untrack` once it has exited. */
  track(process: PodProcess): void {
    this.processes.add(process);
    // A stop that came in while the container was being prepared applies now.
    if (this.stopRequested) process.terminate();
    if (this.abandoned) process.abandon?.();
  }

  untrack(process: PodProcess): void {
    this.processes.delete(process);
  }

  /** Stops every running container; no container starts after this. */
  stop(reason: "kill" | "deadline"): void {
    if (this.abandoned) return;
    if (reason === "deadline" && !this.stopRequested) this.deadlineExceeded = true;
    this.stopRequested = true;
    for (const process of this.processes) process.terminate();
  }

  /**
   * Lets go of the pod without stopping it (a durable pod, its executor closing): its processes
   * stop being watched, and `done` never settles, as if this executor had died. A later executor
   * adopts the pod.
   */
  abandon(): void {
    this.abandoned = true;
    for (const process of this.processes) process.abandon?.();
  }
}

/** A promise that never settles: what an abandoned pod's work awaits instead of going on. */
export function never<T>(): Promise<T> {
  return new Promise<T>(() => {});
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
