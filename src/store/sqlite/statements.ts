/**
 * Every SQL statement the store runs, prepared once per store: preparing is the costly part of a
 * small query, and a commit of thousands of nodes reuses one statement thousands of times.
 */
import type BetterSqlite3 from "better-sqlite3";

/** An `objects` row as read back. */
export interface ObjectRow {
  resource_version: number;
  labels_json: string;
  body_json: string;
  /** A Workflow's status (without nodes); NULL when the status, if any, is inside `body_json`. */
  status_json: string | null;
}

/** A `workflow_actions` row as read back. */
export interface ActionRow {
  action_id: string;
  kind: string;
  payload_json: string;
}

/** An `archived_workflows` row as read back for a get. */
export interface ArchivedRow {
  workflow_json: string;
  nodes_gz: Buffer | null;
}

type Key = [kind: string, namespace: string, name: string];
type WorkflowKey = [namespace: string, workflow: string];

/** Prepares the statements of one store. */
export function prepareStatements(db: BetterSqlite3.Database) {
  return {
    nextResourceVersion: db
      .prepare<[], number>(
        "UPDATE resource_version_counter SET value = value + 1 WHERE id = 1 RETURNING value",
      )
      .pluck(),

    getObject: db.prepare<Key, ObjectRow>(
      `SELECT resource_version, labels_json, body_json, status_json FROM objects
       WHERE kind = ? AND namespace = ? AND name = ?`,
    ),
    getVersion: db
      .prepare<Key, number>(
        "SELECT resource_version FROM objects WHERE kind = ? AND namespace = ? AND name = ?",
      )
      .pluck(),
    listAll: db.prepare<[kind: string], ObjectRow>(
      `SELECT resource_version, labels_json, body_json, status_json FROM objects
       WHERE kind = ? ORDER BY namespace, name`,
    ),
    listInNamespace: db.prepare<[kind: string, namespace: string], ObjectRow>(
      `SELECT resource_version, labels_json, body_json, status_json FROM objects
       WHERE kind = ? AND namespace = ? ORDER BY name`,
    ),
    insertObject: db.prepare<
      [
        kind: string,
        namespace: string,
        name: string,
        uid: string,
        rv: number,
        labels: string,
        body: string,
        status: string | null,
        at: string,
      ]
    >(
      `INSERT INTO objects (kind, namespace, name, uid, resource_version, labels_json, body_json, status_json, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    replaceObject: db.prepare<[rv: number, labels: string, body: string, status: string | null, ...Key]>(
      `UPDATE objects SET resource_version = ?, labels_json = ?, body_json = ?, status_json = ?
       WHERE kind = ? AND namespace = ? AND name = ?`,
    ),
    // Only the status column: the body (spec included, possibly megabytes) is not rewritten.
    setWorkflowStatus: db.prepare<[status: string, rv: number, namespace: string, name: string]>(
      `UPDATE objects SET status_json = ?, resource_version = ?
       WHERE kind = 'Workflow' AND namespace = ? AND name = ?`,
    ),
    setWorkflowLabels: db.prepare<[labels: string, labelsAgain: string, namespace: string, name: string]>(
      `UPDATE objects SET body_json = json_set(body_json, '$.metadata.labels', json(?)), labels_json = ?
       WHERE kind = 'Workflow' AND namespace = ? AND name = ?`,
    ),
    deleteObject: db.prepare<Key>("DELETE FROM objects WHERE kind = ? AND namespace = ? AND name = ?"),

    upsertNode: db.prepare<[namespace: string, workflow: string, nodeId: string, body: string]>(
      `INSERT INTO workflow_nodes (namespace, workflow, node_id, body_json) VALUES (?, ?, ?, ?)
       ON CONFLICT (namespace, workflow, node_id) DO UPDATE SET body_json = excluded.body_json`,
    ),
    listNodes: db
      .prepare<WorkflowKey, string>(
        "SELECT body_json FROM workflow_nodes WHERE namespace = ? AND workflow = ? ORDER BY node_id",
      )
      .pluck(),
    deleteNodes: db.prepare<WorkflowKey>("DELETE FROM workflow_nodes WHERE namespace = ? AND workflow = ?"),

    maxActionSeq: db
      .prepare<WorkflowKey, number>(
        "SELECT coalesce(max(created_seq), 0) FROM workflow_actions WHERE namespace = ? AND workflow = ?",
      )
      .pluck(),
    insertAction: db.prepare<
      [namespace: string, workflow: string, actionId: string, kind: string, payload: string, seq: number]
    >(
      `INSERT INTO workflow_actions (namespace, workflow, action_id, kind, payload_json, created_seq)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    ),
    listActions: db.prepare<WorkflowKey, ActionRow>(
      `SELECT action_id, kind, payload_json FROM workflow_actions
       WHERE namespace = ? AND workflow = ? ORDER BY created_seq`,
    ),
    deleteAction: db.prepare<[namespace: string, workflow: string, actionId: string]>(
      "DELETE FROM workflow_actions WHERE namespace = ? AND workflow = ? AND action_id = ?",
    ),
    deleteActions: db.prepare<WorkflowKey>(
      "DELETE FROM workflow_actions WHERE namespace = ? AND workflow = ?",
    ),

    // The archive (0002_archive.sql). Deleting a row deletes its labels (ON DELETE CASCADE).
    insertArchived: db.prepare<
      [
        uid: string,
        namespace: string,
        name: string,
        phase: string,
        startedAt: number | null,
        finishedAt: number | null,
        createdAt: number | null,
        workflow: string,
        nodes: Buffer | null,
      ]
    >(
      `INSERT INTO archived_workflows
         (uid, namespace, name, phase, started_at, finished_at, created_at, workflow_json, nodes_gz)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    insertArchivedLabel: db.prepare<[uid: string, name: string, value: string]>(
      "INSERT INTO archived_workflow_labels (uid, name, value) VALUES (?, ?, ?)",
    ),
    getArchived: db.prepare<[uid: string], ArchivedRow>(
      "SELECT workflow_json, nodes_gz FROM archived_workflows WHERE uid = ?",
    ),
    deleteArchived: db.prepare<[uid: string]>("DELETE FROM archived_workflows WHERE uid = ?"),
    deleteArchivedFinishedBefore: db.prepare<[beforeMs: number]>(
      "DELETE FROM archived_workflows WHERE finished_at < ?",
    ),
  };
}

/** The prepared statements of one store. */
export type Statements = ReturnType<typeof prepareStatements>;
