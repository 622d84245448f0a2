/**
 * Argo's node naming: ids, pod names and display names.
 */

/** 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer. */
export function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  const bytes = Buffer.from(text, "utf8");
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/** The node id Argo derives from a node name: the workflow name for the root, else `<wf>-<fnv32a(name)>`. */
export function nodeIdFor(workflowName: string, nodeName: string): string {
  return nodeName === workflowName ? workflowName : `${workflowName}-${fnv32a(nodeName)}`;
}

const maxPodNamePrefix = 253 - 10 - 1;

/** Argo's v2 pod name: `<wf>-<template>-<fnv32a(node name)>`, or the workflow name for a root pod. */
export function podNameFor(workflowName: string, nodeName: string, templateName: string): string {
  if (workflowName === nodeName) return workflowName;
  let prefix = templateName ? `${workflowName}-${templateName}` : workflowName;
  if (prefix.length > maxPodNamePrefix) prefix = prefix.slice(0, maxPodNamePrefix);
  return `${prefix}-${fnv32a(nodeName)}`;
}

const stepsOrDagSeparator = /^(\[\d+\])?\./;

/** Argo's display name: the node name less its boundary node's name and the `[i].`/`.` separator. */
export function displayNameFor(nodeName: string, boundaryName: string | undefined): string {
  if (boundaryName === undefined) return nodeName;
  const trimmed = nodeName.startsWith(boundaryName) ? nodeName.slice(boundaryName.length) : nodeName;
  return trimmed.replace(stepsOrDagSeparator, "");
}

/** Argo names pods after `templateRef.template` when set, else the node's template name. */
export const templateNameForPod = (node: {
  templateRef?: { template: string };
  templateName?: string;
}): string => node.templateRef?.template ?? node.templateName ?? "";
