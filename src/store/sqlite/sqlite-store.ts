/**
 * The embedded Store: one better-sqlite3 connection in WAL mode. Calls are synchronous underneath;
 * the Promise API is the shared contract. Every write runs in one `BEGIN IMMEDIATE` transaction.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import type { Workflow } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import type {
  ArchiveListOptions,
  BusEventInput,
  BusEventRecord,
  BusPublishOptions,
  BusPublishResult,
  BusStreamInfo,
  KeyValueEntry,
  ListOptions,
  PendingAction,
  StorableObject,
  Store,
  StoredObject,
  WatchEvent,
  WatchListener,
  WorkflowCommit,
} from "../types.js";
import * as archive from "./archive-ops.js";
import * as bus from "./bus-ops.js";
import { loadMigrations, migrationsDir, runMigrations } from "./migrate.js";
import {
  createObject,
  deleteObject,
  getObject,
  listObjects,
  type StoreContext,
  updateObject,
} from "./object-ops.js";
import { prepareStatements } from "./statements.js";
import * as workflows from "./workflow-ops.js";

/** Options of {@link openSqliteStore}. */
export interface SqliteStoreOptions {
  /** A database file (created when missing) or `":memory:"` for a private, throw-away store. */
  path: string;
  /** Milliseconds to wait for another process's write lock before failing. @default 5000 */
  busyTimeoutMs?: number;
  /** The clock for `creationTimestamp`. @default () => new Date() */
  now?: () => Date;
}

/**
 * Opens (creating and migrating when needed) a SQLite store.
 * `synchronous=NORMAL` in WAL mode survives a process crash intact; a power loss may drop the last
 * few commits but never corrupts the file or splits a commit.
 */
