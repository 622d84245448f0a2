/** The store: the contract, its SQLite implementation, and where the embedded database lives. */
import { join } from "node:path";

export { ARCHIVING_STATUS_LABEL } from "./archive-meta.js";
export { openSqliteStore, type SqliteStoreOptions } from "./sqlite/sqlite-store.js";
export type {
  ArchiveListOptions,
  ListOptions,
  PendingAction,
  Store,
  StoredObject,
  WatchEvent,
  WatchEventType,
  WatchListener,
  WorkflowCommit,
} from "./types.js";

/** The embedded database file of an Argosy home directory: `<home>/argosy.db`. */
export function defaultStorePath(home: string): string {
  return join(home, "argosy.db");
}
