/**
 * Daemons and containerSets, the pod shapes with more than one life cycle.
 *
 * A `daemon: true` pod counts as done for its scope once it is ready: its node turns Running with
 * `daemoned: true` and its `podIP`, and the steps/DAG go on. When that scope ends, its daemons are
 * killed and marked Succeeded, as Argo does.
 *
 * A containerSet pod gets a `Container` node per container (`<pod>.<container>`), wired by their
 * `dependencies`; each takes its phase from the container's exit when the pod ends.
 */
import type { NodeStatus, Template } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import type { EngineContext } from "./context.js";
import { podNameFor, templateNameForPod } from "./node-id.js";
import type { PodOutcome } from "./types.js";

/** Argo's "fulfilled" for scheduling: finished, or a daemon that is up. */
export const isNodeFulfilled = (n: NodeStatus): boolean =>
  isFulfilledPhase(n.phase) || (n.daemoned === true && n.phase !== "Pending");

/** The pod of a daemon template is ready: record it and let its scope go on. */
export function onDaemonReady(ctx: EngineContext, node: NodeStatus, ip: string | undefined): void {
  node.daemoned = true;
  if (ip) node.podIP = ip;
  ctx.state.touch(node.id);
  ctx.fulfilledQueue.push(node.id);
}

/** Kills the daemons in a scope that has ended (the workflow's when `boundaryID` is undefined). */
export function killDaemons(ctx: EngineContext, boundaryID: string | undefined): void {
  // A daemon that is up is an unfinished pod, so it is among the active pods: scanning those
  // instead of every node keeps a scope's end from costing the size of the whole workflow.
  for (const id of [...ctx.activePods]) {
    const node = ctx.state.must(id);
    if (!node.daemoned || isFulfilledPhase(node.phase) || node.boundaryID !== boundaryID) continue;
    if (ctx.activePods.delete(node.id)) {
      ctx.state.emit({
        type: "killPod",
        nodeId: node.id,
        podName: podNameFor(ctx.state.name, node.name, templateNameForPod(node)),
      });
    }
    node.phase = "Succeeded";
    node.finishedAt = ctx.state.now;
    node.progress = "1/1";
    ctx.state.touch(node.id);
  }
}

/** Creates the `Container` nodes of a containerSet pod node. */
export function createContainerNodes(ctx: EngineContext, pod: NodeStatus, template: Template): void {
  const containers = ((template.containerSet as { containers?: { name?: string; dependencies?: string[] }[] })
    ?.containers ?? []) as { name?: string; dependencies?: string[] }[];
  for (const c of containers) {
    ctx.state.initNode({
      name: `${pod.name}.${c.name ?? ""}`,
      type: "Container",
      phase: "Pending",
      boundaryID: pod.id,
      ...(pod.templateName ? { templateName: pod.templateName } : {}),
      ...(pod.templateScope ? { templateScope: pod.templateScope } : {}),
    });
  }
  for (const c of containers) {
    const id = ctx.state.idOf(`${pod.name}.${c.name ?? ""}`);
    if (!c.dependencies?.length) ctx.state.addChild(pod.id, id);
    for (const dep of c.dependencies ?? []) ctx.state.addChild(ctx.state.idOf(`${pod.name}.${dep}`), id);
  }
}

/** Sets each Container node's phase from how its container ended. */
export function finishContainerNodes(ctx: EngineContext, pod: NodeStatus, outcome: PodOutcome): void {
  for (const [name, r] of Object.entries(outcome.containers ?? {})) {
    const node = ctx.state.byName(`${pod.name}.${name}`);
    if (!node) continue;
    if (r.startedAt) node.startedAt = `${r.startedAt.slice(0, 19)}Z`;
    node.finishedAt = `${(r.finishedAt ?? outcome.finishedAt ?? ctx.state.now).slice(0, 19)}Z`;
    if (!r.skipped)
      node.outputs = {
        ...(r.result !== undefined ? { result: r.result } : {}),
        exitCode: String(r.exitCode),
      };
    if (r.exitCode === 0 && !r.skipped) {
      node.phase = "Succeeded";
      node.progress = "1/1";
    } else {
      node.phase = r.skipped ? "Omitted" : "Failed";
      node.progress = "0/1";
      node.message =
        r.error ?? (r.skipped ? "omitted: a dependency did not succeed" : `Error (exit code ${r.exitCode})`);
    }
    ctx.state.touch(node.id);
  }
}