export function openSqliteStore(options: SqliteStoreOptions): Store {
  // A first run has no ARGOSY_HOME yet; SQLite creates the file but not its folder.
  if (options.path !== ":memory:") mkdirSync(dirname(resolve(options.path)), { recursive: true });
  const db = new Database(options.path);
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = NORMAL");
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs ?? 5000))}`);
    db.pragma("foreign_keys = ON");
    runMigrations(db, loadMigrations(migrationsDir()));
    return new SqliteStore({ db, st: prepareStatements(db), now: options.now ?? (() => new Date()) });
  } catch (e) {
    db.close();
    throw e;
  }
}

class SqliteStore implements Store {
  private readonly tx;
  private readonly watchers = new Map<string, Set<WatchListener>>();
  /**
   * Completed actions not yet deleted. A completion is a write of its own, one per pod; batching
   * them into the next write transaction (or a flush one tick later) saves that commit. Every
   * write and every read of pending actions deletes them first, in order, so no caller of this
   * store can tell; a crash before the flush leaves them pending, and repeating an action is safe.
   */
  private completions: [namespace: string, name: string, id: string][] = [];
  private flushScheduled = false;

  constructor(private readonly ctx: StoreContext) {
    const { db } = ctx;
    const flushed =
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A): R => {
        const batch = this.deleteCompleted();
        try {
          return fn(...args);
        } catch (e) {
          // The transaction rolls back, these deletes with it: they wait for the next write.
          this.completions = [...batch, ...this.completions];
          throw e;
        }
      };
    // Writers take the lock up front (IMMEDIATE) so a read-then-write never fails mid-way with BUSY.
    this.tx = {
      create: db.transaction(flushed((obj: StorableObject) => createObject(ctx, obj))),
      update: db.transaction(flushed((obj: StorableObject, rv?: string) => updateObject(ctx, obj, rv))),
      delete: db.transaction(
        flushed((kind: string, ns: string, name: string) => {
          const before = getObject(ctx, { kind, namespace: ns, name });
          return deleteObject(ctx, { kind, namespace: ns, name }) ? before : undefined;
        }),
      ),
      commit: db.transaction(flushed((c: WorkflowCommit) => workflows.commitWorkflow(ctx, c))),
      completions: db.transaction(flushed(() => undefined)),
      // A read transaction gives the object row and its node rows from one snapshot.
      getWorkflow: db.transaction((ns: string, name: string) => workflows.getWorkflow(ctx, ns, name)),
      archive: db.transaction((row: archive.ArchiveRow) => archive.writeArchived(ctx, row)),
      // The event bus: every write takes the lock up front, so sequences follow commit order.
      busPublish: db.transaction(
        (stream: string, event: BusEventInput, o: { dedupeWindowMs: number; now: number }) =>
          bus.busPublish(ctx, stream, event, o),
      ),
      busRegister: db.transaction((stream: string, consumer: string, subjects: string[]) =>
        bus.busRegisterConsumer(ctx, stream, consumer, subjects),
      ),
      busRead: db.transaction((stream: string, consumer: string, subjects: string[], limit: number) =>
        bus.busRead(ctx, stream, consumer, subjects, limit),
      ),
      busAck: db.transaction((stream: string, consumer: string, seq: number) =>
        bus.busAck(ctx, stream, consumer, seq),
      ),
      busPrune: db.transaction((stream: string, olderThanMs: number, now: number) =>
        bus.busPrune(ctx, stream, olderThanMs, now),
      ),
      busStreamInfo: db.transaction((stream: string) => bus.busStreamInfo(ctx, stream)),
    };
  }

  async create<T extends StorableObject = StoredObject>(obj: T): Promise<T> {
    const created = this.tx.create.immediate(obj);
    this.emit("ADDED", created);
    return created as unknown as T;
  }

  async get<T extends StorableObject = StoredObject>(
    kind: string,
    namespace: string,
    name: string,
  ): Promise<T | undefined> {
    return getObject(this.ctx, { kind, namespace, name }) as unknown as T | undefined;
  }

  async list<T extends StorableObject = StoredObject>(
    kind: string,
    namespace?: string,
    options?: ListOptions,
  ): Promise<T[]> {
    return listObjects(this.ctx, { kind, namespace, options }) as unknown as T[];
  }

  async update<T extends StorableObject = StoredObject>(
    obj: T,
    expectedResourceVersion?: string,
  ): Promise<T> {
    const updated = this.tx.update.immediate(obj, expectedResourceVersion);
    this.emit("MODIFIED", updated);
    return updated as unknown as T;
  }

  async delete(kind: string, namespace: string, name: string): Promise<boolean> {
    const before = this.tx.delete.immediate(kind, namespace, name);
    if (before) this.emit("DELETED", before, before);
    return before !== undefined;
  }

  async commitWorkflow(commit: WorkflowCommit): Promise<void> {
    const rv = this.tx.commit.immediate(commit);
    this.notify({
      type: "MODIFIED",
      kind: "Workflow",
      namespace: commit.namespace,
      name: commit.name,
      resourceVersion: String(rv),
    });
  }

  watch(kind: string, listener: WatchListener): () => void {
    const set = this.watchers.get(kind) ?? new Set<WatchListener>();
    this.watchers.set(kind, set);
    set.add(listener);
    return () => set.delete(listener);
  }

  private emit(type: WatchEvent["type"], obj: StoredObject, object?: StoredObject): void {
    this.notify({
      type,
      kind: obj.kind,
      namespace: obj.metadata.namespace ?? "",
      name: obj.metadata.name ?? "",
      resourceVersion: obj.metadata.resourceVersion ?? "",
      ...(object ? { object } : {}),
    });
  }

  /** Listeners run synchronously after the commit; one that throws does not stop the others. */
  private notify(event: WatchEvent): void {
    for (const key of [event.kind, "*"]) {
      for (const listener of this.watchers.get(key) ?? []) {
        try {
          listener(event);
        } catch {
          // A watcher's failure is its own; the write has committed.
        }
      }
    }
  }

  async getWorkflow(namespace: string, name: string): Promise<Workflow | undefined> {
    return this.tx.getWorkflow.deferred(namespace, name);
  }

  async pendingActions(namespace: string, name: string): Promise<PendingAction[]> {
    this.flushCompletions();
    return workflows.pendingActions(this.ctx, namespace, name);
  }

  async completeAction(namespace: string, name: string, actionId: string): Promise<void> {
    this.completions.push([namespace, name, actionId]);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flushCompletions());
  }

  /** Deletes the completed actions now, in a transaction of their own. */
  private flushCompletions(): void {
    this.flushScheduled = false;
    if (this.completions.length > 0 && this.ctx.db.open) this.tx.completions.immediate();
  }

  /** Inside a write transaction: deletes the completed actions recorded so far; returns them. */
  private deleteCompleted(): [string, string, string][] {
    const batch = this.completions;
    if (batch.length === 0) return batch;
    this.completions = [];
    for (const [namespace, name, id] of batch) workflows.completeAction(this.ctx, { namespace, name, id });
    return batch;
  }

  async archiveWorkflow(workflow: Workflow): Promise<void> {
    // Checked and compressed before the write lock is taken.
    this.tx.archive.immediate(archive.archiveRow(workflow));
  }

  async listArchivedWorkflows(options?: ArchiveListOptions): Promise<Workflow[]> {
    return archive.listArchived(this.ctx, options);
  }

  async getArchivedWorkflow(uid: string): Promise<Workflow | undefined> {
    return archive.getArchived(this.ctx, uid);
  }

  async deleteArchivedWorkflow(uid: string): Promise<boolean> {
    return archive.deleteArchived(this.ctx, uid);
  }

  async deleteArchivedWorkflowsBefore(isoTime: string): Promise<number> {
    return archive.deleteArchivedBefore(this.ctx, isoTime);
  }

  async busPublish(
    stream: string,
    event: BusEventInput,
    options: BusPublishOptions,
  ): Promise<BusPublishResult> {
    const checked = bus.checkPublish(stream, event, options);
    return this.tx.busPublish.immediate(stream, event, checked);
  }

  async busRegisterConsumer(
    stream: string,
    consumer: string,
    subjects: readonly string[],
  ): Promise<{ ackedSeq: number; created: boolean }> {
    bus.checkName(stream, "stream");
    bus.checkName(consumer, "consumer");
    return this.tx.busRegister.immediate(stream, consumer, bus.checkSubjects(subjects));
  }

  async busRead(
    stream: string,
    consumer: string,
    subjects: readonly string[],
    limit: number,
  ): Promise<BusEventRecord[]> {
    bus.checkName(stream, "stream");
    bus.checkName(consumer, "consumer");
    const checked = bus.checkSubjects(subjects);
    return this.tx.busRead.deferred(stream, consumer, checked, bus.checkRead(limit));
  }

  async busAck(stream: string, consumer: string, seq: number): Promise<void> {
    bus.checkName(stream, "stream");
    bus.checkName(consumer, "consumer");
    this.tx.busAck.immediate(stream, consumer, bus.checkSeq(seq));
  }

  async busDeleteConsumer(stream: string, consumer: string): Promise<boolean> {
    bus.checkName(stream, "stream");
    bus.checkName(consumer, "consumer");
    return bus.busDeleteConsumer(this.ctx, stream, consumer);
  }

  async busPrune(stream: string, olderThanMs: number, now: number): Promise<number> {
    bus.checkName(stream, "stream");
    const checked = bus.checkPrune(olderThanMs, now);
    return this.tx.busPrune.immediate(stream, checked.olderThanMs, checked.now);
  }

  async busStreamInfo(stream: string): Promise<BusStreamInfo> {
    bus.checkName(stream, "stream");
    return this.tx.busStreamInfo.deferred(stream);
  }

  async kvGet(bucket: string, key: string): Promise<string | undefined> {
    return this.ctx.st.kvGet.get(bus.checkName(bucket, "bucket"), bus.checkName(key, "key"));
  }

  async kvPut(bucket: string, key: string, value: string): Promise<void> {
    if (typeof value !== "string") throw invalid("a key-value value must be a string");
    this.ctx.st.kvPut.run(bus.checkName(bucket, "bucket"), bus.checkName(key, "key"), value);
  }

  async kvDelete(bucket: string, key: string): Promise<void> {
    this.ctx.st.kvDelete.run(bus.checkName(bucket, "bucket"), bus.checkName(key, "key"));
  }

  async kvList(bucket: string, prefix?: string): Promise<KeyValueEntry[]> {
    if (prefix !== undefined && typeof prefix !== "string") throw invalid("a key prefix must be a string");
    return bus.kvList(this.ctx, bus.checkName(bucket, "bucket"), prefix);
  }

  async close(): Promise<void> {
    this.flushCompletions();
    if (this.ctx.db.open) this.ctx.db.close();
  }
}
