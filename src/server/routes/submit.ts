/**
 * `POST /api/v1/workflows/{ns}/submit`: a Workflow made from a WorkflowTemplate,
 * ClusterWorkflowTemplate or CronWorkflow, with Argo's SubmitOpts applied (`parameters`,
 * `entryPoint`, `labels` and `annotations` as `k=v,k2=v2`, `generateName`, `name`,
 * `serviceAccount`, `dryRun`, `serverDryRun`).
 */
import type { Context } from "hono";
import { applySubmitOptions, workflowFrom } from "../../controller/prepare.js";
import type { Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import { authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { badRequest, objectNotFound } from "../errors.js";
import { objectField, readBody, stringField, stringList } from "../http.js";
import { assertValid } from "../lint.js";

/** Argo accepts the kind, its singular, plural and short names. */
const kinds: Record<string, string> = {
  CronWorkflow: "CronWorkflow",
  cronworkflow: "CronWorkflow",
  cronworkflows: "CronWorkflow",
  cronwf: "CronWorkflow",
  cwf: "CronWorkflow",
  WorkflowTemplate: "WorkflowTemplate",
  workflowtemplate: "WorkflowTemplate",
  workflowtemplates: "WorkflowTemplate",
  wftmpl: "WorkflowTemplate",
  ClusterWorkflowTemplate: "ClusterWorkflowTemplate",
  clusterworkflowtemplate: "ClusterWorkflowTemplate",
  clusterworkflowtemplates: "ClusterWorkflowTemplate",
  cwftmpl: "ClusterWorkflowTemplate",
};

/** `a=b,c=d` → `{a: "b", c: "d"}` (Argo's SubmitOpts labels and annotations). */
export function parseKeyValues(text: string, what: string): Record<string, string> | undefined {
  if (text.trim() === "") return undefined;
  const out: Record<string, string> = {};
  for (const part of text.split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw badRequest(`${what} '${part}' must be KEY=VALUE`);
    out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

async function sourceObject(deps: ServerDeps, kind: string, namespace: string, name: string) {
  const source = await deps.store.get<StoredObject>(
    kind,
    kind === "ClusterWorkflowTemplate" ? "" : namespace,
    name,
  );
  if (!source) throw objectNotFound(kind, name);
  return source;
}

export async function submitFromTemplate(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const namespace = c.req.param("namespace") ?? "";
  authorize(c, namespace, "write");
  const body = await readBody(c);
  const resourceKind = stringField(body, "resourceKind");
  const resourceName = stringField(body, "resourceName");
  const kind = kinds[resourceKind];
  if (!kind) throw badRequest(`Resource kind '${resourceKind}' is not supported for submitting`);
  if (!resourceName) throw badRequest("resourceName is required");
  const source = await sourceObject(deps, kind, namespace, resourceName);
  const opts = objectField<Record<string, unknown>>(body, "submitOptions") ?? {};
  const labels = parseKeyValues(stringField(opts, "labels"), "label");
  const annotations = parseKeyValues(stringField(opts, "annotations"), "annotation");
  const made = workflowFrom(source as unknown as Parameters<typeof workflowFrom>[0], namespace);
  const wf: Workflow = applySubmitOptions(made, {
    parameters: stringList(opts, "parameters"),
    namespace,
    ...(stringField(opts, "entryPoint") ? { entrypoint: stringField(opts, "entryPoint") } : {}),
    ...(stringField(opts, "name") ? { name: stringField(opts, "name") } : {}),
    ...(stringField(opts, "generateName") ? { generateName: stringField(opts, "generateName") } : {}),
    ...(labels ? { labels } : {}),
  });
  // applySubmitOptions names the workflow; leave naming to the controller unless a name was given.
  if (!stringField(opts, "name")) delete wf.metadata.name;
  if (annotations) wf.metadata.annotations = { ...wf.metadata.annotations, ...annotations };
  const serviceAccount = stringField(opts, "serviceAccount");
  if (serviceAccount) (wf.spec as { serviceAccountName?: string }).serviceAccountName = serviceAccount;
  if (opts.dryRun === true) {
    await assertValid(deps.store, wf as unknown as StoredObject, namespace);
    return c.json(wf);
  }
  const created = await deps.controller.submit(wf, { dryRun: opts.serverDryRun === true });
  return c.json(created);
}
