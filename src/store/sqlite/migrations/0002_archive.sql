-- The workflow archive: copies of finished workflows, kept after the live object is deleted.
-- Applied once, inside a transaction, by migrate.ts.

-- One row per archived workflow, keyed by uid (an uid archived again replaces its row). Times are
-- epoch milliseconds so ranges compare as numbers whatever the ISO spelling was. `workflow_json`
-- is the workflow without `status.nodes`, which is all a list needs; the nodes, the bulk of a big
-- workflow, are gzip-compressed JSON in `nodes_gz` (NULL when it had none).
CREATE TABLE archived_workflows (
  uid TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  phase TEXT NOT NULL,
  started_at INTEGER,
  finished_at INTEGER,
  created_at INTEGER,
  workflow_json TEXT NOT NULL,
  nodes_gz BLOB
);
-- The list is newest first (started_at, name, uid all descending), in all namespaces or one.
CREATE INDEX archived_workflows_by_start ON archived_workflows (started_at, name, uid);
CREATE INDEX archived_workflows_by_namespace ON archived_workflows (namespace, started_at, name, uid);
-- archiveTTL deletes by finish time.
CREATE INDEX archived_workflows_by_finish ON archived_workflows (finished_at);

-- Labels of archived workflows, one row per pair, so label equality is an indexed lookup.
CREATE TABLE archived_workflow_labels (
  uid TEXT NOT NULL REFERENCES archived_workflows (uid) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (uid, name)
);
CREATE INDEX archived_workflow_labels_by_pair ON archived_workflow_labels (name, value);
