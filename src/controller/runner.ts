/**
 * Drives one workflow to completion: reconcile, persist, then act — in that order, every time.
 *
 * Each turn takes the observations gathered since the last one (pods started or finished, timers),
 * reconciles them in one go, commits the new status, the changed nodes and the new actions in one
 * store transaction, and only then performs the actions. Pods beyond `maxPods` wait, Pending, in a
 * FIFO queue, so a wide fan-out never forks more processes than the machine can run.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { Engine, type EngineOptions, type Observation, type PodRequest } from "../engine/index.js";
import type { MetricSample } from "../engine/metrics.js";
import type { Action } from "../engine/types.js";
import type { Executor, PodResult } from "../executor/types.js";
import type { Workflow } from "../spec/types.js";
import type { PendingAction, Store } from "../store/types.js";
import { collectArtifacts } from "./artifact-gc.js";
import type { LockManager } from "./locks.js";
import type { MemoCaches } from "./memo-cache.js";
import {
  type ArtifactIO,
  listKeys,
  saveMainLog,
  saveOutputArtifacts,
  stageInputArtifacts,
} from "./pod-artifacts.js";
import { resolvePodSpec } from "./pod-volumes.js";
import { applyResource } from "./resources.js";

export interface RunnerOptions {
  store: Store;
  executor: Executor;
  engine?: EngineOptions;
  maxPods: number;
  /** Called after each committed turn with the workflow as it now is. */
  onUpdate?: (workflow: Workflow, changedNodeIds: string[]) => void;
  /** Called when a pod has been started (for log streaming). */
  onPodStarted?: (pod: PodRequest) => void;
  /** Runs a child workflow created by a resource template (with the same controller). */
  runChild?: (wf: Workflow) => Promise<Workflow>;
  /** Where artifacts come from and go (the workflow's repository); without it artifacts are not moved. */
  artifacts?: ArtifactIO;
  /** ARGOSY_HOME (volume claims live under it). */
  home: string;
  /** Mutexes and semaphores, shared by every workflow the controller runs. */
  locks: LockManager;
  /** Custom metric samples as the workflow produces them (the server exports them). */
  onMetrics?: (samples: MetricSample[]) => void;
  /** Memoization caches (loaded); their lookup is also given to the engine. */
  memo?: MemoCaches;
  now?: () => number;
}

export class WorkflowRunner {
  private readonly engine: Engine;
  private readonly inbox: Observation[] = [];
  /** Pods waiting for room; `queueHead` avoids O(n) shifts on wide fan-outs. */
  private podQueue: PodRequest[] = [];
  private queueHead = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private running = 0;
  private wake: (() => void) | undefined;

