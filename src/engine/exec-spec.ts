/**
 * The spec a workflow actually runs: its own, or — with `workflowTemplateRef` — the referenced
 * template's spec with the workflow's fields laid over it (arguments merged by name), stored in
 * `status.storedWorkflowTemplateSpec` as Argo does so later reconciles need no lookup.
 */
import type { Parameter, Workflow, WorkflowSpec } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { TemplateRefResolver } from "./types.js";

function mergeParameters(base: Parameter[] = [], over: Parameter[] = []): Parameter[] {
  const out = base.map((p) => ({ ...p }));
  for (const p of over) {
    const i = out.findIndex((x) => x.name === p.name);
    if (i >= 0) out[i] = { ...out[i], ...p } as Parameter;
    else out.push({ ...p });
  }
  return out;
}

export function executionSpec(wf: Workflow, resolve: TemplateRefResolver | undefined): WorkflowSpec {
  wf.status ??= {};
  const status = wf.status;
  if (status.storedWorkflowTemplateSpec) return status.storedWorkflowTemplateSpec;
  const ref = wf.spec.workflowTemplateRef;
  if (!ref) return wf.spec;
  const namespace = wf.metadata.namespace ?? "default";
  const base = resolve?.({ name: ref.name, ...(ref.clusterScope ? { clusterScope: true } : {}), namespace });
  const kind = ref.clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
  if (!base) throw invalid(`${kind}.argoproj.io "${ref.name}" not found`);
  const { workflowTemplateRef: _ref, ...own } = wf.spec;
  const merged: WorkflowSpec = { ...structuredClone(base), ...structuredClone(own) };
  const parameters = mergeParameters(base.arguments?.parameters, own.arguments?.parameters);
  merged.arguments = { ...base.arguments, ...own.arguments, ...(parameters.length ? { parameters } : {}) };
  if (!merged.arguments.parameters && !merged.arguments.artifacts) delete merged.arguments;
  status.storedWorkflowTemplateSpec = merged;
  return merged;
}
