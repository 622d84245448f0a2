import { Engine, type EngineOptions, type Observation, type PodRequest } from "../engine/index.js";
import type { MetricSample } from "../engine/metrics.js";
import type { Action } from "../engine/types.js";
import type { Executor } from "../executor/types.js";
import type { Workflow } from "../spec/types.js";
import type { PendingAction, Store } from "../store/types.js";
import { collectArtifacts } from "./artifact-gc.js";
import type { LockManager } from "./locks.js";
import type { MemoCaches } from "./memo-cache.js";
import { type ArtifactIO, listKeys } from "./pod-artifacts.js";
import { executePod } from "./pod-execution.js";
import { PodSlots } from "./pod-slots.js";
import { removeVolumeClaims } from "./pod-volumes.js";
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
  /** The machine's pod slots; without it the runner has `maxPods` of its own. */
  slots?: PodSlots;
  /** Called after each turn with the milliseconds it took (reconcile + commit). */
  onTurn?: (ms: number) => void;
  /** Most observations handled in one turn, so one busy workflow cannot hold the event loop. @default 5000 */
  maxObservationsPerTurn?: number;
  now?: () => number;
}

export class WorkflowRunner {
  private readonly engine: Engine;
  private readonly inbox: Observation[] = [];
  /** Pods waiting for room; `queueHead` avoids O(n) shifts on wide fan-outs. */
  private podQueue: PodRequest[] = [];
  private queueHead = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Pods taken from the queue and not yet finished (waiting for a slot or running). */
  private running = 0;
  private wake: (() => void) | undefined;
  private readonly slots: PodSlots;
  /** Nodes whose pod this runner has started: a repeated `startPod` for one of them is ignored. */
  private readonly podNodes = new Set<string>();
  /** Pending action ids to complete once their effect is observed, by node id and kind. */
  private readonly awaiting = new Map<string, string>();
  private suspended = false;
  private aborted = false;
  private lastLabels: string | undefined;

