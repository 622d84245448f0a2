-- A Workflow's status (without nodes) gets its own column. A commit used to rewrite it inside
-- body_json with json_set, which re-parses and rewrites the whole row, spec included: with a
-- 10,000-task DAG that is a megabyte per commit. Now a commit writes only this column.
-- NULL (other kinds, and workflows written before this migration) means: the status is in body_json.
-- Applied once, inside a transaction, by migrate.ts.
ALTER TABLE objects ADD COLUMN status_json TEXT;
