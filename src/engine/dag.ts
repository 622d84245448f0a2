/**
 * DAG templates. Each task waits on a counter of unfinished dependencies, so a finished task
 * only visits its own dependents: a DAG of n tasks costs O(n + edges) to run, never O(n²).
 *
 * Tree wiring follows Argo: root tasks are children of the DAG node; a task is a child of every
 * outbound node of each of its dependencies; loop expansions live under a `TaskGroup` node named
 * like the task. The DAG's phase is assessed as Argo's assessDAGPhase does, and only when a
 * target task finishes (or, after a failure, when any task finishes).
 */
import { evalWhen } from "../expr/index.js";
import type { DAGTask, NodePhase, NodeStatus } from "../spec/types.js";
import { isFailurePhase, isFulfilledPhase } from "../spec/types.js";
import { messageOf, own, type StartedTemplate, setPhase } from "./context.js";
import { isNodeFulfilled, killDaemons } from "./daemon.js";
import { assessDagPhase } from "./dag-assess.js";
import { type DagPlan, planDag } from "./dag-plan.js";
import { type DependencyState, evaluateDepends } from "./depends.js";
import { substitute } from "./inputs.js";
import { executeTemplate } from "./invoke.js";
import { addAggregateRefs, expandItem, loopItems, shouldExpand } from "./loops.js";
import { outboundNodes } from "./outbound.js";
import { addSkippedOutputs, publishGlobalOutputs, templateOutputs } from "./outputs.js";
import { ScopeRuntime } from "./scope-runtime.js";
import { addNodeRefs } from "./vars.js";

export function startDag(started: StartedTemplate): void {
  let plan: DagPlan;
  try {
    plan = planDag(started.template);
  } catch (e) {
    setPhase(started.ctx, started.node.id, "Error", messageOf(e));
    return;
  }
  const runtime = new DagRuntime(started, plan);
  started.ctx.runtimes.set(started.node.id, runtime);
  runtime.start();
}

/** Rebuilds the runtime of a Running DAG node from its nodes (after a restart, or in the pure reducer). */
export function resumeDag(started: StartedTemplate): void {
  const runtime = new DagRuntime(started, planDag(started.template));
  started.ctx.runtimes.set(started.node.id, runtime);
  runtime.resume();
}

interface TaskGroupState {
  task: string;
  pending: number;
  children: NodeStatus[];
}

class DagRuntime extends ScopeRuntime {
  private readonly remaining = new Map<string, number>();
  /** Task name of each node this DAG awaits (task nodes and loop expansions). */
  private readonly taskOf = new Map<string, string>();
  /**
   * The subset of {@link taskOf} whose task has `hooks`, until fulfilled: what `checkHooks` visits
   * every turn, so a wide DAG without hooks costs nothing there.
   */
  private readonly hookedTaskOf = new Map<string, string>();
  private readonly groups = new Map<string, TaskGroupState>();
  private targetsDone = 0;
  private readonly targetSet: ReadonlySet<string>;
  private readonly taskIds = new Map<string, string>();
  private readonly gatedIds = new Set<string>();
  private failed = false;
  private done = false;

  constructor(
    started: StartedTemplate,
    private readonly plan: DagPlan,
  ) {
    super(started);
    this.targetSet = new Set(plan.targets);
  }

  start(): void {
    for (const name of this.plan.relevant)
      this.remaining.set(name, (this.plan.dependencies.get(name) ?? []).length);
    if (this.plan.targets.length === 0) {
      this.finish("Succeeded");
      return;
    }
    for (const name of this.plan.order) {
      if (this.plan.relevant.has(name) && this.remaining.get(name) === 0) this.runTask(name);
    }
  }

  resume(): void {
    const { state } = this.ctx;
    const fulfilled = new Set<string>();
    for (const name of this.plan.relevant) {
      const node = this.taskNode(name);
      if (!node) continue;
      this.track(node.id, name);
      this.hooks.adopt(node);
      if (node.type === "TaskGroup") {
        const children = (node.children ?? []).map((c) => state.must(c));
        for (const c of children) {
          this.track(c.id, name);
          this.hooks.adopt(c);
        }
        const pending = children.filter((c) => !isFulfilledPhase(c.phase)).length;
        this.groups.set(node.id, { task: name, pending, children });
        for (const c of children) if (!isFulfilledPhase(c.phase)) this.occupy(c.id);
        if (!isFulfilledPhase(node.phase)) this.rescheduleExpansions(node, name);
        if (children.some((c) => isFailurePhase(c.phase))) this.failed = true;
        if (isFulfilledPhase(node.phase)) addAggregateRefs(this.refs, `tasks.${name}`, children);
      }
      if (node.type !== "TaskGroup" && !isFulfilledPhase(node.phase)) this.occupy(node.id);
      if (!isNodeFulfilled(node) || this.hooks.isBlocked(node.id)) continue;
      fulfilled.add(name);
      addNodeRefs(this.refs, "tasks", name, node);
      if (isFailurePhase(node.phase)) this.failed = true;
      if (this.targetSet.has(name)) this.targetsDone++;
    }
    for (const name of this.plan.relevant) {
      const deps = this.plan.dependencies.get(name) ?? [];
      this.remaining.set(name, deps.filter((d) => !fulfilled.has(d)).length);
    }
    // Tasks that were ready but held back by `parallelism` have no node yet: queue them again.
    for (const name of this.plan.order) {
      if (this.plan.relevant.has(name) && this.remaining.get(name) === 0 && !this.taskNode(name))
        this.runTask(name);
    }
  }

  /** Records which task a node runs (and, when the task has hooks, that `checkHooks` must visit it). */
  private track(nodeId: string, task: string): void {
    this.taskOf.set(nodeId, task);
    if (this.plan.tasks.get(task)?.hooks) this.hookedTaskOf.set(nodeId, task);
  }

  private occupy(id: string): void {
    this.gatedIds.add(id);
    this.gate.occupy();
  }

  /** Loop expansions held back by `parallelism` (after a restart): queue the missing ones again. */
  private rescheduleExpansions(group: NodeStatus, name: string): void {
    const task = this.plan.tasks.get(name) as DAGTask;
    const state = this.groups.get(group.id);
    let items: unknown[];
    try {
      items = loopItems(substitute(task, this.scope));
    } catch {
      return;
    }
    if (!state) return;
    items.forEach((item, i) => {
      const expanded = expandItem(task, i, item, this.scope);
      if (this.ctx.state.byName(this.taskNodeName(expanded.name))) return;
      state.pending++;
      this.gated(() => {
        const child = this.runOne(expanded, name, group);
        state.children.push(child);
        return child;
      });
    });
  }

  private taskNodeName(task: string): string {
    return `${this.node.name}.${task}`;
  }

  private taskNode(task: string): NodeStatus | undefined {
    // Looked up for every dependency of every task: the id (a hash of the name) is worked out once.
    let id = this.taskIds.get(task);
    if (id === undefined) {
      id = this.ctx.state.idOf(this.taskNodeName(task));
      this.taskIds.set(task, id);
    }
    return this.ctx.state.get(id);
  }

  private runTask(name: string): void {
    const task = this.plan.tasks.get(name) as DAGTask;
    const expr = this.plan.depends.get(name);
    if (expr && !evaluateDepends(expr, (dep) => this.dependencyState(dep))) {
      this.virtualNode(task, "Omitted", "omitted: depends condition not met");
      return;
    }
    const resolved = substitute(task, this.scope);
    if (!shouldExpand(task)) {
      this.gated(() => this.runOne(resolved, name, undefined));
      return;
    }
    let items: unknown[];
    try {
      items = loopItems(resolved);
    } catch (e) {
      this.virtualNode(task, "Error", messageOf(e));
      return;
    }
    if (items.length === 0) {
      this.virtualNode(task, "Skipped", "Skipped, empty params");
      return;
    }
    const group = this.ctx.state.initNode({
      name: this.taskNodeName(name),
      type: "TaskGroup",
      phase: "Running",
      boundaryID: this.node.id,
      templateName: task.template ?? "",
      templateScope: this.started.base.scope,
    });
    this.connect(group.id, name);
    this.track(group.id, name);
    own(this.ctx, group.id, this.node.id);
    const state: TaskGroupState = { task: name, pending: items.length, children: [] };
    this.groups.set(group.id, state);
    items.forEach((item, i) => {
      this.gated(() => {
        const child = this.runOne(expandItem(task, i, item, this.scope), name, group);
        state.children.push(child);
        return child;
      });
    });
  }

  /** Runs a task (or an expansion) now or, under `parallelism`, when a running one finishes. */
  private gated(run: () => NodeStatus): void {
    this.gate.run(() => this.gatedIds.add(run().id));
  }

  private runOne(task: DAGTask, name: string, group: NodeStatus | undefined): NodeStatus {
    const nodeName = this.taskNodeName(task.name);
    let child: NodeStatus;
    let skip: { phase: NodePhase; message: string } | undefined;
    if (task.when !== undefined) {
      try {
        if (!evalWhen(task.when)) skip = { phase: "Skipped", message: `when '${task.when}' evaluated false` };
      } catch (e) {
        skip = { phase: "Error", message: messageOf(e) };
      }
    }
    if (skip) {
      child = this.ctx.state.initNode({
        name: nodeName,
        type: "Skipped",
        ...skip,
        boundaryID: this.node.id,
        ...(task.template ? { templateName: task.template } : {}),
        templateScope: this.started.base.scope,
      });
      own(this.ctx, child.id, this.node.id);
    } else {
      child = executeTemplate(this.ctx, {
        nodeName,
        step: task,
        args: task.arguments,
        base: this.started.base,
        boundaryID: this.node.id,
        ownerId: this.node.id,
      });
    }
    if (group) this.ctx.state.addChild(group.id, child.id);
    else this.connect(child.id, name);
    this.track(child.id, name);
    return child;
  }

  /** A task that does not run: omitted by `depends`, an empty loop, or an error before it started. */
  private virtualNode(task: DAGTask, phase: NodePhase, message: string): void {
    const node = this.ctx.state.initNode({
      name: this.taskNodeName(task.name),
      type: "Skipped",
      phase,
      message,
      boundaryID: this.node.id,
      ...(task.template ? { templateName: task.template } : {}),
      templateScope: this.started.base.scope,
    });
    this.connect(node.id, task.name);
    this.track(node.id, task.name);
    own(this.ctx, node.id, this.node.id);
  }

  private connect(childId: string, task: string): void {
    const { state } = this.ctx;
    const deps = this.plan.dependencies.get(task) ?? [];
    if (deps.length === 0) {
      state.addChild(this.node.id, childId);
      return;
    }
    for (const dep of deps) {
      const depNode = this.taskNode(dep);
      if (!depNode) continue;
      for (const out of outboundNodes(state, depNode.id)) state.addChild(out, childId);
    }
  }

  private dependencyState(task: string): { state: DependencyState; continueOn?: DAGTask["continueOn"] } {
    const node = this.taskNode(task);
    const spec = this.plan.tasks.get(task);
    const phase = node?.phase ?? "Pending";
    const childPhases =
      node?.type === "TaskGroup" ? (node.children ?? []).map((c) => this.ctx.state.must(c).phase) : undefined;
    return {
      state: {
        phase,
        ...(node?.daemoned ? { daemoned: true } : {}),
        ...(childPhases ? { childPhases } : {}),
      },
      ...(spec?.continueOn ? { continueOn: spec.continueOn } : {}),
    };
  }

