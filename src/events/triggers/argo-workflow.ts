/**
 * The `argoWorkflow` trigger: submits a Workflow (or one made from a template or cron with
 * `submit-from`) through the controller, or performs resubmit/retry/resume/suspend/terminate/stop
 * on the workflow the resource names. Submitted workflows carry Argo Events' sensor, trigger and
 * action-timestamp labels and are created at most once per firing (see create-once.ts).
 */
import type { Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import type { ArgoWorkflowTrigger } from "../types.js";
import { ownNamespace, qualified, type RunContext, triggerInvalid, triggerLabels } from "./common.js";
import { createOnce } from "./create-once.js";
import type { TriggerOutcome } from "./deps.js";
import { asObject, fetchResource, withParameters } from "./resource.js";
import { workflowFromSource } from "./submit-from.js";
import { applySubmitArgs, parseSubmitArgs } from "./workflow-args.js";

export const argoWorkflowOperations = [
  "submit",
  "submit-from",
  "resubmit",
  "retry",
  "resume",
  "suspend",
  "terminate",
  "stop",
] as const;
type Operation = (typeof argoWorkflowOperations)[number];

const isOperation = (op: string): op is Operation =>
  (argoWorkflowOperations as readonly string[]).includes(op);

export async function runArgoWorkflow(ctx: RunContext, spec: ArgoWorkflowTrigger): Promise<TriggerOutcome> {
  const op = spec.operation || "submit";
  if (!isOperation(op)) {
    throw triggerInvalid(
      ctx,
      `argoWorkflow.operation "${op}" is not one of ${argoWorkflowOperations.join(", ")}`,
    );
  }
  const fetched = await fetchResource(ctx, "argoWorkflow", spec.source);
  const resource = asObject(
    ctx,
    "argoWorkflow",
    withParameters(ctx, "argoWorkflow", fetched, spec.parameters),
    op === "submit" ? "Workflow" : undefined,
  );
  const name = resource.metadata.name;
  if (!name && op !== "submit") {
    throw triggerInvalid(ctx, `argoWorkflow: the ${op} operation needs the resource's metadata.name`);
  }
  if (!name && !resource.metadata.generateName) {
    throw triggerInvalid(
      ctx,
      "argoWorkflow: the resource has neither metadata.name nor metadata.generateName",
    );
  }
  const namespace = ownNamespace(ctx, resource.metadata.namespace, "argoWorkflow");
  if (op === "submit" || op === "submit-from") {
    const wf =
      op === "submit" ? asWorkflow(ctx, resource) : await workflowFromSource(ctx, resource, namespace);
    return submit(ctx, spec, wf, namespace);
  }
  if (spec.args?.length) {
    ctx.deps.log("warn", `argoWorkflow.args are ignored by the ${op} operation`, { trigger: ctx.trigger });
  }
  const done = await ctx.deps.workflows[op](namespace, name ?? "");
  return {
    message: `${pastTense[op]} workflow ${qualified(namespace, done.metadata.name ?? name ?? "")}`,
    object: { kind: "Workflow", namespace, name: done.metadata.name ?? name ?? "" },
  };
}

const pastTense: Record<Exclude<Operation, "submit" | "submit-from">, string> = {
  resubmit: "resubmitted",
  retry: "retried",
  resume: "resumed",
  suspend: "suspended",
  terminate: "terminated",
  stop: "stopped",
};

function asWorkflow(ctx: RunContext, resource: StoredObject): Workflow {
  if (resource.kind !== "Workflow") {
    throw triggerInvalid(ctx, `argoWorkflow.source: submit needs a Workflow, not "${resource.kind}"`);
  }
  if (resource.spec === undefined) resource.spec = {};
  return resource as unknown as Workflow;
}

async function submit(
  ctx: RunContext,
  spec: ArgoWorkflowTrigger,
  wf: Workflow,
  namespace: string,
): Promise<TriggerOutcome> {
  wf.apiVersion ??= "argoproj.io/v1alpha1";
  wf.metadata.namespace = namespace;
  if (spec.args?.length) {
    const args = parseSubmitArgs(ctx, spec.args);
    applySubmitArgs(wf, args);
    if (args.ignored.length) {
      ctx.deps.log("warn", "argoWorkflow.args not applied by Argosy", {
        trigger: ctx.trigger,
        args: args.ignored,
      });
    }
  }
  wf.metadata.labels = { ...(wf.metadata.labels ?? {}), ...triggerLabels(ctx) };
  const { object, alreadyDone } = await createOnce({
    object: wf as unknown as StoredObject,
    firingId: ctx.firing.id,
    create: async (candidate) =>
      (await ctx.deps.workflows.submit(candidate as unknown as Workflow)) as unknown as StoredObject,
    get: (ns, name) => ctx.deps.store.get<StoredObject>("Workflow", ns, name),
  });
  const name = object.metadata.name ?? "";
  const where = qualified(namespace, name);
  return {
    message: alreadyDone
      ? `workflow ${where} was already submitted for this firing`
      : `submitted workflow ${where}`,
    object: { kind: "Workflow", namespace, name },
    ...(alreadyDone ? { alreadyDone } : {}),
  };
}
