/**
 * Changing a CronWorkflow's status (and its completed label / last-used-schedule annotation)
 * safely. A `CronDraft` records each change as a small function over the object; `save` writes
 * only when something differs and, on a resourceVersion `Conflict` (someone edited the spec
 * meanwhile), re-reads the object and replays the changes on it. Nothing here ever overwrites a
 * newer spec, and a save that changes nothing writes nothing (so it causes no watch event).
 */
import type { Store } from "../../store/types.js";
import { isArgosyError } from "../../util/errors.js";
import type { CronConditionType, CronObject, CronWorkflowStatus, ObjectReference } from "./types.js";
import { readStatus } from "./types.js";

type Change = (cron: CronObject, status: CronWorkflowStatus) => void;

const maxAttempts = 5;

/** The comparable part of a cron: what the controller may change. */
const fingerprint = (cron: CronObject): string =>
  JSON.stringify([readStatus(cron), cron.metadata.labels ?? {}, cron.metadata.annotations ?? {}]);

export class CronDraft {
  private base: CronObject;
  private work: CronObject;
  private readonly changes: Change[] = [];

  constructor(
    private readonly store: Store,
    cron: CronObject,
  ) {
    this.base = cron;
    this.work = structuredClone(cron);
    this.work.status = readStatus(this.work);
  }

  /** The object with every change so far applied. */
  get cron(): CronObject {
    return this.work;
  }

  get status(): CronWorkflowStatus {
    return this.work.status as CronWorkflowStatus;
  }

  /** Applies a change now and remembers it for a replay after a conflict. */
  apply(change: Change): void {
    change(this.work, this.status);
    this.changes.push(change);
  }

  /**
   * Writes the changes. Returns the stored object (unchanged when there was nothing to write), or
   * undefined when the cron was deleted or replaced meanwhile.
   */
  async save(): Promise<CronObject | undefined> {
    for (let attempt = 1; ; attempt++) {
      if (fingerprint(this.work) === fingerprint(this.base)) return this.base;
      try {
        const saved = await this.store.update(this.work, this.base.metadata.resourceVersion);
        this.base = saved;
        this.work = structuredClone(saved);
        this.work.status = readStatus(this.work);
        return saved;
      } catch (e) {
        if (!isArgosyError(e) || e.code !== "Conflict" || attempt >= maxAttempts) {
          if (isArgosyError(e) && e.code === "NotFound") return undefined;
          throw e;
        }
      }
      const fresh = await this.store.get<CronObject>(
        this.base.kind,
        this.base.metadata.namespace ?? "",
        this.base.metadata.name ?? "",
      );
      if (!fresh || fresh.metadata.uid !== this.base.metadata.uid) return undefined;
      this.base = fresh;
      this.work = structuredClone(fresh);
      this.work.status = readStatus(this.work);
      for (const change of this.changes) change(this.work, this.status);
    }
  }
}

/** Argo's `UpsertCondition`: replaces the condition of the same type. */
export const upsertCondition =
  (type: CronConditionType, message: string): Change =>
  (_c, s) => {
    const others = (s.conditions ?? []).filter((c) => c.type !== type);
    s.conditions = [...others, { type, status: "True", message }];
  };

/** Argo's `RemoveCondition`. */
export const removeCondition =
  (type: CronConditionType): Change =>
  (_c, s) => {
    const left = (s.conditions ?? []).filter((c) => c.type !== type);
    s.conditions = left.length ? left : null;
  };

/** Argo's `reportCronWorkflowError` for a submission: the condition, and one more failure. */
export const submissionError =
  (message: string): Change =>
  (c, s) => {
    upsertCondition("SubmissionError", message)(c, s);
    s.failed += 1;
  };

export const addActive =
  (ref: ObjectReference): Change =>
  (_c, s) => {
    if (!(s.active ?? []).some((r) => r.uid === ref.uid)) s.active = [...(s.active ?? []), ref];
  };

export const removeActive =
  (uid: string): Change =>
  (_c, s) => {
    const left = (s.active ?? []).filter((r) => r.uid !== uid);
    s.active = left.length ? left : null;
  };

export const setAnnotation =
  (key: string, value: string): Change =>
  (c) => {
    c.metadata.annotations = { ...(c.metadata.annotations ?? {}), [key]: value };
  };

/** Argo's `setAsCompleted`: phase Stopped and the completed label. */
export const markStopped =
  (label: string): Change =>
  (c, s) => {
    s.phase = "Stopped";
    c.metadata.labels = { ...(c.metadata.labels ?? {}), [label]: "true" };
  };
