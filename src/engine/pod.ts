/**
 * Pod nodes: container and script templates. Creating the node emits a `startPod` action; the
 * executor's outcome becomes the node's outputs (`result`, `exitCode`, `parameters`) and phase.
 */

import type { NodeStatus, Outputs, Parameter, Template } from "../spec/types.js";
import { type EngineContext, setPhase } from "./context.js";
import { mayStartPod } from "./control.js";
import { finishContainerNodes, onDaemonReady } from "./daemon.js";
import { publishGlobalOutputs } from "./outputs.js";
import { podRequestFor } from "./pod-request.js";
import type { PodOutcome, PodRequest } from "./types.js";
import { paramString } from "./vars.js";

/** Starts a pod node: it stays Pending until the driver reports the pod running. */
export function startPod(ctx: EngineContext, node: NodeStatus, template: Template): void {
  const refused = mayStartPod(ctx, node);
  if (refused) {
    setPhase(ctx, node.id, "Failed", refused);
    return;
  }
  let pod: PodRequest;
  try {
    pod = podRequestFor(ctx, node, template);
  } catch (e) {
    setPhase(ctx, node.id, "Error", e instanceof Error ? e.message : String(e));
    return;
  }
  ctx.activePods.add(node.id);
  ctx.state.emit({ type: "startPod", nodeId: node.id, pod });
}

export function onPodStarted(ctx: EngineContext, nodeId: string, ip?: string): void {
  const node = ctx.state.get(nodeId);
  if (node?.phase !== "Pending") return;
  setPhase(ctx, nodeId, "Running");
  if (ip) node.podIP = ip;
  if (ctx.podTemplates.get(nodeId)?.daemon) onDaemonReady(ctx, node, ip);
}

/** Applies a finished pod's outcome to its node. `template` is the processed template it ran. */
export function onPodFinished(
  ctx: EngineContext,
  nodeId: string,
  outcome: PodOutcome,
  template: Template,
): void {
  ctx.activePods.delete(nodeId);
  const node = ctx.state.get(nodeId);
  if (!node || (node.phase !== "Pending" && node.phase !== "Running")) return;
  if (template.containerSet) finishContainerNodes(ctx, node, outcome);
  const { outputs, problem } = collectOutputs(template, outcome);
  node.outputs = outputs;
  if (outcome.startedAt) node.startedAt = outcome.startedAt;
  if (outcome.finishedAt) node.finishedAt = outcome.finishedAt;
  node.progress = "0/1";
  const warning = outcome.warnings.length ? outcome.warnings.join("; ") : undefined;
  if (outcome.deadlineExceeded) {
    setPhase(
      ctx,
      nodeId,
      "Failed",
      outcome.error ?? "Pod was active on the node longer than the specified deadline",
    );
  } else if (outcome.error) {
    setPhase(ctx, nodeId, "Error", outcome.error);
  } else if (outcome.exitCode !== 0) {
    setPhase(ctx, nodeId, "Failed", `Error (exit code ${outcome.exitCode})`);
  } else if (problem) {
    setPhase(ctx, nodeId, "Error", problem);
  } else {
    node.progress = "1/1";
    setPhase(ctx, nodeId, "Succeeded", warning ?? "");
    publishGlobalOutputs(ctx, outputs);
  }
}

function collectOutputs(template: Template, outcome: PodOutcome): { outputs: Outputs; problem?: string } {
  const outputs: Outputs = {};
  let problem: string | undefined;
  const parameters: Parameter[] = [];
  for (const declared of template.outputs?.parameters ?? []) {
    const value = outcome.outputParameters[declared.name];
    const out: Parameter = { ...declared };
    if (value !== undefined) out.value = value;
    else if (declared.valueFrom?.default !== undefined) out.value = paramString(declared.valueFrom.default);
    else if (declared.valueFrom?.path) {
      problem ??= `failed to read output parameter '${declared.name}' from ${declared.valueFrom.path}: ${
        outcome.outputErrors[declared.name] ?? "no such file"
      }`;
    }
    parameters.push(out);
  }
  if (parameters.length) outputs.parameters = parameters;
  if (outcome.artifacts?.length) outputs.artifacts = outcome.artifacts;
  for (const declared of template.outputs?.artifacts ?? []) {
    const error = outcome.artifactErrors?.[declared.name];
    if (error && !declared.optional) problem ??= `failed to save outputs: ${error}`;
  }
  outputs.result = outcome.result;
  outputs.exitCode = String(outcome.exitCode);
  return problem ? { outputs, problem } : { outputs };
}
