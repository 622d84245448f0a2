/**
 * Create/list/get/update/delete/lint for the template-like kinds, which Argo serves the same way:
 * WorkflowTemplates (`/api/v1/workflow-templates/{ns}`), ClusterWorkflowTemplates
 * (`/api/v1/cluster-workflow-templates`, namespace "" in the store) and CronWorkflows
 * (`/api/v1/cron-workflows/{ns}`, plus suspend/resume). Manifests are validated before they are
 * stored; a bad one is a 400 naming the field.
 */
import type { Context, Hono } from "hono";
import type { StoredObject } from "../../store/types.js";
import { isArgosyError } from "../../util/errors.js";
import { authorize, CLUSTER_SCOPE, type Scope, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { badRequest, objectExists, objectNotFound, versionConflict } from "../errors.js";
import { jsonWithFields, objectField, queryOf, readBody } from "../http.js";
import { assertValid } from "../lint.js";
import { matchesQuery, parseListQuery } from "../list-options.js";
import { manifestFrom } from "./workflows.js";

export interface ResourceKind {
  kind: string;
  /** Path prefix; namespaced kinds add `/:namespace`. */
  base: string;
  namespaced: boolean;
  /** The body field holding the object (`template`, `cronWorkflow`). */
  field: string;
}

const nsOf = (c: Context, kind: ResourceKind) => (kind.namespaced ? (c.req.param("namespace") ?? "") : "");
const scopeOf = (c: Context, kind: ResourceKind): Scope => (kind.namespaced ? nsOf(c, kind) : CLUSTER_SCOPE);

async function existing(deps: ServerDeps, kind: ResourceKind, namespace: string, name: string) {
  const obj = await deps.store.get<StoredObject>(kind.kind, namespace, name);
  if (!obj) throw objectNotFound(kind.kind, name);
  return obj;
}

async function create(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  authorize(c, scopeOf(c, kind), "write");
  const body = await readBody(c);
  const obj = manifestFrom<StoredObject>(body, kind.field, kind.kind, namespace);
  await assertValid(deps.store, obj, namespace);
  const dryRun = objectField<{ dryRun?: unknown }>(body, "createOptions")?.dryRun;
  if (Array.isArray(dryRun) && dryRun.length > 0) return c.json(obj);
  try {
    return c.json(await deps.store.create(obj));
  } catch (e) {
    if (isArgosyError(e) && e.code === "Conflict") throw objectExists(kind.kind, obj.metadata.name ?? "");
    throw e;
  }
}

async function list(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  authorize(c, scopeOf(c, kind), "read");
  const q = parseListQuery(queryOf(c), namespace);
  const pattern = c.req.query("namePattern") ?? "";
  const all = await deps.store.list<StoredObject>(
    kind.kind,
    kind.namespaced ? (q.namespace && !q.namespaceNot ? q.namespace : undefined) : "",
  );
  const matching = all.filter(
    (o) => matchesQuery(q, o as never) && (pattern === "" || (o.metadata.name ?? "").includes(pattern)),
  );
  const items = q.limit > 0 ? matching.slice(q.offset, q.offset + q.limit) : matching.slice(q.offset);
  const metadata: { resourceVersion: string; continue?: string } = {
    resourceVersion: String(Math.max(0, ...all.map((o) => Number(o.metadata.resourceVersion) || 0))),
  };
  if (q.offset + items.length < matching.length) metadata.continue = String(q.offset + items.length);
  return jsonWithFields(c, { metadata, items: items.length ? items : null });
}

async function get(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  authorize(c, scopeOf(c, kind), "read");
  return jsonWithFields(c, await existing(deps, kind, namespace, c.req.param("name") ?? ""));
}

async function update(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  const name = c.req.param("name") ?? "";
  authorize(c, scopeOf(c, kind), "write");
  const body = await readBody(c);
  const obj = manifestFrom<StoredObject>(body, kind.field, kind.kind, namespace);
  obj.metadata.name ??= name;
  if (obj.metadata.name !== name) {
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`,
    );
  }
  await existing(deps, kind, namespace, name);
  await assertValid(deps.store, obj, namespace);
  const version = obj.metadata.resourceVersion;
  try {
    return c.json(await deps.store.update(obj, version || undefined));
  } catch (e) {
    if (isArgosyError(e) && e.code === "Conflict") {
      throw versionConflict(kind.kind, name);
    }
    throw e;
  }
}

async function remove(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  const name = c.req.param("name") ?? "";
  authorize(c, scopeOf(c, kind), "write");
  if (!(await deps.store.delete(kind.kind, namespace, name))) throw objectNotFound(kind.kind, name);
  return c.json({});
}

async function lint(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind): Promise<Response> {
  const namespace = nsOf(c, kind);
  authorize(c, scopeOf(c, kind), "read");
  const obj = manifestFrom<StoredObject>(await readBody(c), kind.field, kind.kind, namespace);
  await assertValid(deps.store, obj, namespace);
  return c.json(obj);
}

async function setSuspend(c: Context<ServerEnv>, deps: ServerDeps, kind: ResourceKind, suspend: boolean) {
  const namespace = nsOf(c, kind);
  const name = c.req.param("name") ?? "";
  authorize(c, scopeOf(c, kind), "write");
  const obj = await existing(deps, kind, namespace, name);
  const spec = (obj.spec ?? {}) as Record<string, unknown>;
  return c.json(await deps.store.update({ ...obj, spec: { ...spec, suspend } }));
}

/** Registers the routes of one kind. */
export function registerResourceRoutes(app: Hono<ServerEnv>, deps: ServerDeps, kind: ResourceKind): void {
  const collection = kind.namespaced ? `${kind.base}/:namespace` : kind.base;
  // `-A`: the collection without a namespace lists every namespace (as for workflows).
  if (kind.namespaced) app.get(`${kind.base}/`, (c) => list(c, deps, kind));
  app.get(collection, (c) => list(c, deps, kind));
  app.post(collection, (c) => create(c, deps, kind));
  app.post(`${collection}/lint`, (c) => lint(c, deps, kind));
  app.get(`${collection}/:name`, (c) => get(c, deps, kind));
  app.put(`${collection}/:name`, (c) => update(c, deps, kind));
  app.delete(`${collection}/:name`, (c) => remove(c, deps, kind));
  if (kind.kind === "CronWorkflow") {
    app.put(`${collection}/:name/suspend`, (c) => setSuspend(c, deps, kind, true));
    app.put(`${collection}/:name/resume`, (c) => setSuspend(c, deps, kind, false));
  }
}

export const templateKinds: ResourceKind[] = [
  { kind: "WorkflowTemplate", base: "/api/v1/workflow-templates", namespaced: true, field: "template" },
  {
    kind: "ClusterWorkflowTemplate",
    base: "/api/v1/cluster-workflow-templates",
    namespaced: false,
    field: "template",
  },
  { kind: "CronWorkflow", base: "/api/v1/cron-workflows", namespaced: true, field: "cronWorkflow" },
];
