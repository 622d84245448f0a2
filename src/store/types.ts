/**
 * The Store contract. Implementations: SQLite (embedded default), later PostgreSQL.
 *
 * Guarantees every implementation gives (checked by the shared store suite):
 * - Objects are keyed by (kind, namespace, name); cluster-scoped kinds use namespace "".
 * - `create` assigns `metadata.uid`, `metadata.creationTimestamp` and `metadata.resourceVersion`
 *   (a decimal integer, as a string, that grows with every write) and fails with `Conflict` when
 *   the key exists.
 * - `update` with an `expectedResourceVersion` fails with `Conflict` when the stored version differs.
 * - A workflow's nodes are stored one row per node: `commitWorkflow` writes only the nodes it is
 *   given, together with the workflow's other status fields and the actions to perform, in one
 *   transaction, so a crash leaves either all of it or none of it.
 * - Actions stay pending until `completeAction` is called, so a restarted controller can repeat
 *   the ones that may not have happened (actions are idempotent by node id).
 * - Event bus: each stream hands out strictly increasing sequences in commit order, so a reader
 *   that saw sequence n has seen every earlier event it can see; an event stays until every
 *   consumer of its subject acknowledged it or it is older than the pruning age.
 */
import type { NodeStatus, ObjectMeta, Workflow, WorkflowStatus } from "../spec/types.js";

/** The metadata the store reads and fills in: Kubernetes' ObjectMeta (`generateName` names an object on `create`). */
export type StoredMetadata = ObjectMeta;

/**
 * The shape the Store methods accept and return. Typed kinds (`Workflow`, `CronWorkflow`, …) are
 * interfaces without index signatures, so they satisfy this but not `StoredObject`.
 */
export interface StorableObject {
  apiVersion?: string;
  kind: string;
  metadata: StoredMetadata;
}

/** An object of any kind, with its fields open for reading. */
export interface StoredObject extends StorableObject {
  metadata: StoredMetadata & { [k: string]: unknown };
  [k: string]: unknown;
}

/** An engine action recorded for the controller to perform after the commit. */
export interface PendingAction {
  /** Unique per workflow and stable across re-runs, e.g. `startPod/<nodeId>`. */
  id: string;
  kind: string;
  payload: unknown;
}

export interface WorkflowCommit {
  namespace: string;
  name: string;
  /** The status without `nodes`; replaces the stored one. */
  status: Omit<WorkflowStatus, "nodes">;
  /** Nodes created or changed since the last commit. */
  changedNodes: NodeStatus[];
  /** Actions to record as pending. */
  actions: PendingAction[];
  /** The workflow's labels, when they changed (the engine keeps `workflows.argoproj.io/phase` and `completed` current). */
  labels?: Record<string, string>;
}

export interface ListOptions {
  /** Only objects whose labels match all of these. */
  labels?: Record<string, string>;
}

/** What changed, as Kubernetes' watch reports it. */
export type WatchEventType = "ADDED" | "MODIFIED" | "DELETED";

export interface WatchEvent {
  type: WatchEventType;
  kind: string;
  namespace: string;
  name: string;
  resourceVersion: string;
  /** For DELETED: the object as it was (a Workflow without `status.nodes`). */
  object?: StoredObject;
}

/** Called after the write that caused the event has committed; must not throw. */
export type WatchListener = (event: WatchEvent) => void;

/** Filters of the workflow archive's list. */
export interface ArchiveListOptions {
  /** Only this namespace; empty or absent lists all. */
  namespace?: string;
  /** Only workflows carrying every one of these labels (equality). */
  labels?: Record<string, string>;
  /** Names starting with this (case-sensitive, no wildcards). */
  namePrefix?: string;
  /** Only workflows that started at or after this ISO time (`Invalid` when it does not parse). */
  startedAfter?: string;
  /** Only workflows that started at or before this ISO time (Argo's `maxStartedAt` is inclusive). */
  startedBefore?: string;
  /** At most this many, newest first; 0 or absent means all. */
  limit?: number;
  /** Skip this many (for `continue` tokens). @default 0 */
  offset?: number;
}

