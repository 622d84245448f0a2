/**
 * `/api/v1/archived-workflows`: Argo's ArchivedWorkflowService over the store's archive. Lists take
 * the same selectors as the workflow list (namespace from `namespace=` or the field selector,
 * `namePrefix`); `continue` is an offset. Retrying an archived workflow puts it back among the live
 * ones and retries it; resubmitting submits a new workflow with its spec.
 */
import type { Context, Hono } from "hono";
import { applySubmitOptions } from "../../controller/prepare.js";
import type { Workflow } from "../../spec/types.js";
import type { ArchiveListOptions, StoredObject } from "../../store/types.js";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { ApiError, GrpcCode } from "../errors.js";
import { jsonWithFields, queryOf, readBody, stringField, stringList } from "../http.js";
import { equalityLabels } from "../label-selector.js";
import { compareWorkflows, matchesQuery, parseListQuery } from "../list-options.js";
import { ARCHIVING_STATUS_LABEL } from "../workflow-list.js";

async function list(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const params = queryOf(c);
  const q = parseListQuery(params, params.namespace ?? "");
  if (params.namePrefix) {
    q.name = params.namePrefix;
    q.nameFilter = "Prefix";
  }
  authorize(c, q.namespaceNot ? ALL_NAMESPACES : q.namespace, "read");
  const options: ArchiveListOptions = {};
  if (q.namespace && !q.namespaceNot) options.namespace = q.namespace;
  const labels = equalityLabels(q.labels);
  if (labels) options.labels = labels;
  if (q.name && q.nameFilter !== "Contains" && q.nameFilter !== "NotEquals") options.namePrefix = q.name;
  const all = (await deps.store.listArchivedWorkflows(options)).filter((w) => matchesQuery(q, w));
  const items = q.limit > 0 ? all.slice(q.offset, q.offset + q.limit) : all.slice(q.offset);
  const metadata: { continue?: string; remainingItemCount?: number } = {};
  if (q.offset + items.length < all.length) metadata.continue = String(q.offset + items.length);
  if (q.showRemainingItemCount) metadata.remainingItemCount = all.length - q.offset - items.length;
  items.sort(compareWorkflows);
  return jsonWithFields(c, { metadata, items: items.length ? items : null });
}

async function archived(c: Context<ServerEnv>, deps: ServerDeps, verb: "read" | "write"): Promise<Workflow> {
  const wf = await deps.store.getArchivedWorkflow(c.req.param("uid") ?? "");
  if (!wf) throw new ApiError(GrpcCode.NotFound, "not found");
  authorize(c, wf.metadata.namespace ?? "", verb);
  return wf;
}

async function retry(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const wf = await archived(c, deps, "write");
  const body = await readBody(c);
  const { namespace = "", name = "" } = wf.metadata;
  if (await deps.store.get("Workflow", namespace, name)) {
    throw new ApiError(
      GrpcCode.AlreadyExists,
      "Workflow already exists on cluster, use argo retry {name} instead",
    );
  }
  const { uid: _uid, resourceVersion: _rv, ...metadata } = wf.metadata;
  if (metadata.labels) {
    const { [ARCHIVING_STATUS_LABEL]: _archived, ...labels } = metadata.labels;
    metadata.labels = labels;
  }
  await deps.store.create({ ...wf, metadata } as unknown as StoredObject);
  const nodeFieldSelector = stringField(body, "nodeFieldSelector");
  return c.json(
    await deps.controller.retry(namespace, name, {
      restartSuccessful: body.restartSuccessful === true,
      parameters: stringList(body, "parameters"),
      ...(nodeFieldSelector ? { nodeFieldSelector } : {}),
    }),
  );
}

/** Labels the controller sets, which a resubmitted workflow must not inherit. */
const ownLabel = (k: string) => k.startsWith("workflows.argoproj.io/");

async function resubmit(c: Context<ServerEnv>, deps: ServerDeps): Promise<Response> {
  const wf = await archived(c, deps, "write");
  const body = await readBody(c);
  const { namespace = "", name = "" } = wf.metadata;
  const parameters = stringList(body, "parameters");
  if (await deps.store.get("Workflow", namespace, name)) {
    return c.json(
      await deps.controller.resubmit(namespace, name, { memoized: body.memoized === true, parameters }),
    );
  }
  const labels = Object.fromEntries(Object.entries(wf.metadata.labels ?? {}).filter(([k]) => !ownLabel(k)));
  const fresh: Workflow = applySubmitOptions(
    {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        generateName: wf.metadata.generateName ?? `${name}-`,
        namespace,
        labels: { ...labels, "workflows.argoproj.io/resubmitted-from-workflow": name },
        ...(wf.metadata.annotations ? { annotations: wf.metadata.annotations } : {}),
      },
      spec: structuredClone(wf.spec),
    },
    { parameters, namespace },
  );
  delete fresh.metadata.name;
  return c.json(await deps.controller.submit(fresh));
}

/** `…-label-keys` (every label key) and `…-label-values?listOptions.labelSelector=<key>` (its values). */
async function labelsOf(c: Context<ServerEnv>, deps: ServerDeps, want: "keys" | "values"): Promise<Response> {
  const namespace = c.req.query("namespace") ?? "";
  authorize(c, namespace, "read");
  const key = (c.req.query("listOptions.labelSelector") ?? "").trim();
  const found = new Set<string>();
  for (const wf of await deps.store.listArchivedWorkflows(namespace ? { namespace } : {})) {
    const labels = wf.metadata.labels ?? {};
    if (want === "keys") for (const k of Object.keys(labels)) found.add(k);
    else if (key && Object.hasOwn(labels, key)) found.add(labels[key] ?? "");
  }
  return c.json({ items: found.size ? [...found].sort() : null });
}

export function registerArchiveRoutes(app: Hono<ServerEnv>, deps: ServerDeps): void {
  const base = "/api/v1/archived-workflows";
  app.get("/api/v1/archived-workflows-label-keys", (c) => labelsOf(c, deps, "keys"));
  app.get("/api/v1/archived-workflows-label-values", (c) => labelsOf(c, deps, "values"));
  app.get(base, (c) => list(c, deps));
  app.get(`${base}/`, (c) => list(c, deps));
  app.get(`${base}/:uid`, async (c) => jsonWithFields(c, await archived(c, deps, "read")));
  app.delete(`${base}/:uid`, async (c) => {
    const wf = await archived(c, deps, "write");
    await deps.store.deleteArchivedWorkflow(wf.metadata.uid ?? "");
    return c.json({});
  });
  app.put(`${base}/:uid/retry`, (c) => retry(c, deps));
  app.put(`${base}/:uid/resubmit`, (c) => resubmit(c, deps));
}
