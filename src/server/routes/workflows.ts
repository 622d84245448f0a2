/**
 * Workflow routes of Argo's WorkflowService: create, list (merged with the archive), get, delete,
 * lint and submit-from-template. State changes (retry, suspend, …) are in `workflow-actions.ts`.
 */
import type { Context, Hono } from "hono";
import type { Workflow } from "../../spec/types.js";
import type { StoredObject } from "../../store/types.js";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { badRequest, objectNotFound } from "../errors.js";
import { FieldFilter } from "../fields.js";
import { jsonWithFields, objectField, queryOf, readBody } from "../http.js";
import { assertValid } from "../lint.js";
import { parseListQuery } from "../list-options.js";
import { listWorkflows } from "../workflow-list.js";
import { readWorkflow } from "../workflow-read.js";
import { submitFromTemplate } from "./submit.js";

/** The object of a create/lint body, with kind, apiVersion and namespace filled in as Argo does. */
export function manifestFrom<T extends StoredObject>(
  body: Record<string, unknown>,
  field: string,
  kind: string,
  namespace: string,
): T {
  const object = objectField<T>(body, field);
  if (!object) throw badRequest(`${field} was not found in the request body`);
  const metadata = (object.metadata ?? {}) as T["metadata"];
  if (metadata === null || typeof metadata !== "object")
    throw badRequest(`${field}.metadata must be an object`);
  if (namespace !== ALL_NAMESPACES) {
    if (metadata.namespace && metadata.namespace !== namespace) {
      throw badRequest(
        `the namespace of the provided object (${metadata.namespace}) does not match the namespace sent on the request (${namespace})`,
      );
    }
    metadata.namespace = namespace;
  } else delete metadata.namespace;
  return { ...object, apiVersion: object.apiVersion ?? "argoproj.io/v1alpha1", kind, metadata };
}

async function createWorkflow(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const namespace = c.req.param("namespace") ?? "";
  authorize(c, namespace, "write");
  const body = await readBody(c);
  const wf = manifestFrom<StoredObject>(body, "workflow", "Workflow", namespace) as unknown as Workflow;
  const createOptions = objectField<{ dryRun?: unknown }>(body, "createOptions");
  const dryRun = Array.isArray(createOptions?.dryRun) && createOptions.dryRun.length > 0;
  if (dryRun) {
    await assertValid(deps.store, wf as unknown as StoredObject, namespace);
    return c.json(wf);
  }
  const created = await deps.controller.submit(wf, { dryRun: body.serverDryRun === true });
  return c.json(created);
}

async function getWorkflow(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const { namespace = "", name = "" } = c.req.param();
  authorize(c, namespace, "read");
  const fields = new FieldFilter(c.req.query("fields"));
  const uid = c.req.query("uid");
  const wf = await readWorkflow(deps.store, namespace, name, {
    withNodes: !fields.willExclude("status.nodes"),
    ...(uid ? { uid } : {}),
  });
  return jsonWithFields(c, wf);
}

async function listRoute(c: Context<ServerEnv>, deps: ServerDeps, namespace: string): Promise<Response> {
  const query = parseListQuery(queryOf(c), namespace);
  // The namespace may come from the field selector (`metadata.namespace=x`), as Argo allows.
  authorize(c, query.namespaceNot ? ALL_NAMESPACES : query.namespace, "read");
  const page = await listWorkflows(deps.store, query);
  const fields = new FieldFilter(c.req.query("fields"));
  // Nodes are not part of a list unless asked for by name; then only this page's are read.
  if (
    page.items &&
    !fields.isEmpty &&
    !fields.willExclude("items.status.nodes") &&
    fields.names("items.status.nodes")
  ) {
    page.items = await Promise.all(
      page.items.map(
        async (w) => (await deps.store.getWorkflow(w.metadata.namespace ?? "", w.metadata.name ?? "")) ?? w,
      ),
    );
  }
  return c.json(fields.apply(page));
}

async function deleteWorkflow(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const { namespace = "", name = "" } = c.req.param();
  authorize(c, namespace, "write");
  if (!(await deps.controller.deleteWorkflow(namespace, name))) throw objectNotFound("Workflow", name);
  return c.json({});
}

async function lintWorkflow(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const namespace = c.req.param("namespace") ?? "";
  authorize(c, namespace, "read");
  const body = await readBody(c);
  const wf = manifestFrom<StoredObject>(body, "workflow", "Workflow", namespace);
  await assertValid(deps.store, wf, namespace);
  return c.json(wf);
}

export function registerWorkflowRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const base = "/api/v1/workflows";
  app.get(base, (c) => listRoute(c, deps, ALL_NAMESPACES));
  app.get(`${base}/`, (c) => listRoute(c, deps, ALL_NAMESPACES));
  app.get(`${base}/:namespace`, (c) => listRoute(c, deps, c.req.param("namespace")));
  app.post(`${base}/:namespace`, (c) => createWorkflow(c, deps));
  app.post(`${base}/:namespace/lint`, (c) => lintWorkflow(c, deps));
  app.post(`${base}/:namespace/submit`, (c) => submitFromTemplate(c, deps));
  app.get(`${base}/:namespace/:name`, (c) => getWorkflow(c, deps));
  app.delete(`${base}/:namespace/:name`, (c) => deleteWorkflow(c, deps));
}