  constructor(
    workflow: Workflow,
    private readonly options: RunnerOptions,
  ) {
    const memoCache = options.memo?.lookup;
    this.slots = options.slots ?? new PodSlots(options.maxPods);
    this.suspended = workflow.spec.suspend === true;
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

  /**
   * Runs until the workflow has ended and every pod it started has finished. `recovered` are the
   * actions a previous controller recorded and may not have completed; they are performed first.
   */
  async run(recovered: PendingAction[] = []): Promise<Workflow> {
    const { store } = this.options;
    const wf = this.workflow;
    const namespace = wf.metadata.namespace ?? "default";
    const name = wf.metadata.name ?? "";
    const limit = this.options.maxObservationsPerTurn ?? 5000;
    try {
      this.rearm(recovered);
      for (;;) {
        if (this.aborted) return this.workflow;
        const started = performance.now();
        const observations = this.inbox.splice(0, limit);
        const { actions, changedNodeIds } = this.engine.reconcile(observations, this.now());
        const { nodes, ...status } = this.workflow.status ?? {};
        const changedNodes = changedNodeIds.map((id) => nodes?.[id]).filter((n) => n !== undefined);
        const pending = actions.map(toPending);
        const labels = this.changedLabels();
        await store.commitWorkflow({
          namespace,
          name,
          status,
          changedNodes,
          actions: pending,
          ...(labels ? { labels } : {}),
        });
        // What these observations report is now stored: the actions that asked for it are done.
        for (const o of observations) this.settle(o);
        this.options.onTurn?.(performance.now() - started);
        this.options.onUpdate?.(this.workflow, changedNodeIds);
        for (const [i, action] of actions.entries()) {
          await this.performRecorded(action, (pending[i] as PendingAction).id);
        }
        if (this.isFinished()) {
          await this.collectVolumeClaims();
          await this.collectArtifactGarbage(namespace, name);
          return this.workflow;
        }
        if (this.inbox.length > 0) await new Promise<void>((resolve) => setImmediate(resolve));
        else await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      for (const t of this.timers) clearTimeout(t);
    }
  }

  /** The labels when they differ from the last ones committed (the engine sets phase/completed). */
  private changedLabels(): Record<string, string> | undefined {
    const labels = this.workflow.metadata.labels;
    const text = JSON.stringify(labels ?? {});
    if (text === this.lastLabels) return undefined;
    this.lastLabels = text;
    return { ...labels };
  }

  /** False while observations wait for a turn (for the controller's queue depth). */
  get idle(): boolean {
    return this.inbox.length === 0;
  }

  /** Feeds an observation from outside (resume, shutdown, node set). */
  signal(o: Observation): void {
    this.observe(o);
  }

  /** Workflow-level suspend: no new pod starts while true; running ones carry on. */
  setSuspended(suspended: boolean): void {
    this.suspended = suspended;
    this.workflow.spec.suspend = suspended || undefined;
    if (!suspended) this.pump();
  }

  /** Stops driving the workflow (it is being deleted): kills its pods and ends `run`. */
  async abort(): Promise<void> {
    this.aborted = true;
    this.podQueue = [];
    this.queueHead = 0;
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  /** After a restart: re-performs what may not have happened, and re-arms the engine's timers. */
  private rearm(recovered: PendingAction[]): void {
    const nodes = this.workflow.status?.nodes ?? {};
    for (const p of recovered) {
      const action = p.payload as Action;
      const node = action.nodeId ? nodes[action.nodeId] : undefined;
      const fulfilled = node && ["Succeeded", "Failed", "Error", "Skipped", "Omitted"].includes(node.phase);
      if (action.type === "startPod" && fulfilled) {
        void this.complete(p.id);
        continue;
      }
      void this.performRecorded(action, p.id);
    }
    for (const [nodeId, at] of this.engine.wakeTimes()) this.setTimer(nodeId, at);
  }

  /** Performs an action and completes its record now, or once its effect is observed. */
  private async performRecorded(action: Action, id: string): Promise<void> {
    switch (action.type) {
      case "memoSave":
        await this.options.memo?.save(action.cacheName, action.key, action.entry);
        break;
      case "startPod":
      case "applyResource":
      case "listArtifacts":
      case "acquireLock":
      case "wakeAt":
        this.awaiting.set(`${action.type}/${action.nodeId}`, id);
        this.perform(action);
        return;
      default:
        this.perform(action);
    }
    await this.complete(id);
  }

  private async complete(id: string | undefined): Promise<void> {
    if (!id) return;
    const wf = this.workflow.metadata;
    try {
      await this.options.store.completeAction(wf.namespace ?? "default", wf.name ?? "", id);
    } catch {
      // The workflow was deleted meanwhile; nothing is left to complete.
    }
  }

  /** Completes the record of the action whose effect an observation (now committed) reports. */
  private settle(o: Observation): void {
    const kind = settledBy[o.type];
    if (!kind || !("nodeId" in o)) return;
    const key = `${kind}/${o.nodeId ?? ""}`;
    const id = this.awaiting.get(key);
    if (id === undefined) return;
    this.awaiting.delete(key);
    void this.complete(id);
  }

  private setTimer(nodeId: string, at: number): void {
    const delay = Math.max(0, at - this.now());
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.observe({ type: "timer", nodeId });
    }, delay);
    this.timers.add(timer);
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
    await removeVolumeClaims(this.options.home, this.workflow);
  }

  private isFinished(): boolean {
    const phase = this.workflow.status?.phase;
    const ended = phase === "Succeeded" || phase === "Failed" || phase === "Error";
    // Pods the engine never saw start (queued when the workflow ended) are simply dropped.
    return ended && this.running === 0 && this.inbox.length === 0;
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
        if (this.podNodes.has(action.nodeId)) return;
        this.podNodes.add(action.nodeId);
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
      case "wakeAt":
        this.setTimer(action.nodeId, Date.parse(action.at));
        return;
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

  /** Pods this workflow may have going at once: its `parallelism`; none while it is suspended. */
  private capacity(): number {
    if (this.suspended || this.aborted) return 0;
    const spec = this.workflow.status?.storedWorkflowTemplateSpec ?? this.workflow.spec;
    const parallelism = Number(spec.parallelism);
    return parallelism > 0 ? parallelism : Number.POSITIVE_INFINITY;
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
    await this.slots.acquire(this.workflowKey());
    if (this.aborted) {
      this.slots.release();
      this.running--;
      return;
    }
    const outcome = await executePod(pod, {
      executor,
      store: this.options.store,
      home: this.options.home,
      now: () => this.now(),
      ...(this.options.artifacts ? { artifacts: this.options.artifacts } : {}),
      onStarted: (ip) => {
        this.observe({ type: "podStarted", nodeId: pod.nodeId, ...(ip ? { ip } : {}) });
        this.options.onPodStarted?.(pod);
      },
    });
    this.slots.release();
    this.running--;
    this.observe({ type: "podFinished", nodeId: pod.nodeId, outcome });
    this.pump();
  }
}

/** Which action an observation reports the effect of. */
const settledBy: Partial<Record<Observation["type"], Action["type"]>> = {
  podFinished: "startPod",
  timer: "wakeAt",
  resourceDone: "applyResource",
  artifactsListed: "listArtifacts",
  lockAcquired: "acquireLock",
  lockFailed: "acquireLock",
};

function toPending(action: Action): PendingAction {
  return { id: `${action.type}/${action.nodeId}`, kind: action.type, payload: action };
}
