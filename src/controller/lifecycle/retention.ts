/**
 * Argo's `retentionPolicy`: keep at most N done workflows per phase (completed = Succeeded,
 * failed = Failed, errored = Error) and delete the oldest beyond that, oldest by
 * `creationTimestamp` as Argo's GC heap orders them. The sets hold only workflows already done,
 * fed by the start-up scan and by completions, so enforcing costs the size of one phase's set,
 * never a scan of the store.
 */
import type { RetentionPolicy } from "../../config/config.js";
import type { Workflow } from "../../spec/types.js";

/** A done workflow as retention remembers it. */
export interface RetainedWorkflow {
  namespace: string;
  name: string;
  uid: string;
  phase: string;
  created: number;
}

const countKey: Record<string, keyof RetentionPolicy> = {
  Succeeded: "completed",
  Failed: "failed",
  Error: "errored",
};

export class Retention {
  private readonly byPhase = new Map<string, Map<string, RetainedWorkflow>>();

  constructor(private readonly policy: RetentionPolicy) {}

  /** True when some phase has a limit (otherwise nothing needs remembering). */
  get enabled(): boolean {
    return Object.values(countKey).some((k) => this.limit(k) !== undefined);
  }

  /** Remembers a done workflow under its phase (forgetting it under any other). */
  add(wf: Workflow): RetainedWorkflow | undefined {
    const phase = wf.status?.phase ?? "";
    const key = keyOf(wf.metadata.namespace ?? "", wf.metadata.name ?? "");
    this.remove(key);
    const limitKey = countKey[phase];
    if (!limitKey || this.limit(limitKey) === undefined) return undefined;
    const entry: RetainedWorkflow = {
      namespace: wf.metadata.namespace ?? "",
      name: wf.metadata.name ?? "",
      uid: wf.metadata.uid ?? "",
      phase,
      created: Date.parse(wf.metadata.creationTimestamp ?? "") || 0,
    };
    this.setOf(phase).set(key, entry);
    return entry;
  }

  /** Puts back an entry taken by `overflow` whose deletion failed. */
  restore(entry: RetainedWorkflow): void {
    this.setOf(entry.phase).set(keyOf(entry.namespace, entry.name), entry);
  }

  /** Forgets a workflow (deleted, or running again after a retry). */
  remove(key: string): void {
    for (const set of this.byPhase.values()) set.delete(key);
  }

  /** Takes out and returns the oldest workflows of a phase beyond its limit, oldest first. */
  overflow(phase: string): RetainedWorkflow[] {
    const limitKey = countKey[phase];
    const limit = limitKey ? this.limit(limitKey) : undefined;
    const set = this.byPhase.get(phase);
    if (limit === undefined || !set || set.size <= limit) return [];
    const oldest = [...set.values()]
      .sort(
        (a, b) =>
          a.created - b.created || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name),
      )
      .slice(0, set.size - limit);
    for (const e of oldest) set.delete(keyOf(e.namespace, e.name));
    return oldest;
  }

  private setOf(phase: string): Map<string, RetainedWorkflow> {
    const set = this.byPhase.get(phase) ?? new Map<string, RetainedWorkflow>();
    this.byPhase.set(phase, set);
    return set;
  }

  // An absent count keeps every workflow of that phase (Argo would treat it as 0; see ARCHITECTURE.md).
  private limit(key: keyof RetentionPolicy): number | undefined {
    const n = this.policy[key];
    return typeof n === "number" && Number.isInteger(n) && n >= 0 ? n : undefined;
  }
}

/** The key retention and the lifecycle controller share: `namespace/name`. */
export const keyOf = (namespace: string, name: string): string => `${namespace}/${name}`;
