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

/** A consumer's subject as stored (0004_event_bus.sql). */
export interface BusSubjectRow {
  subject: string;
  from_seq: number;
}

/** A per-subject pruning watermark: every consumer of `subject` is done up to `upto`. */
export interface BusWatermarkRow {
  subject: string;
  upto: number;
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

    // The embedded event bus (0004_event_bus.sql); see bus-ops.ts.
    busLastSeq: db
      .prepare<[stream: string], number>("SELECT last_seq FROM bus_streams WHERE stream = ?")
      .pluck(),
    busNextSeq: db
      .prepare<[stream: string], number>(
        `INSERT INTO bus_streams (stream, last_seq) VALUES (?, 1)
         ON CONFLICT (stream) DO UPDATE SET last_seq = last_seq + 1 RETURNING last_seq`,
      )
      .pluck(),
    busDedupeSeq: db
      .prepare<[stream: string, source: string, id: string, now: number], number>(
        `SELECT seq FROM bus_dedupe
         WHERE stream = ? AND source = ? AND event_id = ? AND expires_at > ?`,
      )
      .pluck(),
    busPutDedupe: db.prepare<[stream: string, source: string, id: string, seq: number, expiresAt: number]>(
      `INSERT INTO bus_dedupe (stream, source, event_id, seq, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (stream, source, event_id) DO UPDATE SET seq = excluded.seq, expires_at = excluded.expires_at`,
    ),
    busInsertEvent: db.prepare<
      [stream: string, seq: number, subject: string, source: string, id: string, at: number, body: string]
    >(
      `INSERT INTO bus_events (stream, seq, subject, source, event_id, published_at, body)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ),
    busReadSubject: db.prepare<
      [stream: string, subject: string, afterSeq: number, limit: number],
      { seq: number; body: string }
    >(
      `SELECT seq, body FROM bus_events
       WHERE stream = ? AND subject = ? AND seq > ? ORDER BY seq LIMIT ?`,
    ),
    busConsumerCursor: db
      .prepare<[stream: string, consumer: string], number>(
        "SELECT acked_seq FROM bus_consumers WHERE stream = ? AND consumer = ?",
      )
      .pluck(),
    busInsertConsumer: db.prepare<[stream: string, consumer: string, ackedSeq: number]>(
      "INSERT INTO bus_consumers (stream, consumer, acked_seq) VALUES (?, ?, ?)",
    ),
    busAck: db.prepare<[seq: number, stream: string, consumer: string]>(
      "UPDATE bus_consumers SET acked_seq = max(acked_seq, ?) WHERE stream = ? AND consumer = ?",
    ),
    busDeleteConsumer: db.prepare<[stream: string, consumer: string]>(
      "DELETE FROM bus_consumers WHERE stream = ? AND consumer = ?",
    ),
    busConsumerSubjects: db.prepare<[stream: string, consumer: string], BusSubjectRow>(
      "SELECT subject, from_seq FROM bus_consumer_subjects WHERE stream = ? AND consumer = ?",
    ),
    busInsertConsumerSubject: db.prepare<
      [stream: string, consumer: string, subject: string, fromSeq: number]
    >("INSERT INTO bus_consumer_subjects (stream, consumer, subject, from_seq) VALUES (?, ?, ?, ?)"),
    busDeleteConsumerSubject: db.prepare<[stream: string, consumer: string, subject: string]>(
      "DELETE FROM bus_consumer_subjects WHERE stream = ? AND consumer = ? AND subject = ?",
    ),
    busDeleteOlderThan: db.prepare<[stream: string, before: number]>(
      "DELETE FROM bus_events WHERE stream = ? AND published_at < ?",
    ),
    // A consumer has nothing left of a subject up to max(its cursor, when it added the subject).
    busWatermarks: db.prepare<[stream: string], BusWatermarkRow>(
      `SELECT s.subject AS subject, min(max(c.acked_seq, s.from_seq)) AS upto
       FROM bus_consumer_subjects s
       JOIN bus_consumers c ON c.stream = s.stream AND c.consumer = s.consumer
       WHERE s.stream = ? GROUP BY s.subject`,
    ),
    busDeleteUpTo: db.prepare<[stream: string, subject: string, upto: number]>(
      "DELETE FROM bus_events WHERE stream = ? AND subject = ? AND seq <= ?",
    ),
    busDeleteUnread: db.prepare<[stream: string]>(
      `DELETE FROM bus_events WHERE stream = ? AND NOT EXISTS (
         SELECT 1 FROM bus_consumer_subjects s
         WHERE s.stream = bus_events.stream AND s.subject = bus_events.subject)`,
    ),
    busDeleteExpiredDedupe: db.prepare<[stream: string, now: number]>(
      "DELETE FROM bus_dedupe WHERE stream = ? AND expires_at <= ?",
    ),
    busCountEvents: db
      .prepare<[stream: string], number>("SELECT count(*) FROM bus_events WHERE stream = ?")
      .pluck(),
    busListConsumers: db.prepare<[stream: string], { consumer: string; acked_seq: number }>(
      "SELECT consumer, acked_seq FROM bus_consumers WHERE stream = ? ORDER BY consumer",
    ),
    busListSubjects: db.prepare<[stream: string], { consumer: string; subject: string }>(
      "SELECT consumer, subject FROM bus_consumer_subjects WHERE stream = ? ORDER BY consumer, subject",
    ),

    // Key-value state (0004_event_bus.sql).
    kvGet: db
      .prepare<[bucket: string, key: string], string>(
        "SELECT value FROM kv_entries WHERE bucket = ? AND key = ?",
      )
      .pluck(),
    kvPut: db.prepare<[bucket: string, key: string, value: string]>(
      `INSERT INTO kv_entries (bucket, key, value) VALUES (?, ?, ?)
       ON CONFLICT (bucket, key) DO UPDATE SET value = excluded.value`,
    ),
    kvDelete: db.prepare<[bucket: string, key: string]>(
      "DELETE FROM kv_entries WHERE bucket = ? AND key = ?",
    ),
    // A key prefix is a range of the primary key: [prefix, the next string after every prefix+…).
    kvListFrom: db.prepare<[bucket: string, from: string], { key: string; value: string }>(
      "SELECT key, value FROM kv_entries WHERE bucket = ? AND key >= ? ORDER BY key",
    ),
    kvListRange: db.prepare<[bucket: string, from: string, to: string], { key: string; value: string }>(
      "SELECT key, value FROM kv_entries WHERE bucket = ? AND key >= ? AND key < ? ORDER BY key",
    ),
  };
}

/** The prepared statements of one store. */
export type Statements = ReturnType<typeof prepareStatements>;
