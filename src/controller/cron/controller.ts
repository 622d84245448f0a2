/**
 * `CronController`: starts Workflows from the CronWorkflows in the store, as Argo's cron
 * controller does, on an injected clock and timer (so tests run under a fake clock).
 *
 * Per CronWorkflow (all work for one runs in order, see keyed-queue.ts):
 * - reprocess (on start and on every watch event of the cron, including our own status writes, as
 *   Argo's informer does): validate (a `SpecError` and no timer when invalid), make up the most
 *   recent missed run when `startingDeadlineSeconds` allows it, and keep one timer armed for the
 *   next scheduled time;
 * - fire (timer): sync the children, then run for the scheduled time and re-arm;
 * - sync (on start and when a child changes or is deleted): history limits, active list, counters.
 * Deleting a CronWorkflow deletes the children it owns, as Kubernetes' garbage collector does.
 */
import type { Workflow } from "../../spec/types.js";
import type { Store, WatchEvent } from "../../store/types.js";
import { ChildWatch } from "./child-watch.js";
import { type ChildrenDeps, listChildren, syncChildren } from "./children.js";
import { KeyedQueue } from "./keyed-queue.js";
import { lintCronWorkflow } from "./lint.js";
import { isUsingNewSchedule, type RunDeps, type RunOutcome, runScheduled } from "./run.js";
import { compileSpecSchedules, defaultZone, latestMissed, nextAfter, type Schedule } from "./schedule.js";
import { CronDraft, removeCondition, upsertCondition } from "./status.js";
import { type CronObject, cronKey, labelCompleted, readSpec, readStatus } from "./types.js";

export interface CronControllerOptions {
  store: Store;
  /** Stores and starts a workflow (the controller's `ControllerApi.submit`); `Conflict` if the name exists. */
  submit: (workflow: Workflow) => Promise<Workflow>;
  /** Terminates a running workflow (concurrencyPolicy: Replace). */
  terminate: (namespace: string, name: string) => Promise<unknown>;
  /** Deletes a workflow (history limits, and children of a deleted CronWorkflow). */
  deleteWorkflow: (namespace: string, name: string) => Promise<unknown>;
  /** @default Date.now */
  now?: () => number;
  /** setTimeout-like. @default setTimeout, unref'd */
  setTimer?: (fn: () => void, ms: number) => unknown;
  /** @default clearTimeout */
  clearTimer?: (handle: unknown) => void;
  log?: (line: string) => void;
  /** Zone of schedules that set neither `timezone` nor `CRON_TZ=`. @default "UTC" */
  timezone?: string;
}

interface Entry {
  uid: string;
  /** The schedules (with zones) the timer was armed for; a spec edit that changes them re-arms. */
  signature: string;
  schedules: Schedule[];
  nextDue: number | null;
  timer: unknown;
}

/**
 * A SpecError from lint, which a valid spec clears at once. The ones found while running (an
 * invalid workflowSpec, a failing stop expression) stay until the next run re-checks them.
 */
function hasLintSpecError(cron: CronObject): boolean {
  const runtime = ["cannot validate Workflow: ", "failed to check CronWorkflow "];
  return (readStatus(cron).conditions ?? []).some(
    (c) => c.type === "SpecError" && !runtime.some((prefix) => (c.message ?? "").startsWith(prefix)),
  );
}

/** The longest delay a Node timer takes; longer waits are re-armed on wake-up. */
const maxTimerMs = 2 ** 31 - 1;

export class CronController {
  private readonly store: Store;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  private readonly log: (line: string) => void;
  private readonly zone: string;
  private readonly queue: KeyedQueue;
  private readonly entries = new Map<string, Entry>();
  private readonly children: ChildWatch;
  /** `uid@ms` of catch-up runs that failed, so a failing catch-up is not retried on its own write. */
  private readonly failedCatchUps = new Set<string>();
  private unwatch: (() => void)[] = [];
  private running = false;

