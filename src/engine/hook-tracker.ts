/**
 * The hooks of the steps or tasks of one steps/DAG scope: starts them when due and tells the
 * runtime when a hooked node may count as done (it and every hook started from it fulfilled).
 */
import type { LifecycleHook, NodeStatus } from "../spec/types.js";
import { isCompletedPhase, isFulfilledPhase } from "../spec/types.js";
import type { EngineContext } from "./context.js";
import { exitHookOf, expressionHooks, hookHolds, startHook } from "./hooks.js";
import type { TemplateBase } from "./templates.js";

export interface HookScope {
  ctx: EngineContext;
  base: TemplateBase;
  /** The steps/DAG node: boundary and owner of hook nodes. */
  boundaryID: string;
  scope: ReadonlyMap<string, string>;
}

type Hooked = { hooks?: Record<string, LifecycleHook>; onExit?: string };

export class HookTracker {
  /** Hook node id → the node it hangs from. */
  private readonly parentOf = new Map<string, string>();
  /** Hooked node id → its hook nodes not yet fulfilled. */
  private readonly open = new Map<string, Set<string>>();

  constructor(private readonly s: HookScope) {}

  isHookNode(id: string): boolean {
    return this.parentOf.has(id);
  }

  /** True while a hook started from `parentId` has not finished. */
  isBlocked(parentId: string): boolean {
    return (this.open.get(parentId)?.size ?? 0) > 0;
  }

  private track(parent: NodeStatus, hookNode: NodeStatus): void {
    if (this.parentOf.has(hookNode.id)) return;
    this.parentOf.set(hookNode.id, parent.id);
    if (isFulfilledPhase(hookNode.phase)) return;
    const set = this.open.get(parent.id) ?? new Set<string>();
    set.add(hookNode.id);
    this.open.set(parent.id, set);
  }

  /** Re-tracks the hook nodes already started from `parent` (after a restart). */
  adopt(parent: NodeStatus): void {
    for (const id of parent.children ?? []) {
      const child = this.s.ctx.state.get(id);
      if (child?.nodeFlag?.hooked) this.track(parent, child);
    }
  }

  /** Starts the expression hooks of `node` that hold now (each at most once). */
  fireExpressionHooks(node: NodeStatus, holder: Hooked): void {
    for (const [name, hook] of expressionHooks(holder.hooks)) {
      const nodeName = `${node.name}.hooks.${name}`;
      if (this.s.ctx.state.byName(nodeName) || !hookHolds(hook.expression, this.s.scope)) continue;
      this.track(node, this.start(node, hook, nodeName));
    }
  }

  /** Starts the exit hook of a node that completed (not for skipped/omitted nodes, nor under Terminate). */
  fireExitHook(node: NodeStatus, holder: Hooked): void {
    const hook = exitHookOf(holder);
    if (!hook || !isCompletedPhase(node.phase) || this.s.ctx.spec.shutdown === "Terminate") return;
    this.track(node, this.start(node, hook, `${node.name}.onExit`));
  }

  private start(parent: NodeStatus, hook: LifecycleHook, nodeName: string): NodeStatus {
    return startHook({
      ctx: this.s.ctx,
      parent,
      hook,
      nodeName,
      scope: this.s.scope,
      base: this.s.base,
      boundaryID: this.s.boundaryID,
      ownerId: this.s.boundaryID,
    });
  }

  /** A hook node finished; returns the hooked node's id when nothing of it is pending any more. */
  onHookFulfilled(id: string): string | undefined {
    const parent = this.parentOf.get(id);
    if (parent === undefined) return undefined;
    const set = this.open.get(parent);
    set?.delete(id);
    if (set && set.size > 0) return undefined;
    this.open.delete(parent);
    return parent;
  }
}
