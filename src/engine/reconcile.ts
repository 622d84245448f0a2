/**
 * The engine's entry points. `Engine` keeps the derived indexes (runtimes, owners) of one
 * workflow between reconciles so the controller pays only for what changed; `reconcile` is the
 * pure form: same workflow, observations and time in, same status and actions out.
 */
import type { Workflow } from "../spec/types.js";
import { configMapOf, type EngineContext, messageOf } from "./context.js";
import { applyDeadline, applyShutdown } from "./control.js";
import { onArtifactsListed } from "./data.js";
import { executionSpec } from "./exec-spec.js";
import { saveIfMemoized } from "./memo.js";
import { nodeMetrics } from "./metric-events.js";
import { onPodFinished, onPodStarted } from "./pod.js";
import { rehydrate } from "./rehydrate.js";
import { onResourceDone } from "./resource.js";
import { EngineState } from "./state.js";
import { resumeSuspend, setSuspendNode } from "./suspend.js";
import { onLockAcquired, onLockFailed, onLockWaiting, releaseIfHolder } from "./sync.js";
import { TemplateResolver } from "./templates.js";
import type { Action, EngineOptions, Observation, ReconcileResult } from "./types.js";
import {
  completeFromRoot,
  finishWorkflow,
  globalVariables,
  isWorkflowDone,
  runWorkflowHooks,
  startWorkflow,
} from "./workflow.js";

export class Engine {
  private readonly ctx: EngineContext;
  private readonly notified = new Set<string>();
  private specError: string | undefined;

  /** Takes ownership of `workflow`: reconciles mutate it in place. */
  constructor(workflow: Workflow, options: EngineOptions = {}, nowMs = Date.now()) {
    const state = new EngineState(workflow, nowMs);
    let spec = workflow.spec;
    try {
      spec = executionSpec(workflow, options.resolveTemplateRef);
    } catch (e) {
      this.specError = messageOf(e);
    }
    this.ctx = {
      state,
      options,
      spec,
      globals: new Map(),
      templates: new TemplateResolver(workflow.metadata.namespace ?? "default", options.resolveTemplateRef),
      runtimes: new Map(),
      owners: new Map(),
      fulfilledQueue: [],
      activePods: new Set(),
      podTemplates: new Map(),
      suspendTemplates: new Map(),
      dataTemplates: new Map(),
      resourceTemplates: new Map(),
      wakeTimes: new Map(),
      deadlinePassed: false,
      lockWaiters: new Map(),
      nodeMetrics: new Map(),
      lockHolders: new Set(),
    };
    try {
      for (const [k, v] of globalVariables(workflow, spec, configMapOf(this.ctx))) this.ctx.globals.set(k, v);
    } catch (e) {
      this.specError ??= messageOf(e);
    }
    if (workflow.status?.phase && !isWorkflowDone(workflow) && !this.specError)
      rehydrate(this.ctx, this.notified);
  }

  get workflow(): Workflow {
    return this.ctx.state.workflow;
  }

  /** Times the engine waits for (node id → epoch ms; "" is the workflow deadline), to re-arm timers after a restart. */
  wakeTimes(): Array<[string, number]> {
    return [...this.ctx.wakeTimes.entries()];
  }

  /** Applies observations at time `nowMs`; returns the actions to perform and the changed nodes. */
  reconcile(
    observations: readonly Observation[],
    nowMs: number,
  ): { actions: Action[]; changedNodeIds: string[] } {
    const { state } = this.ctx;
    state.nowMs = nowMs;
    if (!isWorkflowDone(this.workflow)) {
      if (this.specError) finishWorkflow(this.ctx, "Error", this.specError);
      else if (!this.workflow.status?.phase) {
        startWorkflow(this.ctx, { scope: `local/${state.name}`, spec: this.ctx.spec });
      }
      for (const observation of observations) this.observe(observation);
      applyDeadline(this.ctx);
      this.drain();
      this.runHooks();
      completeFromRoot(this.ctx);
      this.drain();
      if (this.ctx.activePods.size === 0) completeFromRoot(this.ctx);
    }
    const result = { actions: [...state.actions], changedNodeIds: [...state.changed] };
    state.changed.clear();
    state.actions.length = 0;
    return result;
  }

  private observe(o: Observation): void {
    switch (o.type) {
      case "podStarted":
        onPodStarted(this.ctx, o.nodeId, o.ip);
        return;
      case "podFinished": {
        const template = this.ctx.podTemplates.get(o.nodeId);
        if (template) onPodFinished(this.ctx, o.nodeId, o.outcome, template);
        return;
      }
      case "timer":
        this.onTimer(o.nodeId);
        return;
      case "resume":
        for (const node of Object.values(this.ctx.state.nodes)) {
          if (!o.nodeId || o.nodeId === node.id) resumeSuspend(this.ctx, node.id);
        }
        return;
      case "lockAcquired":
        onLockAcquired(this.ctx, o.nodeId);
        return;
      case "lockWaiting":
        onLockWaiting(this.ctx, o);
        return;
      case "lockFailed":
        onLockFailed(this.ctx, o);
        return;
      case "resourceDone":
        onResourceDone(this.ctx, o);
        return;
      case "artifactsListed":
        onArtifactsListed(this.ctx, o);
        return;
      case "lockStatus": {
        const status = this.workflow.status ?? {};
        if (o.synchronization) status.synchronization = o.synchronization;
        else delete status.synchronization;
        return;
      }
      case "shutdown":
        applyShutdown(this.ctx, o.strategy);
        return;
      case "nodeSet":
        setSuspendNode(this.ctx, o);
        return;
    }
  }

  /** Expression hooks of the workflow and of active steps/DAG scopes, then whatever they finished. */
  private runHooks(): void {
    runWorkflowHooks(this.ctx);
    for (const runtime of [...this.ctx.runtimes.values()]) runtime.checkHooks?.();
    this.drain();
  }

  /** Timers may fire early or twice: only a wake time that has passed counts. */
  private onTimer(nodeId: string): void {
    const at = this.ctx.wakeTimes.get(nodeId);
    if (at === undefined || at > this.ctx.state.nowMs) return;
    this.ctx.wakeTimes.delete(nodeId);
    const runtime = this.ctx.runtimes.get(nodeId);
    if (runtime?.onTimer) runtime.onTimer();
    else resumeSuspend(this.ctx, nodeId);
  }

  /** Tells each fulfilled node's owner, in order, until nothing more changes. */
  private drain(): void {
    const queue = this.ctx.fulfilledQueue;
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      if (this.notified.has(id)) continue;
      this.notified.add(id);
      const node = this.ctx.state.must(id);
      releaseIfHolder(this.ctx, node);
      saveIfMemoized(this.ctx, node);
      nodeMetrics(this.ctx, node);
      const owner = this.ctx.owners.get(id);
      if (owner) this.ctx.runtimes.get(owner)?.onChildFulfilled(id);
    }
    queue.length = 0;
  }
}

/** The pure reducer: reconciles a copy of `workflow` and returns it with the actions. */
export function reconcile(input: {
  workflow: Workflow;
  observations: readonly Observation[];
  nowMs: number;
  options?: EngineOptions;
}): ReconcileResult {
  const engine = new Engine(structuredClone(input.workflow), input.options, input.nowMs);
  const { actions, changedNodeIds } = engine.reconcile(input.observations, input.nowMs);
  return { workflow: engine.workflow, actions, changedNodeIds };
}
