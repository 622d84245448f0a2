/**
 * What steps and DAG runtimes share: the node they manage, the `steps.*`/`tasks.*` references of
 * finished children layered over the template's own scope, the hooks of their children and the
 * `parallelism` gate.
 */
import type { NodeStatus } from "../spec/types.js";
import type { EngineContext, Runtime, StartedTemplate } from "./context.js";
import { Gate } from "./gate.js";
import { HookTracker } from "./hook-tracker.js";
import { LayeredScope } from "./vars.js";

/** A template's `parallelism`, when it is a positive number. */
export const parallelismOf = (t: { parallelism?: unknown }): number | undefined => {
  const n = Number(t.parallelism);
  return t.parallelism !== undefined && Number.isInteger(n) && n > 0 ? n : undefined;
};

export abstract class ScopeRuntime implements Runtime {
  protected readonly ctx: EngineContext;
  protected readonly node: NodeStatus;
  /** References of finished children (`steps.<name>.*` or `tasks.<name>.*`). */
  protected readonly refs = new Map<string, string>();
  protected readonly scope: LayeredScope;
  protected readonly hooks: HookTracker;
  protected readonly gate: Gate;

  constructor(protected readonly started: StartedTemplate) {
    this.ctx = started.ctx;
    this.node = started.node;
    this.scope = new LayeredScope(this.refs, started.scope);
    this.hooks = new HookTracker({
      ctx: this.ctx,
      base: started.base,
      boundaryID: this.node.id,
      scope: this.scope,
    });
    this.gate = new Gate(parallelismOf(started.template));
  }

  abstract onChildFulfilled(childId: string): void;
}