  constructor(
    workflow: Workflow,
    private readonly options: RunnerOptions,
  ) {
    const memoCache = options.memo?.lookup;
    this.engine = new Engine(
      workflow,
      { ...options.engine, ...(memoCache ? { memoCache } : {}) },
      this.now(),
    );
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  get workflow(): Workflow {
    return this.engine.workflow;
  }

  /** Runs until the workflow has ended and every pod it started has finished. */
  async run(): Promise<Workflow> {
    const { store } = this.options;
    const wf = this.workflow;
    const namespace = wf.metadata.namespace ?? "default";
    const name = wf.metadata.name ?? "";
    try {
      for (;;) {
        const observations = this.inbox.splice(0);
        const { actions, changedNodeIds } = this.engine.reconcile(observations, this.now());
        const { nodes, ...status } = this.workflow.status ?? {};
        const changedNodes = changedNodeIds.map((id) => nodes?.[id]).filter((n) => n !== undefined);
        const pending = actions.map(toPending);
        await store.commitWorkflow({ namespace, name, status, changedNodes, actions: pending });
        this.options.onUpdate?.(this.workflow, changedNodeIds);
        for (const [i, action] of actions.entries()) {
          if (action.type === "memoSave")
            await this.options.memo?.save(action.cacheName, action.key, action.entry);
          else this.perform(action);
          await store.completeAction(namespace, name, (pending[i] as PendingAction).id);
        }
        if (this.isFinished()) {
          await this.collectVolumeClaims();
          await this.collectArtifactGarbage(namespace, name);
          return this.workflow;
        }
        if (this.inbox.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      for (const t of this.timers) clearTimeout(t);
    }
  }

  /** A data template's listing: keys under the location (none when the repository is still empty). */
  private async listArtifacts(nodeId: string, location: Record<string, unknown>): Promise<void> {
    const io = this.options.artifacts;
    try {
      if (!io) throw new Error("no artifact repository is configured");
      const keys = await listKeys(location, io);
      this.observe({ type: "artifactsListed", nodeId, keys });
    } catch (e) {
      this.observe({ type: "artifactsListed", nodeId, error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Artifact GC on completion; the outcome is merged into the stored status. */
  private async collectArtifactGarbage(namespace: string, name: string): Promise<void> {
    const io = this.options.artifacts;
    if (!io) return;
    await collectArtifacts(this.workflow, "OnWorkflowCompletion", io);
    if (!this.workflow.status?.artifactGCStatus) return;
    const { nodes: _nodes, ...status } = this.workflow.status;
    await this.options.store.commitWorkflow({ namespace, name, status, changedNodes: [], actions: [] });
  }

  /** volumeClaimGC: claims go when the workflow succeeds (default) or whenever it completes. */
  private async collectVolumeClaims(): Promise<void> {
    const spec = this.workflow.status?.storedWorkflowTemplateSpec ?? this.workflow.spec;
    const claims = (spec.volumeClaimTemplates ?? []) as { metadata?: { name?: string } }[];
    if (claims.length === 0) return;
    const strategy =
      (spec.volumeClaimGC as { strategy?: string } | undefined)?.strategy ?? "OnWorkflowSuccess";
    const phase = this.workflow.status?.phase;
    if (strategy !== "OnWorkflowCompletion" && !(strategy === "OnWorkflowSuccess" && phase === "Succeeded"))
      return;
    const ns = this.workflow.metadata.namespace ?? "default";
    for (const claim of claims) {
      const dir = join(
        this.options.home,
        "volumes",
        ns,
        `${this.workflow.metadata.name}-${claim.metadata?.name ?? ""}`,
      );
      await rm(dir, { recursive: true, force: true });
    }
  }

  private isFinished(): boolean {
    const phase = this.workflow.status?.phase;
    const ended = phase === "Succeeded" || phase === "Failed" || phase === "Error";
    return ended && this.running === 0 && this.queueHead === this.podQueue.length && this.inbox.length === 0;
  }

  private observe(o: Observation): void {
    this.inbox.push(o);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  private perform(action: Action): void {
    switch (action.type) {
      case "startPod":
        this.podQueue.push(action.pod);
        this.pump();
        return;
      case "killPod":
        void this.options.executor.kill(action.podName);
        return;
      case "acquireLock":
        this.acquire(action);
        return;
      case "releaseLock":
        this.wakeHolders(this.options.locks.release(action.holder));
        this.reportLocks();
        return;
      case "memoSave":
        return;
      case "applyResource": {
        const runChild = this.options.runChild;
        void applyResource(action, {
          store: this.options.store,
          namespace: this.workflow.metadata.namespace ?? "default",
          parent: this.workflow,
          runChild: runChild ?? (() => Promise.reject(new Error("child workflows need a controller"))),
        }).then((o) => this.observe(o));
        return;
      }
      case "listArtifacts":
        void this.listArtifacts(action.nodeId, action.location);
        return;
      case "recordMetrics":
        this.options.onMetrics?.(action.samples);
        return;
      case "wakeAt": {
        const delay = Math.max(0, Date.parse(action.at) - this.now());
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.observe({ type: "timer", nodeId: action.nodeId });
        }, delay);
        this.timers.add(timer);
        return;
      }
    }
  }

  private acquire(action: Extract<Action, { type: "acquireLock" }>): void {
    const r = this.options.locks.request(action);
    if (r.error) this.observe({ type: "lockFailed", nodeId: action.nodeId, message: r.error });
    else if (r.granted) this.observe({ type: "lockAcquired", nodeId: action.nodeId });
    else {
      this.observe({
        type: "lockWaiting",
        nodeId: action.nodeId,
        message: r.message ?? "",
        ...(r.failedLock ? { lock: r.failedLock } : {}),
      });
    }
    this.wakeHolders(r.woken);
    this.reportLocks();
  }

  /** Holders granted as a side effect: only this workflow's are ours to wake. */
  private wakeHolders(holders: string[]): void {
    const prefix = this.workflowKey();
    for (const holder of holders) {
      if (holder === prefix) this.observe({ type: "lockAcquired", nodeId: "" });
      else if (holder.startsWith(`${prefix}/`))
        this.observe({ type: "lockAcquired", nodeId: holder.slice(prefix.length + 1) });
    }
  }

  private reportLocks(): void {
    const synchronization = this.options.locks.status(this.workflowKey()) as
      | Record<string, unknown>
      | undefined;
    this.observe({ type: "lockStatus", synchronization });
  }

  private workflowKey(): string {
    return `${this.workflow.metadata.namespace ?? "default"}/${this.workflow.metadata.name ?? ""}`;
  }

  /** Pods this workflow may run at once: the machine's limit, and the workflow's `parallelism`. */
  private capacity(): number {
    const spec = this.workflow.status?.storedWorkflowTemplateSpec ?? this.workflow.spec;
    const parallelism = Number(spec.parallelism);
    return parallelism > 0 ? Math.min(parallelism, this.options.maxPods) : this.options.maxPods;
  }

  /** Starts queued pods while there is room. */
  private pump(): void {
    const capacity = this.capacity();
    while (this.running < capacity && this.queueHead < this.podQueue.length) {
      const pod = this.podQueue[this.queueHead++] as PodRequest;
      if (this.queueHead > 1024 && this.queueHead * 2 > this.podQueue.length) {
        this.podQueue = this.podQueue.slice(this.queueHead);
        this.queueHead = 0;
      }
      this.running++;
      void this.runPod(pod);
    }
  }

  private async runPod(pod: PodRequest): Promise<void> {
    const { executor } = this.options;
    let result: PodResult;
    let artifacts: Awaited<ReturnType<typeof saveOutputArtifacts>> | undefined;
    try {
      const spec = await resolvePodSpec(pod, { store: this.options.store, home: this.options.home });
      if (pod.inputArtifacts?.length && this.options.artifacts) {
        const staged = await stageInputArtifacts(pod, this.options.artifacts);
        spec.volumes = [...(spec.volumes ?? []), ...staged.volumes];
        spec.main = { ...spec.main, volumeMounts: [...(spec.main.volumeMounts ?? []), ...staged.mounts] };
      }
      await executor.start(spec);
      const ip = executor.podIP?.(pod.podName);
      this.observe({ type: "podStarted", nodeId: pod.nodeId, ...(ip ? { ip } : {}) });
      this.options.onPodStarted?.(pod);
      result = await executor.wait(pod.podName);
      const io = this.options.artifacts;
      if (pod.outputArtifacts?.length && io && result.exitCode === 0 && !result.error) {
        artifacts = await saveOutputArtifacts(pod, result, io);
      }
      if (io && (pod.archiveLogs || io.repository.archiveLogs)) {
        const log = await saveMainLog(pod, executor.logPath(pod.podName), io);
        artifacts = {
          artifacts: [...(artifacts?.artifacts ?? []), log],
          artifactErrors: artifacts?.artifactErrors ?? {},
        };
      }
    } catch (e) {
      const at = new Date(this.now()).toISOString();
      result = {
        podName: pod.podName,
        exitCode: -1,
        result: "",
        outputParameters: {},
        outputErrors: {},
        error: e instanceof Error ? e.message : String(e),
        warnings: [],
        startedAt: at,
        finishedAt: at,
      };
    }
    this.running--;
    this.observe({
      type: "podFinished",
      nodeId: pod.nodeId,
      outcome: { ...toOutcome(result), ...(artifacts ?? {}) },
    });
    this.pump();
  }
}

function toPending(action: Action): PendingAction {
  return { id: `${action.type}/${action.nodeId}`, kind: action.type, payload: action };
}

const secondsPrecision = (iso: string): string => `${iso.slice(0, 19)}Z`;

function toOutcome(r: PodResult) {
  return {
    ...(r.containers ? { containers: r.containers } : {}),
    exitCode: r.exitCode,
    result: r.result,
    outputParameters: r.outputParameters,
    outputErrors: r.outputErrors,
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(r.deadlineExceeded ? { deadlineExceeded: true } : {}),
    warnings: r.warnings,
    startedAt: secondsPrecision(r.startedAt),
    finishedAt: secondsPrecision(r.finishedAt),
  };
}
