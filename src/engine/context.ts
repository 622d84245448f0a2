/**
 * The engine context shared by the template executors: the state, the global variables, the
 * scope runtimes that own running steps/DAG nodes, and the queue of nodes that became fulfilled.
 *
 * Completion is propagated through a queue rather than by recursion: when a node is fulfilled,
 * its owner (the steps/DAG runtime that created it, or the workflow for the root) is told once,
 * in order, by the reconcile loop. That keeps every reconcile touching only the nodes that can
 * change, and makes deep or wide workflows cost the same per node.
 */
import type { NodePhase, NodeStatus, Template, WorkflowSpec } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import type { EngineState } from "./state.js";
import type { TemplateBase, TemplateResolver } from "./templates.js";
import type { EngineOptions } from "./types.js";

/** A running steps/DAG/group node that reacts to its children finishing. */
export interface Runtime {
  onChildFulfilled(childId: string): void;
  /** A `wakeAt` this runtime asked for has come. */
  onTimer?(): void;
  /** Starts the expression hooks of its children that now hold. */
  checkHooks?(): void;
}

export interface EngineContext {
  state: EngineState;
  options: EngineOptions;
  /** The spec being run (the workflow's, or merged from its workflowTemplateRef). */
  spec: WorkflowSpec;
  /** `workflow.*` variables. */
  globals: Map<string, string>;
  templates: TemplateResolver;
  /** Runtimes keyed by the node id they manage. */
  runtimes: Map<string, Runtime>;
  /** Which runtime (by node id) created and awaits each node; "" for the workflow itself. */
  owners: Map<string, string>;
  /** Nodes that became fulfilled and whose owner has not been told yet. */
  fulfilledQueue: string[];
  /** Pods started and not yet finished: the workflow does not complete while any run. */
  activePods: Set<string>;
  /** The processed template each pod node runs, to collect its outputs when it finishes. */
  podTemplates: Map<string, Template>;
  /** Resource templates waiting for the controller. */
  resourceTemplates: Map<string, Template>;
  /** Data templates waiting for their keys to be listed. */
  dataTemplates: Map<string, Template>;
  /** Suspend nodes' processed templates and wake-up times (epoch ms). */
  suspendTemplates: Map<string, Template>;
  wakeTimes: Map<string, number>;
  /** The `metrics` of each node's template, evaluated when the node is fulfilled. */
  nodeMetrics: Map<string, unknown>;
  /** Nodes ("" = the workflow) waiting for their locks, with what to do once granted. */
  lockWaiters: Map<string, () => void>;
  /** Nodes ("" = the workflow) that asked for locks and must release them when fulfilled. */
  lockHolders: Set<string>;
  /** Set when the workflow's own locks could not be requested. */
  lockFailure?: string;
  /** Set once the workflow's activeDeadlineSeconds has passed: nothing new starts. */
  deadlinePassed: boolean;
}

/** A steps/DAG node just created from a processed template, ready for its runtime to start. */
export interface StartedTemplate {
  ctx: EngineContext;
  node: NodeStatus;
  template: Template;
  base: TemplateBase;
  /** The scope the template was processed with (`inputs.*` over locals over globals). */
  scope: ReadonlyMap<string, string>;
}

/** Sets a node's phase; queues the owner notification when the node becomes fulfilled. */
export function setPhase(ctx: EngineContext, id: string, phase: NodePhase, message?: string): void {
  const before = ctx.state.must(id).phase;
  ctx.state.markPhase(id, phase, message);
  if (!isFulfilledPhase(before) && isFulfilledPhase(phase)) ctx.fulfilledQueue.push(id);
}

/** Records who awaits a node; a node created already fulfilled is queued at once. */
export function own(ctx: EngineContext, childId: string, ownerId: string): void {
  ctx.owners.set(childId, ownerId);
  const node = ctx.state.must(childId);
  if (isFulfilledPhase(node.phase)) ctx.fulfilledQueue.push(childId);
}

/** Error message text of anything thrown. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** ConfigMap reads in the workflow's namespace, through the lookup the controller provides. */
export function configMapOf(
  ctx: EngineContext,
): ((name: string, key: string) => string | undefined) | undefined {
  const lookup = ctx.options.configMapValue;
  if (!lookup) return undefined;
  const namespace = ctx.state.workflow.metadata.namespace ?? "default";
  return (name, key) => lookup({ namespace, name, key });
}
