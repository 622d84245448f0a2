/**
 * create / get / list / update / delete on the `objects` table. Each write is one transaction that
 * takes the next global resourceVersion; a Workflow's nodes go to `workflow_nodes` (see `splitNodes`).
 */
import { randomUUID } from "node:crypto";
import type BetterSqlite3 from "better-sqlite3";
import type { NodeStatus } from "../../spec/types.js";
import { conflict, notFound } from "../../util/errors.js";
import {
  keyForCreate,
  keyOf,
  matchesLabels,
  nodeIdOf,
  type ObjectKey,
  rfc3339Seconds,
  splitNodes,
  toJson,
  WORKFLOW_KIND,
} from "../object-meta.js";
import type { ListOptions, StorableObject, StoredObject } from "../types.js";
import type { ObjectRow, Statements } from "./statements.js";

/** What every operation of one store shares. */
export interface StoreContext {
  db: BetterSqlite3.Database;
  st: Statements;
  now: () => Date;
}

/** Rebuilds an object from its row; the columns, not the body, are the truth for resourceVersion and a Workflow's status. */
export function objectFromRow(row: ObjectRow): StoredObject {
  const obj = JSON.parse(row.body_json) as StoredObject;
  obj.metadata.resourceVersion = String(row.resource_version);
  if (row.status_json !== null) (obj as { status?: unknown }).status = JSON.parse(row.status_json);
  return obj;
}

/**
 * The `body_json` and `status_json` to store: a Workflow's status goes to its own column (what a
 * commit rewrites), any other object stays whole in the body.
 */
function bodyColumns(key: ObjectKey, body: StoredObject): [body: string, status: string | null] {
  const { status, ...rest } = body as StoredObject & { status?: unknown };
  if (key.kind !== WORKFLOW_KIND || status === undefined) return [toJson(body, key.kind), null];
  return [toJson(rest, key.kind), toJson(status, `status of ${describe(key)}`)];
}

/** Inserts a new object; `Conflict` when its key exists. */
export function createObject(ctx: StoreContext, input: StorableObject): StoredObject {
  const key = keyForCreate(input);
  const rv = ctx.st.nextResourceVersion.get()!;
  const metadata = {
    ...input.metadata,
    name: key.name,
    uid: randomUUID(),
    creationTimestamp: rfc3339Seconds(ctx.now()),
    resourceVersion: String(rv),
  };
  const { body, nodes } = splitNodes({ ...input, metadata });
  const inserted = ctx.st.insertObject.run(
    key.kind,
    key.namespace,
    key.name,
    metadata.uid,
    rv,
    toJson(metadata.labels ?? {}, "labels"),
    ...bodyColumns(key, body),
    metadata.creationTimestamp,
  );
  if (inserted.changes === 0) throw conflict(`${describe(key)} already exists`);
  if (nodes) writeNodes(ctx, key, nodes);
  return body;
}

/** The stored object, or undefined. */
export function getObject(ctx: StoreContext, key: ObjectKey): StoredObject | undefined {
  const row = ctx.st.getObject.get(key.kind, key.namespace, key.name);
  return row ? objectFromRow(row) : undefined;
}

/** Objects of a kind, in one namespace or all, ordered by namespace then name. */
export function listObjects(
  ctx: StoreContext,
  query: { kind: string; namespace?: string; options?: ListOptions },
): StoredObject[] {
  const rows =
    query.namespace === undefined
      ? ctx.st.listAll.all(query.kind)
      : ctx.st.listInNamespace.all(query.kind, query.namespace);
  // Label selection happens here, on the small labels column, before the body is parsed.
  const selector = query.options?.labels;
  return rows
    .filter((row) => !selector || matchesLabels(JSON.parse(row.labels_json), selector))
    .map(objectFromRow);
}

/**
 * Replaces a stored object. `uid` and `creationTimestamp` stay those of the stored object. A
 * Workflow's node rows are replaced only when the given status carries `nodes`.
 */
export function updateObject(ctx: StoreContext, input: StorableObject, expected?: string): StoredObject {
  const key = keyOf(input);
  const stored = getObject(ctx, key);
  if (!stored) throw notFound(describe(key));
  if (expected !== undefined && expected !== stored.metadata.resourceVersion) {
    throw conflict(
      `${describe(key)} was modified: resourceVersion is ${stored.metadata.resourceVersion}, expected ${expected}`,
    );
  }
  const rv = ctx.st.nextResourceVersion.get()!;
  const metadata = {
    ...input.metadata,
    uid: stored.metadata.uid,
    creationTimestamp: stored.metadata.creationTimestamp,
    resourceVersion: String(rv),
  };
  const { body, nodes } = splitNodes({ ...input, metadata });
  const labels = toJson(metadata.labels ?? {}, "labels");
  ctx.st.replaceObject.run(rv, labels, ...bodyColumns(key, body), key.kind, key.namespace, key.name);
  if (nodes) {
    ctx.st.deleteNodes.run(key.namespace, key.name);
    writeNodes(ctx, key, nodes);
  }
  return body;
}

/** Deletes an object and, for a Workflow, its nodes and pending actions. */
export function deleteObject(ctx: StoreContext, key: ObjectKey): boolean {
  const deleted = ctx.st.deleteObject.run(key.kind, key.namespace, key.name).changes > 0;
  if (deleted && key.kind === WORKFLOW_KIND) {
    ctx.st.deleteNodes.run(key.namespace, key.name);
    ctx.st.deleteActions.run(key.namespace, key.name);
  }
  return deleted;
}

/** Upserts node rows of a workflow. */
export function writeNodes(ctx: StoreContext, workflow: ObjectKey, nodes: readonly NodeStatus[]): void {
  for (const node of nodes) {
    const id = nodeIdOf(node);
    ctx.st.upsertNode.run(workflow.namespace, workflow.name, id, toJson(node, `node ${id}`));
  }
}

/** `Workflow default/hello`, or `ClusterWorkflowTemplate x` for cluster-scoped objects. */
export function describe(key: ObjectKey): string {
  return key.namespace ? `${key.kind} ${key.namespace}/${key.name}` : `${key.kind} ${key.name}`;
}