  constructor(private readonly options: CronControllerOptions) {
    this.store = options.store;
    this.now = options.now ?? Date.now;
    this.setTimer =
      options.setTimer ??
      ((fn, ms) => {
        const t = setTimeout(fn, ms);
        t.unref();
        return t;
      });
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as NodeJS.Timeout));
    this.log = options.log ?? (() => {});
    this.zone = options.timezone ?? defaultZone;
    this.queue = new KeyedQueue((key, e) =>
      this.log(`cron: ${key}: ${e instanceof Error ? e.message : String(e)}`),
    );
    this.children = new ChildWatch(this.store, this.queue, (key) => this.queueSync(key));
  }

  /** Watches the store, syncs every CronWorkflow with its children and arms their timers. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.unwatch = [
      this.store.watch("CronWorkflow", (e) => this.onCronEvent(e)),
      this.store.watch("Workflow", (e) => this.children.handle(e)),
    ];
    for (const cron of await this.store.list<CronObject>("CronWorkflow")) {
      const key = cronKey(cron.metadata.namespace ?? "", cron.metadata.name ?? "");
      this.queueSync(key);
      this.queue.add(key, "reprocess", () => this.reprocess(key));
    }
    await this.queue.idle();
  }

  /** Stops watching and clears every timer; work already running finishes. */
  stop(): void {
    this.running = false;
    for (const u of this.unwatch) u();
    this.unwatch = [];
    for (const key of [...this.entries.keys()]) this.forget(key);
  }

  /** Resolves when no work is queued or running (for tests and orderly shutdown). */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  private get deps(): ChildrenDeps & RunDeps {
    return {
      store: this.store,
      deleteWorkflow: this.options.deleteWorkflow,
      submit: this.options.submit,
      terminate: this.options.terminate,
      getWorkflow: (ns, name) => this.store.get<Workflow>("Workflow", ns, name),
      now: this.now,
      log: this.log,
    };
  }

  private async get(key: string): Promise<CronObject | undefined> {
    const slash = key.indexOf("/");
    return this.store.get<CronObject>("CronWorkflow", key.slice(0, slash), key.slice(slash + 1));
  }

  private onCronEvent(e: WatchEvent): void {
    const key = cronKey(e.namespace, e.name);
    if (e.type === "DELETED") {
      const uid = e.object?.metadata.uid;
      this.queue.add(key, undefined, () => this.deleted(key, e.namespace, e.name, uid));
    } else {
      this.queue.add(key, "reprocess", () => this.reprocess(key));
    }
  }

  private queueSync(key: string): void {
    this.queue.add(key, "sync", async () => {
      await this.sync(key);
    });
  }

  private async sync(key: string): Promise<CronObject | undefined> {
    const cron = await this.get(key);
    if (!cron) return undefined;
    return syncChildren(this.deps, new CronDraft(this.store, cron));
  }

  /** Validate, make up a missed run, keep the timer armed. */
  private async reprocess(key: string): Promise<void> {
    let cron = await this.get(key);
    if (!cron) return this.forget(key);
    const entry = this.entries.get(key);
    if (entry && entry.uid !== cron.metadata.uid) this.forget(key);
    const problems = lintCronWorkflow(cron);
    if (problems.length > 0) {
      this.forget(key);
      const draft = new CronDraft(this.store, cron);
      draft.apply(upsertCondition("SpecError", problems[0] ?? ""));
      await draft.save();
      return;
    }
    if (hasLintSpecError(cron)) {
      const draft = new CronDraft(this.store, cron);
      draft.apply(removeCondition("SpecError"));
      cron = await draft.save();
      if (!cron) return;
    }
    if (readStatus(cron).phase === "Stopped" || cron.metadata.labels?.[labelCompleted] === "true") {
      return this.forget(key);
    }
    const { schedules } = compileSpecSchedules(readSpec(cron), this.zone);
    await this.catchUp(key, cron, schedules);
    this.arm(key, cron, schedules);
  }

  /** Argo's outstanding-run check: the latest missed time, once, if within startingDeadlineSeconds. */
  private async catchUp(key: string, cron: CronObject, schedules: Schedule[]): Promise<void> {
    const deadline = readSpec(cron).startingDeadlineSeconds;
    const last = Date.parse(readStatus(cron).lastScheduledTime ?? "");
    if (deadline === undefined || Number.isNaN(last)) return;
    if (isUsingNewSchedule(new CronDraft(this.store, cron))) return;
    const now = this.now();
    const missed = latestMissed(schedules, last, now);
    if (missed === null || !(now < missed + deadline * 1000)) return;
    const attempt = `${cron.metadata.uid}@${missed}`;
    if (this.failedCatchUps.has(attempt)) return;
    this.log(
      `cron: ${key}: missed ${new Date(missed).toISOString()}, within startingDeadlineSeconds: running`,
    );
    if ((await this.runAt(key, missed)) === "error") this.failedCatchUps.add(attempt);
  }

  /** Syncs the children (a fresh active list for the policy), then runs for `scheduledMs`. */
  private async runAt(key: string, scheduledMs: number): Promise<RunOutcome> {
    const cron = await this.sync(key);
    if (!cron) return "skipped";
    const draft = new CronDraft(this.store, cron);
    const outcome = await runScheduled(this.deps, draft, scheduledMs);
    await draft.save();
    if (outcome === "submitted") this.log(`cron: ${key}: scheduled ${new Date(scheduledMs).toISOString()}`);
    return outcome;
  }

  private arm(key: string, cron: CronObject, schedules: Schedule[]): void {
    const signature = JSON.stringify([schedules.map((s) => s.line), this.zone]);
    const current = this.entries.get(key);
    if (current && current.signature === signature && current.nextDue !== null) return;
    if (current) this.forget(key);
    const entry: Entry = {
      uid: cron.metadata.uid ?? "",
      signature,
      schedules,
      nextDue: nextAfter(schedules, this.now()),
      timer: undefined,
    };
    this.entries.set(key, entry);
    this.setEntryTimer(key, entry);
  }

  private setEntryTimer(key: string, entry: Entry): void {
    if (!this.running || entry.nextDue === null) return;
    const due = entry.nextDue;
    const delay = Math.min(Math.max(0, due - this.now()), maxTimerMs);
    entry.timer = this.setTimer(() => this.queue.add(key, "fire", () => this.fire(key, entry, due)), delay);
  }

  private async fire(key: string, entry: Entry, due: number): Promise<void> {
    if (this.entries.get(key) !== entry || entry.nextDue !== due) return;
    entry.timer = undefined;
    if (this.now() < due) return this.setEntryTimer(key, entry);
    // A run that failed is not made up again by the catch-up its own status write triggers.
    if ((await this.runAt(key, due)) === "error") this.failedCatchUps.add(`${entry.uid}@${due}`);
    if (this.entries.get(key) !== entry) return;
    entry.nextDue = nextAfter(entry.schedules, Math.max(this.now(), due));
    this.setEntryTimer(key, entry);
  }

  private forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry?.timer !== undefined) this.clearTimer(entry.timer);
    this.entries.delete(key);
  }

  /** The cron is gone: no more timers, and (Kubernetes' cascade) its children go too. */
  private async deleted(
    key: string,
    namespace: string,
    name: string,
    uid: string | undefined,
  ): Promise<void> {
    if (this.entries.get(key)?.uid === uid || uid === undefined) this.forget(key);
    if (uid === undefined) return;
    for (const attempt of this.failedCatchUps)
      if (attempt.startsWith(`${uid}@`)) this.failedCatchUps.delete(attempt);
    const owner = { kind: "CronWorkflow", metadata: { name, namespace, uid } };
    for (const wf of await listChildren(this.store, owner)) {
      this.log(`cron: deleting ${namespace}/${wf.metadata.name} (its CronWorkflow was deleted)`);
      await this.options.deleteWorkflow(namespace, wf.metadata.name ?? "");
    }
  }
}