/** An event handed to {@link Store.busPublish}. */
export interface BusEventInput {
  /** With `source`, what de-duplication compares. */
  id: string;
  source: string;
  /** The routing subject consumers select by (the event bus uses `<eventSourceName>.<eventName>`). */
  subject: string;
  /** The serialized event, returned as is by {@link Store.busRead}. */
  body: string;
}

export interface BusPublishOptions {
  /** A second publish of the same stream, source and id within this many milliseconds is a duplicate. */
  dedupeWindowMs: number;
  /** The publish time, epoch milliseconds (the bus's clock, so tests can move it). */
  now: number;
}

export interface BusPublishResult {
  /** The event's sequence in its stream; for a duplicate, the sequence of the first publish. */
  seq: number;
  /** True when the event was a duplicate and nothing was stored. */
  duplicate: boolean;
}

/** An event as a consumer reads it. */
export interface BusEventRecord {
  seq: number;
  body: string;
}

export interface BusConsumerInfo {
  consumer: string;
  /** Every event of the consumer's subjects up to this sequence is handled. */
  ackedSeq: number;
  subjects: string[];
}

export interface BusStreamInfo {
  /** The last sequence handed out (0 for a stream never published to). */
  lastSeq: number;
  /** How many events the stream still keeps. */
  events: number;
  consumers: BusConsumerInfo[];
}

/** One entry of a key-value bucket. */
export interface KeyValueEntry {
  key: string;
  value: string;
}

export interface Store {
  create<T extends StorableObject = StoredObject>(obj: T): Promise<T>;
  /** The object, or undefined; a Workflow comes without `status.nodes` (use `getWorkflow`). */
  get<T extends StorableObject = StoredObject>(
    kind: string,
    namespace: string,
    name: string,
  ): Promise<T | undefined>;
  /** Objects of a kind in one namespace (all namespaces when omitted), ordered by namespace, name. */
  list<T extends StorableObject = StoredObject>(
    kind: string,
    namespace?: string,
    options?: ListOptions,
  ): Promise<T[]>;
  /**
   * Replaces the object (`NotFound` when missing), keeping its `uid` and `creationTimestamp`. A
   * Workflow's node rows are replaced only when the given status carries `nodes`.
   */
  update<T extends StorableObject = StoredObject>(obj: T, expectedResourceVersion?: string): Promise<T>;
  /** Deletes the object (and, for a Workflow, its nodes and actions); false when it did not exist. */
  delete(kind: string, namespace: string, name: string): Promise<boolean>;

  /** Writes a workflow's status, changed nodes and new actions in one transaction; `NotFound` when missing. */
  commitWorkflow(commit: WorkflowCommit): Promise<void>;
  /** The workflow with `status.nodes` assembled from the node rows. */
  getWorkflow(namespace: string, name: string): Promise<Workflow | undefined>;
  /** Actions recorded and not completed, oldest first; an id already pending is not recorded twice. */
  pendingActions(namespace: string, name: string): Promise<PendingAction[]>;
  /** Removes a pending action; an unknown id is ignored, so repeating it is harmless. */
  completeAction(namespace: string, name: string, actionId: string): Promise<void>;

  /**
   * Calls `listener` after every committed write to objects of `kind` (every kind when "*"):
   * create → ADDED, update and commitWorkflow → MODIFIED, delete → DELETED; listeners have been
   * called by the time the write's promise resolves, and a failed write calls none. Only writes
   * made through this store instance are seen. A listener that throws affects neither the write nor
   * the other listeners. Returns the function that stops the watch.
   */
  watch(kind: string, listener: WatchListener): () => void;

