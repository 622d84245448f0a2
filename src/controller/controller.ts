import type { ArtifactRepository } from "../artifacts/index.js";
import { type ArtifactRepositoryRef, artifactRepositoryFor, type ConfigMapLike } from "../artifacts/index.js";
import type { Config } from "../config/config.js";
import type { MetricSample } from "../engine/metrics.js";
import { podNameFor, templateNameForPod } from "../engine/node-id.js";
import type { Observation } from "../engine/types.js";
import type { Executor } from "../executor/types.js";
import { configMapLimit } from "../spec/lock-keys.js";
import type { Artifact, Workflow } from "../spec/types.js";
import type { PendingAction, Store, StoredObject } from "../store/types.js";
import { internal, notFound } from "../util/errors.js";
import type { ControllerApi, ControllerStats, WorkflowPod } from "./api.js";
import { type FetchedArtifact, fetchArtifact } from "./artifact-fetch.js";
import { collectArtifacts } from "./artifact-gc.js";
import { LockManager } from "./locks.js";
import { MemoCaches } from "./memo-cache.js";
import { ObjectCache } from "./object-cache.js";
import { Operations } from "./operations.js";
import { type ArtifactIO, secretResolver } from "./pod-artifacts.js";
import { PodSlots } from "./pod-slots.js";
import { removeVolumeClaims } from "./pod-volumes.js";
import { WorkflowRunner } from "./runner.js";

export interface ControllerOptions {
  store: Store;
  executor: Executor;
  config: Config;
  /** The default artifact repository (Argo's controller `artifactRepository`). @default `<home>/artifacts` */
  artifactRepository?: ArtifactRepository;
  /** Custom metric samples as workflows produce them. */
  onMetrics?: (samples: MetricSample[]) => void;
  /** One line per notable event (workflow started, finished, recovered, failed). */
  log?: (line: string) => void;
  now?: () => number;
}

interface Active {
  runner: WorkflowRunner;
  done: Promise<Workflow>;
}

const finishedPhases = new Set(["Succeeded", "Failed", "Error"]);
export const isFinished = (wf: Workflow): boolean => finishedPhases.has(wf.status?.phase ?? "");

/** Opens the controller: loads caches, restores locks, resumes every unfinished workflow. */
export async function startController(options: ControllerOptions): Promise<Controller> {
  const c = new Controller(options);
  await c.start();
  return c;
}

export class Controller extends Operations implements ControllerApi {
  private readonly active = new Map<string, Active>();
  private readonly cache: ObjectCache;
  private readonly locks: LockManager;
  private readonly slots: PodSlots;
  private readonly memo = new Map<string, MemoCaches>();
  private readonly counters = { reconciles: 0, reconcileSeconds: 0, errors: 0 };
  private unwatch: (() => void) | undefined;
  private closed = false;

  constructor(private readonly options: ControllerOptions) {
    super(options.store, options.executor, () => new Date(options.now ? options.now() : Date.now()));
    this.cache = new ObjectCache(options.store);
    this.slots = new PodSlots(options.config.maxPods);
    this.locks = new LockManager({
      limitOf: (key) => {
        const [ns = "", , name = ""] = key.split("/");
        return configMapLimit(key, this.cache.configMap(ns, name));
      },
    });
  }

  async start(): Promise<void> {
    const { store } = this.options;
    await this.cache.load();
    const unfinished: Workflow[] = [];
    for (const wf of await store.list<Workflow>("Workflow")) if (!isFinished(wf)) unfinished.push(wf);
    const { errors } = this.locks.restoreFromHolders(
      unfinished
        .filter((wf) => wf.status?.synchronization)
        .map((wf) => ({
          workflowKey: keyOf(wf),
          synchronization: wf.status?.synchronization as never,
        })),
    );
    for (const e of errors) this.log(e);
    this.unwatch = store.watch("Workflow", (e) => {
      if (e.type === "ADDED")
        void this.adopt(e.namespace, e.name).catch((err) => this.fail(e.namespace, e.name, err));
    });
    for (const wf of unfinished) {
      const ns = wf.metadata.namespace ?? "default";
      const name = wf.metadata.name ?? "";
      await this.adopt(ns, name).catch((err) => this.fail(ns, name, err));
    }
  }

