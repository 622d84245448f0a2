/**
 * The workflow archive on SQLite (tables of 0002_archive.sql). A list reads only the small
 * `workflow_json` column; the nodes stay compressed until one archived workflow is asked for.
 * Filters run in SQL over indexed columns, labels through the one-row-per-pair label table.
 */
import { gunzipSync, gzipSync } from "node:zlib";
import type BetterSqlite3 from "better-sqlite3";
import type { NodeStatus, Workflow } from "../../spec/types.js";
import { type ArchiveRecord, archiveRecord, checkListOptions, parseTime } from "../archive-meta.js";
import type { ArchiveListOptions } from "../types.js";
import type { StoreContext } from "./object-ops.js";

/** A record ready to write: the nodes already compressed, so the write lock is not held for it. */
export interface ArchiveRow extends ArchiveRecord {
  nodesGz: Buffer | null;
}

/** Checks and compresses a workflow for the archive; call outside the transaction. */
export function archiveRow(workflow: Workflow): ArchiveRow {
  const record = archiveRecord(workflow);
  return { ...record, nodesGz: record.nodesJson === undefined ? null : gzipSync(record.nodesJson) };
}

/** Writes (or replaces) one archived workflow and its labels; must run inside a transaction. */
export function writeArchived(ctx: StoreContext, row: ArchiveRow): void {
  ctx.st.deleteArchived.run(row.uid);
  ctx.st.insertArchived.run(
    row.uid,
    row.namespace,
    row.name,
    row.phase,
    row.startedAt,
    row.finishedAt,
    row.createdAt,
    row.workflowJson,
    row.nodesGz,
  );
  for (const [name, value] of Object.entries(row.labels)) {
    ctx.st.insertArchivedLabel.run(row.uid, name, String(value));
  }
}

/** Archived workflows without nodes, newest first (started_at, then name and uid, descending). */
export function listArchived(ctx: StoreContext, options?: ArchiveListOptions): Workflow[] {
  const o = checkListOptions(options);
  const where: string[] = [];
  const args: (string | number)[] = [];
  if (o.namespace) {
    where.push("a.namespace = ?");
    args.push(o.namespace);
  }
  if (o.namePrefix) {
    // Not LIKE: SQLite's LIKE ignores ASCII case and treats % and _ as wildcards.
    where.push("substr(a.name, 1, length(?)) = ?");
    args.push(o.namePrefix, o.namePrefix);
  }
  if (o.startedAfter !== undefined) {
    where.push("a.started_at >= ?");
    args.push(parseTime(o.startedAfter, "startedAfter"));
  }
  if (o.startedBefore !== undefined) {
    where.push("a.started_at <= ?");
    args.push(parseTime(o.startedBefore, "startedBefore"));
  }
  for (const [name, value] of Object.entries(o.labels ?? {})) {
    where.push(
      "EXISTS (SELECT 1 FROM archived_workflow_labels l WHERE l.uid = a.uid AND l.name = ? AND l.value = ?)",
    );
    args.push(name, value);
  }
  const sql = `SELECT a.workflow_json FROM archived_workflows a
    ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY a.started_at DESC, a.name DESC, a.uid DESC LIMIT ? OFFSET ?`;
  args.push(o.limit ? o.limit : -1, o.offset ?? 0);
  const rows = cached(ctx.db, sql).all(...args) as string[];
  return rows.map((json) => JSON.parse(json) as Workflow);
}

/** One archived workflow with its nodes, or undefined. */
export function getArchived(ctx: StoreContext, uid: string): Workflow | undefined {
  const row = ctx.st.getArchived.get(uid);
  if (!row) return undefined;
  const workflow = JSON.parse(row.workflow_json) as Workflow;
  if (row.nodes_gz) {
    const nodes = JSON.parse(gunzipSync(row.nodes_gz).toString("utf8")) as Record<string, NodeStatus>;
    workflow.status = { ...workflow.status, nodes };
  }
  return workflow;
}

/** Deletes one archived workflow; false when none has this uid. */
export function deleteArchived(ctx: StoreContext, uid: string): boolean {
  return ctx.st.deleteArchived.run(uid).changes > 0;
}

/** Deletes archived workflows that finished before the time; how many. A copy without finishedAt stays. */
export function deleteArchivedBefore(ctx: StoreContext, isoTime: string): number {
  return ctx.st.deleteArchivedFinishedBefore.run(parseTime(isoTime, "archive cut-off time")).changes;
}

// List queries differ only by which filters are set (a few dozen shapes), so each is prepared once.
const listStatements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();

function cached(db: BetterSqlite3.Database, sql: string): BetterSqlite3.Statement {
  const byText = listStatements.get(db) ?? new Map<string, BetterSqlite3.Statement>();
  listStatements.set(db, byText);
  const statement = byText.get(sql) ?? db.prepare(sql).pluck();
  byText.set(sql, statement);
  return statement;
}
