/**
 * Argo's node naming, as the server computes it (src/engine/node-id.ts): the v2 pod name of a pod
 * node is `<workflow>-<template>-<fnv32a(node name)>`, which is what the log endpoint takes.
 */
import type { NodeStatus } from "../types.js";

const encoder = new TextEncoder();

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, unsigned. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of encoder.encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** Kubernetes' 253-character name limit less room for `-<hash>`. */
const maxPodNamePrefix = 253 - 10 - 1;

/** The pod name of a node: the workflow name for a root pod, else `<wf>-<template>-<hash>`. */
export function podNameFor(
  workflowName: string,
  node: Pick<NodeStatus, "name" | "templateName" | "templateRef">,
) {
  if (node.name === workflowName) return workflowName;
  const template = node.templateRef?.template ?? node.templateName ?? "";
  let prefix = template ? `${workflowName}-${template}` : workflowName;
  if (prefix.length > maxPodNamePrefix) prefix = prefix.slice(0, maxPodNamePrefix);
  return `${prefix}-${fnv32a(node.name)}`;
}
