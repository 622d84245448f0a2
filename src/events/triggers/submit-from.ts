/**
 * `argoWorkflow.operation: submit-from`: Argo Events runs `argo submit --from <kind>/<name>`,
 * which makes a Workflow from a stored CronWorkflow (its `workflowSpec`, `workflowMetadata` and
 * the cron-workflow label, owned by the cron) or WorkflowTemplate (a `workflowTemplateRef`).
 * The trigger's resource only names the source: its `kind` and `metadata.name`. A CronWorkflow
 * that is not stored may be given whole in the resource instead; a template must be stored, as
 * the controller resolves the reference when it runs the Workflow.
 */
import type { CronWorkflow, Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import { notFound } from "../../util/errors.js";
import { isRecord, type RunContext, triggerInvalid } from "./common.js";

const apiVersion = "argoproj.io/v1alpha1";

/** The kinds `--from` accepts, by their lower-case names (ClusterWorkflowTemplate is Argosy's addition). */
const fromKinds: Record<string, string> = {
  cronworkflow: "CronWorkflow",
  cronwf: "CronWorkflow",
  workflowtemplate: "WorkflowTemplate",
  clusterworkflowtemplate: "ClusterWorkflowTemplate",
};

/** The Workflow to submit for the resource (kind + name) in `namespace`. */
export async function workflowFromSource(
  ctx: RunContext,
  resource: StoredObject,
  namespace: string,
): Promise<Workflow> {
  const kind = fromKinds[resource.kind.toLowerCase()];
  if (!kind) {
    throw triggerInvalid(
      ctx,
      `argoWorkflow.source: submit-from needs a CronWorkflow or WorkflowTemplate, not "${resource.kind}"`,
    );
  }
  const name = resource.metadata.name ?? "";
  if (kind !== "CronWorkflow") return fromTemplate(name, kind === "ClusterWorkflowTemplate", namespace);
  const stored = await ctx.deps.store.get<CronWorkflow>("CronWorkflow", namespace, name);
  if (stored) return fromCron(stored, namespace, ctx.deps.now?.() ?? new Date());
  const spec = resource.spec;
  if (isRecord(spec) && isRecord(spec.workflowSpec)) {
    return fromCron(resource as unknown as CronWorkflow, namespace, ctx.deps.now?.() ?? new Date());
  }
  throw notFound(`CronWorkflow ${namespace}/${name}`);
}

function fromTemplate(name: string, clusterScope: boolean, namespace: string): Workflow {
  const label = clusterScope
    ? "workflows.argoproj.io/cluster-workflow-template"
    : "workflows.argoproj.io/workflow-template";
  return {
    apiVersion,
    kind: "Workflow",
    metadata: { generateName: `${name}-`, namespace, labels: { [label]: name } },
    spec: { workflowTemplateRef: { name, ...(clusterScope ? { clusterScope: true } : {}) } },
  };
}

function fromCron(cron: CronWorkflow, namespace: string, now: Date): Workflow {
  const name = cron.metadata.name ?? "";
  const meta = cron.spec.workflowMetadata;
  const labels: Record<string, string> = {};
  const instanceID = cron.metadata.labels?.["workflows.argoproj.io/controller-instanceid"];
  if (instanceID !== undefined) labels["workflows.argoproj.io/controller-instanceid"] = instanceID;
  labels["workflows.argoproj.io/cron-workflow"] = name;
  Object.assign(labels, meta?.labels ?? {});
  const uid = cron.metadata.uid;
  return {
    apiVersion,
    kind: "Workflow",
    metadata: {
      generateName: `${name}-`,
      namespace,
      labels,
      annotations: {
        "workflows.argoproj.io/scheduled-time": now.toISOString().replace(/\.\d{3}Z$/, "Z"),
        ...(meta?.annotations ?? {}),
      },
      ...(uid
        ? {
            ownerReferences: [
              { apiVersion, kind: "CronWorkflow", name, uid, controller: true, blockOwnerDeletion: true },
            ],
          }
        : {}),
    },
    spec: structuredClone(cron.spec.workflowSpec ?? {}),
  };
}