  /**
   * Keeps a copy of a finished workflow (with `status.nodes`), keyed by its uid; replaces an earlier
   * copy. The copy carries the label `workflows.argoproj.io/workflow-archiving-status: Persisted`,
   * as Argo's archive does. `Invalid` without `metadata.uid` or with an unparsable time.
   */
  archiveWorkflow(workflow: Workflow): Promise<void>;
  /**
   * Archived workflows without `status.nodes`, newest first (by `status.startedAt`, then name and
   * uid, both descending; workflows that never started come last). Labels match by equality.
   */
  listArchivedWorkflows(options?: ArchiveListOptions): Promise<Workflow[]>;
  /** One archived workflow, with its nodes. */
  getArchivedWorkflow(uid: string): Promise<Workflow | undefined>;
  /** False when no archived workflow has this uid. */
  deleteArchivedWorkflow(uid: string): Promise<boolean>;
  /** Deletes archived workflows that finished before `isoTime`; returns how many (archiveTTL). A copy with no `finishedAt` stays. */
  deleteArchivedWorkflowsBefore(isoTime: string): Promise<number>;

  // -------------------------------------------------------------------------------------------
  // The embedded event bus. A stream is a named, ordered log of events; each event gets the next
  // sequence of its stream (sequences are never reused, even once events are pruned). A consumer is
  // durable: a cursor (the last sequence it acknowledged) and the subjects it reads.

  /**
   * Appends an event to a stream, unless the same stream, `source` and `id` were published within
   * `dedupeWindowMs` before `now`: then nothing is stored and `duplicate` is true (the window is
   * counted from the first publish; a duplicate does not extend it). `Invalid` on bad arguments.
   */
  busPublish(stream: string, event: BusEventInput, options: BusPublishOptions): Promise<BusPublishResult>;
  /**
   * Creates a durable consumer, or updates the subjects of an existing one. A new consumer starts
   * after the stream's last sequence at this moment (it receives only events published later); an
   * existing one keeps its cursor. A subject added to an existing consumer likewise only brings
   * events published after it was added. Returns the consumer's cursor and whether it was created.
   */
  busRegisterConsumer(
    stream: string,
    consumer: string,
    subjects: readonly string[],
  ): Promise<{ ackedSeq: number; created: boolean }>;
  /**
   * Up to `limit` events after the consumer's cursor whose subject is one of `subjects`, in sequence
   * order, read from one snapshot. For a registered subject, events published before it was
   * registered are skipped. `NotFound` for an unknown consumer.
   */
  busRead(
    stream: string,
    consumer: string,
    subjects: readonly string[],
    limit: number,
  ): Promise<BusEventRecord[]>;
  /**
   * Moves the consumer's cursor to `seq` (everything up to it is handled). A `seq` at or below the
   * cursor is a no-op; one beyond the stream's last sequence is `Invalid`; `NotFound` for an unknown
   * consumer.
   */
  busAck(stream: string, consumer: string, seq: number): Promise<void>;
  /** Removes a consumer, so it no longer holds events back from pruning; false when it did not exist. */
  busDeleteConsumer(stream: string, consumer: string): Promise<boolean>;
  /**
   * Deletes the events every consumer of their subject has acknowledged (an event no consumer reads
   * is deleted too: a consumer registered later starts after it anyway), and every event published
   * more than `olderThanMs` before `now` (maxAge), acknowledged or not; forgets de-duplication ids
   * whose window has ended. Returns how many events were deleted.
   */
  busPrune(stream: string, olderThanMs: number, now: number): Promise<number>;
  /** The stream's last sequence, how many events it keeps, and its consumers (ordered by name). */
  busStreamInfo(stream: string): Promise<BusStreamInfo>;

  // -------------------------------------------------------------------------------------------
  // Key-value state: small values that must survive a restart (a sensor's dependency state, a
  // calendar source's last tick), grouped in buckets.

  /** The value, or undefined. */
  kvGet(bucket: string, key: string): Promise<string | undefined>;
  /** Creates or replaces the value. */
  kvPut(bucket: string, key: string, value: string): Promise<void>;
  /** Removes the key; a missing key is a no-op. */
  kvDelete(bucket: string, key: string): Promise<void>;
  /** The bucket's entries whose key starts with `prefix` (all when absent), ordered by key (code point order). */
  kvList(bucket: string, prefix?: string): Promise<KeyValueEntry[]>;

  close(): Promise<void>;
}
