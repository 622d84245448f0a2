/**
 * What a trigger runner is given (`TriggerDeps`) and what it hands back (`TriggerOutcome`). The
 * runtime builds the deps once per sensor; tests pass a real Store and a recording
 * WorkflowOperations, so nothing here knows where workflows really run.
 */
import type { Store } from "../../store/types.js";
import type { KeySelector, LogLevel, TriggerResult, WorkflowOperations } from "../types.js";

/** The workflow operations, plus the controller's delete when the runtime offers it. */
export type TriggerWorkflows = WorkflowOperations & {
  /**
   * Stops and removes a workflow with its pods (the controller's `deleteWorkflow`); when absent,
   * a k8s `delete` of a Workflow removes only the stored object.
   */
  deleteWorkflow?(namespace: string, name: string): Promise<boolean>;
};

export interface TriggerDeps {
  store: Store;
  workflows: TriggerWorkflows;
  log(level: LogLevel, message: string, fields?: Record<string, unknown>): void;
  /** @default () => new Date() */
  now?: () => Date;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Reads a Secret's key (decoded); `NotFound` when missing. Values are never logged. */
  secret(selector: KeySelector): Promise<string>;
  /** Waits between retries and policy checks. @default a real timer */
  sleep?: (ms: number) => Promise<void>;
}

/** A TriggerResult with what the policies need to judge it. */
export interface TriggerOutcome extends TriggerResult {
  /** The HTTP response status (http triggers), for `policy.status.allow`. */
  status?: number;
  /** True when this firing had already done its work (a repeat after a crash): nothing was done twice. */
  alreadyDone?: boolean;
}

export const nowOf = (deps: Pick<TriggerDeps, "now">): Date => (deps.now ? deps.now() : new Date());

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });
