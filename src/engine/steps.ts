/**
 * Steps templates: groups run one after another, the steps of a group in parallel.
 *
 * Tree wiring follows Argo: the Steps node's child is `[0]`; each group's children are its step
 * nodes (loop expansions included); group `[i]` is a child of every outbound node of group
 * `[i-1]`. A group fails with `child '<id>' failed` when a child fails without `continueOn`, and
 * the Steps node fails with the same message.
 */
import { evalWhen } from "../expr/index.js";
import type { NodePhase, NodeStatus, WorkflowStep } from "../spec/types.js";
import { isFailurePhase, isFulfilledPhase } from "../spec/types.js";
import { messageOf, own, type StartedTemplate, setPhase } from "./context.js";
import { isNodeFulfilled, killDaemons } from "./daemon.js";
import { substitute } from "./inputs.js";
import { executeTemplate } from "./invoke.js";
import { addAggregateRefs, expandItem, loopItems, shouldExpand } from "./loops.js";
import { outboundNodes } from "./outbound.js";
import { addSkippedOutputs, publishGlobalOutputs, templateOutputs } from "./outputs.js";
import { ScopeRuntime } from "./scope-runtime.js";
import { addNodeRefs } from "./vars.js";

export const continuesOn = (step: WorkflowStep | undefined, phase: NodePhase): boolean =>
  (phase === "Failed" && step?.continueOn?.failed === true) ||
  (phase === "Error" && step?.continueOn?.error === true);

export function startSteps(started: StartedTemplate): void {
  const runtime = new StepsRuntime(started);
  started.ctx.runtimes.set(started.node.id, runtime);
  runtime.startGroup(0);
}

/** Rebuilds the runtime of a Running Steps node from its nodes (after a restart, or in the pure reducer). */
export function resumeSteps(started: StartedTemplate): void {
  const runtime = new StepsRuntime(started);
  started.ctx.runtimes.set(started.node.id, runtime);
  runtime.resume();
}

/** The step a child node runs: `<group>.<step>` or a loop expansion `<group>.<step>(i:v)`. */
function stepNameOf(childName: string, groupName: string): string {
  const rest = childName.slice(groupName.length + 1);
  const paren = rest.indexOf("(");
  return paren < 0 ? rest : rest.slice(0, paren);
}

class StepsRuntime extends ScopeRuntime {
  /** The step each child of the current group runs, and the children of each loop step. */
  private readonly stepOf = new Map<string, WorkflowStep>();
  /** The children of {@link stepOf} whose step has `hooks`, until fulfilled (what `checkHooks` visits). */
  private readonly hookedStepOf = new Map<string, WorkflowStep>();
  private readonly loops = new Map<string, NodeStatus[]>();
  private groupIndex = -1;
  private groupId = "";
  private pending = 0;
  /** Children started through the gate (they free a place when done). */
  private readonly gated = new Set<string>();
  private failFastHit = false;

  startGroup(index: number): void {
    const groups = this.started.template.steps ?? [];
    if (index >= groups.length) {
      this.succeed();
      return;
    }
    const { state } = this.ctx;
    const previousId = this.groupId;
    const group = state.initNode({
      name: `${this.node.name}[${index}]`,
      type: "StepGroup",
      phase: "Running",
      boundaryID: this.node.id,
      templateScope: this.started.base.scope,
    });
    this.linkGroup(group.id, previousId);
    this.groupIndex = index;
    this.groupId = group.id;
    this.pending = 0;
    this.stepOf.clear();
    this.hookedStepOf.clear();
    this.loops.clear();
    for (const step of groups[index] ?? []) this.runStep(step, group);
    if (this.pending === 0) this.completeGroup();
  }

  resume(): void {
    const { state } = this.ctx;
    const groups = this.started.template.steps ?? [];
    for (let i = 0; i < groups.length; i++) {
      const group = state.byName(`${this.node.name}[${i}]`);
      if (!group) break;
      const steps = new Map((groups[i] ?? []).map((s) => [s.name, s]));
      this.groupIndex = i;
      this.groupId = group.id;
      this.pending = 0;
      this.stepOf.clear();
      this.hookedStepOf.clear();
      this.loops.clear();
      for (const childId of group.children ?? []) {
        const child = state.must(childId);
        if (child.type === "StepGroup") continue;
        const step = steps.get(stepNameOf(child.name, group.name));
        if (!step) continue;
        this.track(childId, step);
        this.hooks.adopt(child);
        if (shouldExpand(step) && child.name.endsWith(")")) {
          const list = this.loops.get(step.name) ?? [];
          list.push(child);
          this.loops.set(step.name, list);
        } else if (isNodeFulfilled(child)) addNodeRefs(this.refs, "steps", step.name, child);
        if (!isNodeFulfilled(child) || this.hooks.isBlocked(childId)) this.pending++;
        if (!isFulfilledPhase(child.phase)) {
          this.gated.add(childId);
          this.gate.occupy();
        }
      }
      if (isFulfilledPhase(group.phase)) {
        for (const [name, nodes] of this.loops) addAggregateRefs(this.refs, `steps.${name}`, nodes);
      } else this.rescheduleMissing(group, groups[i] ?? []);
    }
  }

  /** Steps of the current group that `parallelism` held back were never created: queue them again. */
  private rescheduleMissing(group: NodeStatus, steps: WorkflowStep[]): void {
    const { state } = this.ctx;
    for (const step of steps) {
      if (state.byName(`${group.name}.${step.name}`)) continue;
      if (!shouldExpand(step)) {
        this.schedule(() => this.runOne(substitute(step, this.scope), group, step));
        continue;
      }
      let items: unknown[];
      try {
        items = loopItems(substitute(step, this.scope));
      } catch {
        continue;
      }
      const expansions = this.loops.get(step.name) ?? [];
      this.loops.set(step.name, expansions);
      items.forEach((item, i) => {
        const expanded = expandItem(step, i, item, this.scope);
        if (state.byName(`${group.name}.${expanded.name}`)) return;
        this.schedule(() => {
          const child = this.runOne(expanded, group, step);
          if (child) expansions.push(child);
          return child;
        });
      });
    }
  }

  private linkGroup(groupId: string, previousId: string): void {
    const { state } = this.ctx;
    if (!previousId) {
      state.addChild(this.node.id, groupId);
      return;
    }
    const previous = state.must(previousId);
    if (!previous.children?.length) {
      state.addChild(previousId, groupId);
      return;
    }
    for (const child of previous.children) {
      for (const out of outboundNodes(state, child)) state.addChild(out, groupId);
    }
  }

  private runStep(step: WorkflowStep, group: NodeStatus): void {
    if (!shouldExpand(step)) {
      this.schedule(() => this.runOne(substitute(step, this.scope), group, step));
      return;
    }
    let items: unknown[];
    try {
      items = loopItems(substitute(step, this.scope));
    } catch (e) {
      this.pending++;
      this.addChild(this.skippedChild(group, step, "Error", messageOf(e)), step);
      return;
    }
    if (items.length === 0) {
      this.pending++;
      this.addChild(this.skippedChild(group, step, "Skipped", "Skipped, empty params"), step);
      return;
    }
    const expansions: NodeStatus[] = [];
    this.loops.set(step.name, expansions);
    items.forEach((item, i) => {
      this.schedule(() => {
        const child = this.runOne(expandItem(step, i, item, this.scope), group, step);
        if (child) expansions.push(child);
        return child;
      });
    });
  }

  /** Runs a child now or, under `parallelism`, when a running one finishes. */
  private schedule(run: () => NodeStatus | undefined): void {
    this.pending++;
    this.gate.run(() => {
      const child = run();
      if (child) this.gated.add(child.id);
    });
  }

  /** Runs one (expanded) step; `original` is the step as written, for `continueOn` and references. */
  private runOne(step: WorkflowStep, group: NodeStatus, original: WorkflowStep): NodeStatus | undefined {
    const nodeName = `${group.name}.${step.name}`;
    if (step.when !== undefined) {
      let proceed: boolean;
      try {
        proceed = evalWhen(step.when);
      } catch (e) {
        this.addChild(this.skippedChild(group, step, "Error", messageOf(e)), original);
        return undefined;
      }
      if (!proceed) {
        const child = this.skippedChild(group, step, "Skipped", `when '${step.when}' evaluated false`);
        this.addChild(child, original);
        return child;
      }
    }
    const child = executeTemplate(this.ctx, {
      nodeName,
      step,
      args: step.arguments,
      base: this.started.base,
      boundaryID: this.node.id,
      ownerId: this.node.id,
    });
    this.addChild(child, original);
    return child;
  }

