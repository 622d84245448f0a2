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

  close(): Promise<void>;
}