  /** Stops driving workflows; pods keep running when the executor is durable, to be re-adopted. */
  async close(): Promise<void> {
    this.closed = true;
    this.unwatch?.();
    this.cache.close();
    await Promise.all([...this.active.values()].map((a) => a.runner.abort()));
  }

  async adopt(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    if (this.closed || this.active.has(key)) return;
    const wf = await this.options.store.getWorkflow(namespace, name);
    if (!wf || isFinished(wf) || this.active.has(key)) return;
    const recovered = await this.options.store.pendingActions(namespace, name);
    await this.launch(wf, recovered);
  }

  /** Resolves when the workflow has finished (or at once when it is not running here). */
  async finished(namespace: string, name: string): Promise<Workflow | undefined> {
    const a = this.active.get(`${namespace}/${name}`);
    if (a) return a.done;
    return this.options.store.getWorkflow(namespace, name);
  }

  protected runnerOf(namespace: string, name: string): WorkflowRunner | undefined {
    return this.active.get(`${namespace}/${name}`)?.runner;
  }

  protected templates() {
    return this.cache.resolveTemplateRef;
  }

  protected async stopRunning(namespace: string, name: string): Promise<void> {
    const key = `${namespace}/${name}`;
    const a = this.active.get(key);
    if (!a) return;
    this.active.delete(key);
    this.slots.forget(key);
    await a.runner.abort();
  }

  protected start_(wf: Workflow): Promise<void> {
    return this.launch(wf, []);
  }

  private async launch(wf: Workflow, recovered: PendingAction[]): Promise<void> {
    const key = keyOf(wf);
    const namespace = wf.metadata.namespace ?? "default";
    const memo = await this.memoFor(namespace);
    const repo = this.repositoryFor(wf);
    const runner = new WorkflowRunner(wf, {
      store: this.options.store,
      executor: this.options.executor,
      maxPods: this.options.config.maxPods,
      slots: this.slots,
      engine: {
        resolveTemplateRef: this.cache.resolveTemplateRef,
        configMapValue: this.cache.configMapValue,
        artifactRepositoryRef: { ...repo.status },
      },
      locks: this.locks,
      home: this.options.config.home,
      memo,
      artifacts: this.ioFor(namespace, repo.repository),
      runChild: async (child) => {
        const ns = child.metadata.namespace ?? namespace;
        await this.adopt(ns, child.metadata.name ?? "");
        return (await this.finished(ns, child.metadata.name ?? "")) ?? child;
      },
      onTurn: (ms) => {
        this.counters.reconciles++;
        this.counters.reconcileSeconds += ms / 1000;
      },
      ...(this.options.onMetrics ? { onMetrics: this.options.onMetrics } : {}),
      ...(this.options.now ? { now: this.options.now } : {}),
    });
    if (wf.spec.shutdown === "Stop" || wf.spec.shutdown === "Terminate")
      runner.signal({ type: "shutdown", strategy: wf.spec.shutdown });
    const done = runner.run(recovered).then(
      (final) => {
        if (this.active.get(key)?.runner === runner) this.active.delete(key);
        if (isFinished(final)) this.log(`workflow ${key} ${final.status?.phase}`);
        return final;
      },
      async (e: unknown) => {
        if (this.active.get(key)?.runner === runner) this.active.delete(key);
        await this.fail(namespace, wf.metadata.name ?? "", e);
        return (await this.options.store.getWorkflow(namespace, wf.metadata.name ?? "")) ?? wf;
      },
    );
    this.active.set(key, { runner, done });
    this.log(
      `workflow ${key} ${recovered.length ? `resumed with ${recovered.length} pending actions` : "started"}`,
    );
  }

  /** A runner's failure: the workflow ends in Error with the message (the controller goes on). */
  private async fail(namespace: string, name: string, e: unknown): Promise<void> {
    this.counters.errors++;
    const message = e instanceof Error ? e.message : String(e);
    this.log(`workflow ${namespace}/${name} failed in the controller: ${message}`);
    try {
      const wf = await this.options.store.get<Workflow>("Workflow", namespace, name);
      if (!wf || isFinished(wf)) return;
      const at = new Date(this.options.now ? this.options.now() : Date.now()).toISOString().slice(0, 19);
      await this.options.store.commitWorkflow({
        namespace,
        name,
        status: { ...wf.status, phase: "Error", message, finishedAt: `${at}Z` },
        changedNodes: [],
        actions: [],
      });
    } catch {
      // Deleted meanwhile, or the store is closing: nothing to record.
    }
  }