  private skippedChild(group: NodeStatus, step: WorkflowStep, phase: NodePhase, message: string): NodeStatus {
    const node = this.ctx.state.initNode({
      name: `${group.name}.${step.name}`,
      type: "Skipped",
      phase,
      message,
      boundaryID: this.node.id,
      ...(step.template ? { templateName: step.template } : {}),
      templateScope: this.started.base.scope,
    });
    own(this.ctx, node.id, this.node.id);
    return node;
  }

  /** Records which step a child runs (and, when the step has hooks, that `checkHooks` must visit it). */
  private track(childId: string, step: WorkflowStep): void {
    this.stepOf.set(childId, step);
    if (step.hooks) this.hookedStepOf.set(childId, step);
  }

  private addChild(child: NodeStatus, step: WorkflowStep): void {
    this.ctx.state.addChild(this.groupId, child.id);
    this.track(child.id, step);
  }

  override onChildFulfilled(childId: string): void {
    if (this.hooks.isHookNode(childId)) {
      const parent = this.hooks.onHookFulfilled(childId);
      if (parent !== undefined && isFulfilledPhase(this.ctx.state.must(parent).phase)) this.childDone(parent);
      return;
    }
    const step = this.stepOf.get(childId);
    if (!step) return;
    const child = this.ctx.state.must(childId);
    if (!this.loops.has(step.name)) {
      addNodeRefs(this.refs, "steps", step.name, child);
      addSkippedOutputs({
        ctx: this.ctx,
        refs: this.refs,
        key: `steps.${step.name}`,
        node: child,
        step,
        base: this.started.base,
      });
    } else this.refs.set(`steps.${step.name}.status`, child.phase);
    this.hooks.fireExpressionHooks(child, step);
    this.hooks.fireExitHook(child, step);
    if (!this.hooks.isBlocked(childId)) this.childDone(childId);
  }

  private childDone(childId: string): void {
    const child = this.ctx.state.must(childId);
    if (
      this.started.template.failFast &&
      isFailurePhase(child.phase) &&
      !continuesOn(this.stepOf.get(childId), child.phase)
    ) {
      this.pending -= this.gate.clear();
      this.failFastHit = true;
    }
    this.pending--;
    if (this.gated.delete(childId)) this.gate.release();
    if (this.pending === 0) this.completeGroup();
  }

  /** Expression hooks see each running step's current status. */
  checkHooks(): void {
    for (const [childId, step] of this.hookedStepOf) {
      const child = this.ctx.state.must(childId);
      if (isFulfilledPhase(child.phase)) {
        // Fulfilled nodes stay fulfilled: never visited again.
        this.hookedStepOf.delete(childId);
        continue;
      }
      this.refs.set(`steps.${step.name}.status`, child.phase);
      this.hooks.fireExpressionHooks(child, step);
    }
  }

  private completeGroup(): void {
    const { state } = this.ctx;
    for (const [name, nodes] of this.loops) addAggregateRefs(this.refs, `steps.${name}`, nodes);
    const group = state.must(this.groupId);
    for (const childId of group.children ?? []) {
      const child = state.must(childId);
      if (isFailurePhase(child.phase) && !continuesOn(this.stepOf.get(childId), child.phase)) {
        const message = this.failFastHit
          ? "template has failed or errored children and failFast enabled"
          : `child '${childId}' failed`;
        setPhase(this.ctx, this.groupId, "Failed", message);
        this.finish("Failed", message);
        return;
      }
    }
    setPhase(this.ctx, this.groupId, "Succeeded");
    this.startGroup(this.groupIndex + 1);
  }

  private succeed(): void {
    let outputs: ReturnType<typeof templateOutputs>;
    try {
      outputs = templateOutputs(this.started.template, this.scope);
    } catch (e) {
      this.finish("Error", messageOf(e));
      return;
    }
    if (outputs) {
      this.node.outputs = outputs;
      publishGlobalOutputs(this.ctx, outputs);
    }
    this.finish("Succeeded");
  }

  private finish(phase: NodePhase, message?: string): void {
    const { state } = this.ctx;
    const last = this.groupId ? state.must(this.groupId) : undefined;
    this.node.outboundNodes = (last?.children ?? []).flatMap((child) => outboundNodes(state, child));
    this.ctx.runtimes.delete(this.node.id);
    killDaemons(this.ctx, this.node.id);
    setPhase(this.ctx, this.node.id, phase, message);
  }
}