  override onChildFulfilled(childId: string): void {
    if (this.hooks.isHookNode(childId)) {
      const parent = this.hooks.onHookFulfilled(childId);
      if (parent !== undefined && isFulfilledPhase(this.ctx.state.must(parent).phase)) this.nodeDone(parent);
      return;
    }
    const name = this.taskOf.get(childId);
    if (name === undefined) return;
    const child = this.ctx.state.must(childId);
    const task = this.plan.tasks.get(name) as DAGTask;
    const group = this.groupOfExpansion(childId);
    if (!group) {
      const loop = this.groups.get(childId);
      if (loop) addAggregateRefs(this.refs, `tasks.${name}`, loop.children);
      addNodeRefs(this.refs, "tasks", name, child);
      addSkippedOutputs({
        ctx: this.ctx,
        refs: this.refs,
        key: `tasks.${name}`,
        node: child,
        step: task,
        base: this.started.base,
      });
    }
    this.hooks.fireExpressionHooks(child, task);
    this.hooks.fireExitHook(child, task);
    if (!this.hooks.isBlocked(childId)) this.nodeDone(childId);
  }

  /** Expression hooks see each running task's current status. */
  checkHooks(): void {
    for (const [childId, name] of this.hookedTaskOf) {
      const task = this.plan.tasks.get(name);
      const child = this.ctx.state.must(childId);
      if (isFulfilledPhase(child.phase)) {
        // Fulfilled nodes stay fulfilled: never visited again.
        this.hookedTaskOf.delete(childId);
        continue;
      }
      if (!task?.hooks) continue;
      this.refs.set(`tasks.${name}.status`, child.phase);
      this.hooks.fireExpressionHooks(child, task);
    }
  }

  /** A task node (or loop expansion) and all its hooks are fulfilled. */
  private nodeDone(childId: string): void {
    if (this.gatedIds.delete(childId)) this.gate.release();
    const name = this.taskOf.get(childId) as string;
    const child = this.ctx.state.must(childId);
    const group = this.groupOfExpansion(childId);
    if (group) {
      this.onExpansionFulfilled(group, child);
      return;
    }
    if (isFailurePhase(child.phase)) this.failed = true;
    if (this.targetSet.has(name)) this.targetsDone++;
    if (!this.done) {
      for (const dependent of this.plan.dependents.get(name) ?? []) {
        const left = this.remaining.get(dependent);
        if (left === undefined) continue;
        this.remaining.set(dependent, left - 1);
        if (left === 1) this.runTask(dependent);
      }
    }
    this.assess();
  }

  private groupOfExpansion(childId: string): [string, TaskGroupState] | undefined {
    const name = this.taskOf.get(childId);
    const groupNode = name === undefined ? undefined : this.taskNode(name);
    if (!groupNode || groupNode.id === childId || groupNode.type !== "TaskGroup") return undefined;
    const state = this.groups.get(groupNode.id);
    return state ? [groupNode.id, state] : undefined;
  }

  private onExpansionFulfilled([groupId, group]: [string, TaskGroupState], child: NodeStatus): void {
    if (isFailurePhase(child.phase)) this.failed = true;
    group.pending--;
    if (group.pending > 0) return;
    let phase: NodePhase = "Succeeded";
    for (const c of group.children) if (isFailurePhase(c.phase)) phase = c.phase;
    setPhase(this.ctx, groupId, phase);
  }

  private assess(): void {
    if (this.done) return;
    const allTargets = this.targetsDone >= this.plan.targets.length;
    if (!allTargets && !this.failed) return;
    const phase = this.failed
      ? assessDagPhase({
          state: this.ctx.state,
          dag: this.node,
          plan: this.plan,
          taskNode: (t) => this.taskNode(t),
        })
      : "Succeeded";
    if (phase !== "Running") this.finish(phase);
  }

  private finish(phase: NodePhase): void {
    this.done = true;
    killDaemons(this.ctx, this.node.id);
    const { state } = this.ctx;
    this.node.outboundNodes = this.plan.targets.flatMap((t) => {
      const n = this.taskNode(t);
      return n ? outboundNodes(state, n.id) : [];
    });
    if (phase === "Succeeded") {
      try {
        const outputs = templateOutputs(this.started.template, this.scope);
        if (outputs) {
          this.node.outputs = outputs;
          publishGlobalOutputs(this.ctx, outputs);
        }
      } catch (e) {
        this.ctx.runtimes.delete(this.node.id);
        setPhase(this.ctx, this.node.id, "Error", messageOf(e));
        return;
      }
    }
    setPhase(this.ctx, this.node.id, phase);
  }
}
