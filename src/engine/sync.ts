/**
 * Synchronization (mutexes and semaphores). The engine never holds locks: it asks the controller
 * with an `acquireLock` action and waits for a `lockAcquired` observation before starting the
 * node (or, for workflow-level locks, the workflow); `lockWaiting` records Argo's waiting message
 * and `synchronizationStatus.waiting` on the node. A fulfilled holder emits `releaseLock`.
 */
import { lockKeysOf } from "../spec/lock-keys.js";
import type { NodeStatus } from "../spec/types.js";
import { type EngineContext, setPhase } from "./context.js";

/** Lock holder keys as Argo names them: `<ns>/<wf>` for the workflow, `<ns>/<wf>/<nodeId>` for a node. */
export function holderOf(ctx: EngineContext, nodeId: string): string {
  const ns = ctx.state.workflow.metadata.namespace ?? "default";
  return nodeId ? `${ns}/${ctx.state.name}/${nodeId}` : `${ns}/${ctx.state.name}`;
}

/**
 * Asks for the locks of `synchronization`; `start` runs once they are granted. Until then the node
 * records the first lock as the one it waits for (the controller's answer refines it), which is
 * also how a restarted engine knows the node has not started yet.
 */
export function acquireThen(
  ctx: EngineContext,
  request: { nodeId: string; synchronization: unknown; start: () => void },
): void {
  const namespace = ctx.state.workflow.metadata.namespace ?? "default";
  const keys = lockKeysOf(request.synchronization, namespace);
  if ("error" in keys) {
    onLockFailed(ctx, { nodeId: request.nodeId, message: keys.error });
    return;
  }
  ctx.lockWaiters.set(request.nodeId, request.start);
  ctx.lockHolders.add(request.nodeId);
  const node = request.nodeId ? ctx.state.get(request.nodeId) : undefined;
  if (node && keys.keys[0]) node.synchronizationStatus = { waiting: keys.keys[0] };
  const meta = ctx.state.workflow.metadata;
  ctx.state.emit({
    type: "acquireLock",
    nodeId: request.nodeId,
    holder: holderOf(ctx, request.nodeId),
    keys: keys.keys,
    priority: Number(ctx.spec.priority ?? 0) || 0,
    creationTimestamp: meta.creationTimestamp ?? "",
  });
}

export function onLockAcquired(ctx: EngineContext, nodeId: string): void {
  const start = ctx.lockWaiters.get(nodeId);
  if (!start) return;
  ctx.lockWaiters.delete(nodeId);
  const node = nodeId ? ctx.state.get(nodeId) : undefined;
  if (node) {
    delete node.synchronizationStatus;
    if (node.message?.startsWith("Waiting for ")) delete node.message;
    ctx.state.touch(node.id);
  } else if (!nodeId) {
    const status = ctx.state.workflow.status ?? {};
    if (status.message?.startsWith("Waiting for ")) delete status.message;
  }
  start();
}

export function onLockWaiting(
  ctx: EngineContext,
  o: { nodeId: string; message: string; lock?: string },
): void {
  if (!ctx.lockWaiters.has(o.nodeId)) return;
  const node = o.nodeId ? ctx.state.get(o.nodeId) : undefined;
  if (node) {
    node.message = o.message;
    if (o.lock) node.synchronizationStatus = { waiting: o.lock };
    ctx.state.touch(node.id);
  } else if (!o.nodeId) {
    const status = ctx.state.workflow.status ?? {};
    status.phase = "Pending";
    status.message = o.message;
  }
}

/** The controller could not even ask for the lock (a bad synchronization block): the node errors. */
export function onLockFailed(ctx: EngineContext, o: { nodeId: string; message: string }): void {
  ctx.lockWaiters.delete(o.nodeId);
  ctx.lockHolders.delete(o.nodeId);
  if (o.nodeId && ctx.state.get(o.nodeId)) setPhase(ctx, o.nodeId, "Error", o.message);
  else ctx.lockFailure = `Failed to acquire the synchronization lock. ${o.message}`;
}

/** Releases the locks of a holder that is fulfilled. */
export function releaseIfHolder(ctx: EngineContext, node: NodeStatus | { id: "" }): void {
  if (!ctx.lockHolders.has(node.id)) return;
  ctx.lockHolders.delete(node.id);
  ctx.lockWaiters.delete(node.id);
  ctx.state.emit({ type: "releaseLock", nodeId: node.id, holder: holderOf(ctx, node.id) });
}
