/** The options of the lifecycle controller, with their defaults. */
import type { Config } from "../../config/config.js";
import type { Store } from "../../store/index.js";

export interface LifecycleOptions {
  store: Store;
  config: Pick<Config, "archive" | "archiveTTL" | "retention">;
  /** Deletes a workflow with its pods and artifacts (the server passes ControllerApi.deleteWorkflow). */
  deleteWorkflow: (namespace: string, name: string) => Promise<boolean>;
  /** Deletes a finished pod's directory and logs (the executor's `remove`). */
  removePod: (podName: string) => Promise<void>;
  /** Epoch ms. @default Date.now */
  now?: () => number;
  /** @default setTimeout (unref'd) */
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** @default clearTimeout */
  clearTimer?: (handle: unknown) => void;
  /** One line per deletion, archive and problem. @default silent */
  log?: (line: string) => void;
  /** Least time between two reads of one workflow. @default 500 */
  coalesceMs?: number;
  /** How often archived workflows past archiveTTL are deleted (Argo's `ARCHIVED_WORKFLOW_GC_PERIOD`). @default 24 h */
  archiveGCPeriodMs?: number;
  /** Wait before retrying work that failed (archive, delete). @default 30 s */
  retryDelayMs?: number;
  /** podGC delay when the spec gives no `deleteDelayDuration` (Argo's controller default). @default 5 s */
  podGCDelayMs?: number;
}