  private async memoFor(namespace: string): Promise<MemoCaches> {
    let memo = this.memo.get(namespace);
    if (!memo) {
      memo = new MemoCaches(this.options.store, namespace);
      await memo.load();
      this.memo.set(namespace, memo);
    }
    return memo;
  }

  private repositoryFor(wf: Workflow) {
    const namespace = wf.metadata.namespace ?? "default";
    return artifactRepositoryFor({
      ...(wf.spec.artifactRepositoryRef
        ? { ref: wf.spec.artifactRepositoryRef as ArtifactRepositoryRef }
        : {}),
      namespace,
      configMaps: this.cache.configMaps(namespace) as unknown as ConfigMapLike[],
      ...(this.options.artifactRepository ? { configured: this.options.artifactRepository } : {}),
    });
  }

  private ioFor(namespace: string, repository: ArtifactRepository): ArtifactIO {
    return {
      home: this.options.config.home,
      repository,
      resolveSecret: secretResolver(this.options.store, namespace),
    };
  }

  async artifactIO(workflow: Workflow): Promise<ArtifactIO> {
    return this.ioFor(workflow.metadata.namespace ?? "default", this.repositoryFor(workflow).repository);
  }

  async fetchArtifact(workflow: Workflow, artifact: Artifact, file?: string): Promise<FetchedArtifact> {
    return fetchArtifact(artifact, await this.artifactIO(workflow), file);
  }

  pods(workflow: Workflow): WorkflowPod[] {
    const name = workflow.metadata.name ?? "";
    const running = !isFinished(workflow);
    return Object.values(workflow.status?.nodes ?? {})
      .filter((n) => n.type === "Pod")
      .sort((a, b) => (a.startedAt ?? "").localeCompare(b.startedAt ?? "") || a.id.localeCompare(b.id))
      .map((n) => ({
        podName: podNameFor(name, n.name, templateNameForPod(n)),
        nodeId: n.id,
        displayName: n.displayName,
        running: running && (n.phase === "Pending" || n.phase === "Running"),
      }));
  }

  logPath(podName: string, container?: string): string {
    return this.options.executor.logPath(podName, container);
  }

  stats(): ControllerStats {
    let queued = 0;
    for (const a of this.active.values()) if (a.runner.idle === false) queued++;
    return {
      queueDepth: queued,
      activeWorkflows: this.active.size,
      runningPods: this.slots.running,
      pendingPods: this.slots.pending,
      ...this.counters,
    };
  }

  /** Deletion cleans up: pods, volume claims, OnWorkflowDeletion artifacts, owned workflows. */
  protected async cleanUp(wf: Workflow): Promise<void> {
    const name = wf.metadata.name ?? "";
    const namespace = wf.metadata.namespace ?? "default";
    for (const pod of this.pods(wf)) await this.options.executor.remove(pod.podName);
    await removeVolumeClaims(this.options.config.home, wf);
    try {
      await collectArtifacts(wf, "OnWorkflowDeletion", await this.artifactIO(wf));
    } catch (e) {
      this.log(
        `artifact GC of ${namespace}/${name} on deletion: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
    const uid = wf.metadata.uid;
    if (!uid) return;
    for (const kind of ["Workflow", "ConfigMap", "Secret", "WorkflowTemplate", "CronWorkflow"]) {
      for (const obj of await this.options.store.list<StoredObject>(kind, namespace)) {
        if (!obj.metadata.ownerReferences?.some((r) => r.uid === uid)) continue;
        if (kind === "Workflow") await this.deleteWorkflow(namespace, obj.metadata.name ?? "");
        else await this.options.store.delete(kind, namespace, obj.metadata.name ?? "");
      }
    }
  }

  protected signal(namespace: string, name: string, o: Observation): void {
    this.runnerOf(namespace, name)?.signal(o);
  }

  protected log(line: string): void {
    this.options.log?.(line);
  }

  protected assertOpen(): void {
    if (this.closed) throw internal("the controller is shutting down");
  }

  protected async mustGet(namespace: string, name: string): Promise<Workflow> {
    const wf = await this.options.store.getWorkflow(namespace, name);
    if (!wf) throw notFound(`workflows.argoproj.io "${name}" not found`);
    return wf;
  }
}

const keyOf = (wf: Workflow) => `${wf.metadata.namespace ?? "default"}/${wf.metadata.name ?? ""}`;
