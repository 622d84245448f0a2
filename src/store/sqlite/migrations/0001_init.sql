-- Initial schema. Applied once, inside a transaction, by migrate.ts.

-- One global counter: every write takes the next value as the object's resourceVersion.
CREATE TABLE resource_version_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
);
INSERT INTO resource_version_counter (id, value) VALUES (1, 0);

-- Every kind. A Workflow's body holds metadata, spec and status without nodes. The primary key's
-- index (kind, namespace, name) serves list by kind, and by kind + namespace, as a range scan.
CREATE TABLE objects (
  kind TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  uid TEXT NOT NULL UNIQUE,
  resource_version INTEGER NOT NULL,
  labels_json TEXT NOT NULL DEFAULT '{}',
  body_json TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)
);

-- One row per node, so a commit writes only the nodes that changed.
CREATE TABLE workflow_nodes (
  namespace TEXT NOT NULL,
  workflow TEXT NOT NULL,
  node_id TEXT NOT NULL,
  body_json TEXT NOT NULL,
  PRIMARY KEY (namespace, workflow, node_id)
);

-- Actions recorded by a commit and not yet completed; created_seq orders them per workflow.
CREATE TABLE workflow_actions (
  namespace TEXT NOT NULL,
  workflow TEXT NOT NULL,
  action_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  created_seq INTEGER NOT NULL,
  PRIMARY KEY (namespace, workflow, action_id)
);
CREATE INDEX workflow_actions_by_seq ON workflow_actions (namespace, workflow, created_seq);
