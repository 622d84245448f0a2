/**
 * The Workflow a CronWorkflow starts at a scheduled time, as Argo's
 * `ConvertCronWorkflowToWorkflowWithProperties` makes it. The name is deterministic
 * (`<cron>-<unix seconds>`), so submitting the same scheduled time twice — after a restart, or
 * from two schedules that coincide — collides instead of running twice.
 */
import type { OwnerReference, Workflow } from "../../spec/types.js";
import {
  annotationScheduledTime,
  type CronObject,
  labelControllerInstanceID,
  labelCronWorkflow,
  labelsToPropagate,
  readSpec,
  rfc3339,
} from "./types.js";

const apiVersion = "argoproj.io/v1alpha1";

/** `<cron>-<unix seconds of the scheduled time>`. */
export function childWorkflowName(cronName: string, scheduledMs: number): string {
  return `${cronName}-${Math.floor(scheduledMs / 1000)}`;
}

/** The controller reference a child carries; Argo finds a cron's children by its uid. */
export function cronOwnerReference(cron: CronObject): OwnerReference {
  return {
    apiVersion,
    kind: "CronWorkflow",
    name: cron.metadata.name ?? "",
    uid: cron.metadata.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controlling owner's uid when it is a CronWorkflow (Kubernetes' `GetControllerOf`). */
export function controllingCronUid(wf: {
  metadata: { ownerReferences?: OwnerReference[] };
}): string | undefined {
  const owner = wf.metadata.ownerReferences?.find((r) => r.controller === true);
  return owner?.kind === "CronWorkflow" ? owner.uid : undefined;
}

/**
 * The child Workflow for `scheduledMs`: creator labels and the instance id copied from the cron,
 * the cron-workflow label, then `workflowMetadata` labels and annotations (which win), the
 * scheduled-time annotation, a controller owner reference, and a copy of `workflowSpec`.
 */
export function buildChildWorkflow(cron: CronObject, scheduledMs: number): Workflow {
  const spec = readSpec(cron);
  const cronLabels = cron.metadata.labels ?? {};
  const labels: Record<string, string> = {};
  for (const key of labelsToPropagate) {
    const value = cronLabels[key];
    if (value !== undefined) labels[key] = value;
  }
  const instanceID = cronLabels[labelControllerInstanceID];
  if (instanceID !== undefined) labels[labelControllerInstanceID] = instanceID;
  const name = cron.metadata.name ?? "";
  labels[labelCronWorkflow] = name;
  Object.assign(labels, spec.workflowMetadata?.labels ?? {});
  const annotations: Record<string, string> = {
    [annotationScheduledTime]: rfc3339(scheduledMs),
    ...(spec.workflowMetadata?.annotations ?? {}),
  };
  return {
    apiVersion,
    kind: "Workflow",
    metadata: {
      name: childWorkflowName(name, scheduledMs),
      namespace: cron.metadata.namespace ?? "default",
      labels,
      annotations,
      ownerReferences: [cronOwnerReference(cron)],
    },
    spec: structuredClone(spec.workflowSpec),
  };
}
