/**
 * What happens to workflows once they run and finish: archive, `ttlStrategy`, `podGC`, retention
 * and archiveTTL (Argo's archive queue, TTL/GC controller and pod cleanup, in one place).
 *
 * It follows the store's watch. Each workflow is read at most once per `coalesceMs` however often
 * its runner commits, and the work for one workflow runs in order (one promise chain). Nothing it
 * decides lives only in memory across a restart: `start` re-reads every workflow, so a TTL that
 * passed while the server was down deletes at once, an unarchived done workflow is archived (the
 * live one's `Archived` label says it was), retention counts are rebuilt and pod GC is redone
 * (removing a pod already gone is a no-op).
 */
import type { Workflow } from "../../spec/types.js";
import type { Store, WatchEvent } from "../../store/index.js";
import { isArgosyError } from "../../util/errors.js";
import { archive, collectArchive, isArchived } from "./archiver.js";
import { at, type LifecycleClock, systemClock } from "./clock.js";
import type { LifecycleOptions } from "./options.js";
import {
  collectsWhileRunning,
  DEFAULT_POD_GC_DELAY_MS,
  type PodGCPolicy,
  podGCPolicy,
  podLabelsOf,
  podNameOf,
  podVerdict,
} from "./pod-gc.js";
import { isDone, parseArchiveTTL, ttlDeadline, wantsArchive } from "./policy.js";
import { keyOf, type RetainedWorkflow, Retention } from "./retention.js";
import { newTracked, type Tracked } from "./tracked.js";

export class LifecycleController {
  private readonly store: Store;
  private readonly clock: LifecycleClock;
  private readonly tracked = new Map<string, Tracked>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly retention: Retention;
  private readonly archiveTtlMs: number | undefined;
  private readonly coalesceMs: number;
  private readonly retryDelayMs: number;
  private unwatch: (() => void) | undefined;
  private cancelArchiveGC: (() => void) | undefined;
  private stopped = false;

  constructor(private readonly opts: LifecycleOptions) {
    this.store = opts.store;
    this.clock = {
      now: opts.now ?? systemClock.now,
      setTimer: opts.setTimer ?? systemClock.setTimer,
      clearTimer: opts.clearTimer ?? systemClock.clearTimer,
    };
    this.coalesceMs = opts.coalesceMs ?? 500;
    this.retryDelayMs = opts.retryDelayMs ?? 30_000;
    this.retention = new Retention(opts.config.retention ?? {});
    let ttl: number | undefined;
    try {
      ttl = parseArchiveTTL(opts.config.archiveTTL);
    } catch (e) {
      this.log(`archiveTTL ignored, archived workflows are kept: ${(e as Error).message}`);
    }
    this.archiveTtlMs = ttl;
  }

  /**
   * Watches the store, then catches up on every stored workflow; resolves when that is done.
   * Starting twice, or after `stop`, does nothing.
   */
  async start(): Promise<void> {
    if (this.unwatch || this.stopped) return;
    // Watch first: a write between the scan and the watch would otherwise go unseen.
    this.unwatch = this.store.watch("Workflow", (e) => this.onEvent(e));
    for (const wf of await this.store.list<Workflow>("Workflow")) {
      const t = this.track(wf.metadata.namespace ?? "", wf.metadata.name ?? "");
      this.enqueue(t, () => this.handle(t, wf));
    }
    if (this.opts.config.archive && this.archiveTtlMs !== undefined) this.collectArchiveNowAndLater();
    await this.idle();
  }

  /** Stops watching and cancels every timer; work already under way finishes. */
  stop(): void {
    this.stopped = true;
    this.unwatch?.();
    this.cancelArchiveGC?.();
    for (const t of this.tracked.values()) t.cancelAll();
    this.tracked.clear();
  }

  /** Resolves once no work is under way (timers may still be pending): for tests and shutdown. */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  private onEvent(e: WatchEvent): void {
    if (this.stopped) return;
    const key = keyOf(e.namespace, e.name);
    if (e.type === "DELETED") this.forget(key);
    else this.scheduleCheck(this.track(e.namespace, e.name));
  }

  private track(namespace: string, name: string): Tracked {
    const key = keyOf(namespace, name);
    const existing = this.tracked.get(key);
    if (existing) return existing;
    const t = newTracked(namespace, name);
    this.tracked.set(key, t);
    return t;
  }

  private forget(key: string): void {
    this.tracked.get(key)?.cancelAll();
    this.tracked.delete(key);
    this.retention.remove(key);
  }

  /** One read per `coalesceMs`: events arriving before the next read are answered by it. */
  private scheduleCheck(t: Tracked, when = Math.max(this.clock.now(), t.lastCheck + this.coalesceMs)): void {
    if (t.cancelCheck || t.forgotten || this.stopped) return;
    t.cancelCheck = at(this.clock, when, () => {
      t.cancelCheck = undefined;
      this.enqueue(t, () => this.check(t));
    });
  }

  /** Runs `work` after the workflow's earlier work; a failure is logged, never thrown. */
  private enqueue(t: Tracked, work: () => Promise<void>): void {
    const p = t.chain
      .then(() => (this.stopped || t.forgotten ? undefined : work()))
      .catch((e) => this.fail(t, e));
    t.chain = p;
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }

  private async check(t: Tracked): Promise<void> {
    t.lastCheck = this.clock.now();
    const wf = await this.store.get<Workflow>("Workflow", t.namespace, t.name);
    if (!wf) this.forget(keyOf(t.namespace, t.name));
    else await this.handle(t, wf);
  }

  private async handle(t: Tracked, wf: Workflow): Promise<void> {
    const finishedAt = wf.status?.finishedAt ?? "";
    if (t.handled !== undefined && (!isDone(wf) || t.handled !== finishedAt)) {
      // Retried: what was queued for the last completion no longer applies.
      t.reset();
      this.retention.remove(keyOf(t.namespace, t.name));
    }
    const { policy, problem } = podGCPolicy(wf, this.opts.podGCDelayMs ?? DEFAULT_POD_GC_DELAY_MS);
    if (problem && !t.warned) {
      t.warned = true;
      this.log(`workflow ${t.namespace}/${t.name}: ${problem}`);
    }
    if (!isDone(wf)) {
      if (!policy || !collectsWhileRunning(policy)) return;
      const full = await this.store.getWorkflow(t.namespace, t.name);
      if (full) this.collectPods(t, full, policy);
      return;
    }
    if (t.handled === finishedAt) return;
    await this.complete(t, wf, policy);
    t.handled = finishedAt;
    // Judged nodes matter only until the completion is handled; a retry starts over anyway.
    t.collected.clear();
  }

  /** Once per completion: archive, pod GC, the TTL timer, retention. */
  private async complete(t: Tracked, wf: Workflow, policy: PodGCPolicy | undefined): Promise<void> {
    const archiveIt = this.opts.config.archive && wantsArchive(wf) && !isArchived(wf);
    const full = archiveIt || policy ? await this.store.getWorkflow(t.namespace, t.name) : undefined;
    if (archiveIt && full) {
      try {
        await archive(this.store, full);
        this.log(`workflow ${t.namespace}/${t.name} archived`);
      } catch (e) {
        // Bad data will not get better; anything else (a busy store) is retried by the next check.
        if (!(isArgosyError(e) && e.code === "Invalid")) throw e;
        this.log(`workflow ${t.namespace}/${t.name} not archived: ${e.message}`);
      }
    }
    if (policy && full) this.collectPods(t, full, policy);
    this.scheduleTtl(t, wf);
    this.retain(wf);
  }

  /** Queues the pods of finished nodes the policy removes; each node is judged once. */
  private collectPods(t: Tracked, wf: Workflow, policy: PodGCPolicy): void {
    const workflowDone = isDone(wf);
    const generation = workflowDone ? (wf.status?.finishedAt ?? "") : "";
    const labelsOf = podLabelsOf(wf);
    const due = this.clock.now() + policy.delayMs;
    for (const node of Object.values(wf.status?.nodes ?? {})) {
      if (t.collected.has(node.id)) continue;
      const verdict = podVerdict({ policy, workflow: wf, node, workflowDone, labelsOf });
      if (verdict === "later") continue;
      t.collected.add(node.id);
      if (verdict === "remove") t.pods.push({ podName: podNameOf(wf, node), due, generation });
    }
    this.armPods(t);
  }

  private armPods(t: Tracked): void {
    const due = t.pods.nextDue();
    if (due === undefined || t.cancelPods || t.forgotten || this.stopped) return;
    t.cancelPods = at(this.clock, due, () => {
      t.cancelPods = undefined;
      this.enqueue(t, () => this.reapPods(t));
    });
  }

  private async reapPods(t: Tracked): Promise<void> {
    const due = t.pods.takeDue(this.clock.now());
    if (due.length > 0) {
      // A deleted workflow's pods went with it; a retried one reuses the names of its pods.
      const wf = await this.store.get<Workflow>("Workflow", t.namespace, t.name);
      const current = !wf ? undefined : isDone(wf) ? (wf.status?.finishedAt ?? "") : "";
      for (const pod of due) {
        if (current === undefined || (pod.generation !== "" && pod.generation !== current)) continue;
        try {
          await this.opts.removePod(pod.podName);
        } catch (e) {
          this.log(`pod ${pod.podName} not removed: ${(e as Error).message}`);
        }
      }
    }
    this.armPods(t);
  }

  private scheduleTtl(t: Tracked, wf: Workflow, when = ttlDeadline(wf)): void {
    t.cancelTtl?.();
    t.cancelTtl = undefined;
    if (when === undefined || t.forgotten || this.stopped) return;
    t.cancelTtl = at(this.clock, when, () => {
      t.cancelTtl = undefined;
      this.enqueue(t, () => this.expire(t));
    });
  }

  /** The TTL timer fired: delete unless the workflow was retried (or its deadline moved). */
  private async expire(t: Tracked): Promise<void> {
    const wf = await this.store.get<Workflow>("Workflow", t.namespace, t.name);
    if (!wf || !isDone(wf)) return;
    const deadline = ttlDeadline(wf);
    if (deadline === undefined) return;
    if (deadline > this.clock.now()) return this.scheduleTtl(t, wf, deadline);
    if (!(await this.delete(t.namespace, t.name, "ttlStrategy"))) {
      this.scheduleTtl(t, wf, this.clock.now() + this.retryDelayMs);
    }
  }

  private retain(wf: Workflow): void {
    if (!this.retention.enabled || !this.retention.add(wf)) return;
    for (const victim of this.retention.overflow(wf.status?.phase ?? "")) {
      const t = this.track(victim.namespace, victim.name);
      this.enqueue(t, () => this.deleteRetained(victim));
    }
  }

  /** Deletes a workflow beyond the retention count, if it is still that same done workflow. */
  private async deleteRetained(victim: RetainedWorkflow): Promise<void> {
    const live = await this.store.get<Workflow>("Workflow", victim.namespace, victim.name);
    if (!live || live.metadata.uid !== victim.uid || !isDone(live)) return;
    if (!(await this.delete(victim.namespace, victim.name, "retentionPolicy")))
      this.retention.restore(victim);
  }

  /** True when the workflow is gone afterwards. */
  private async delete(namespace: string, name: string, reason: string): Promise<boolean> {
    try {
      if (await this.opts.deleteWorkflow(namespace, name))
        this.log(`workflow ${namespace}/${name} deleted (${reason})`);
      return true;
    } catch (e) {
      if (isArgosyError(e) && e.code === "NotFound") return true;
      this.log(`workflow ${namespace}/${name} not deleted (${reason}): ${(e as Error).message}`);
      return false;
    }
  }

  /** archiveTTL: once at start (a laptop server rarely stays up a whole period), then every period. */
  private collectArchiveNowAndLater(): void {
    const ttl = this.archiveTtlMs;
    if (ttl === undefined || this.stopped) return;
    const p = collectArchive(this.store, ttl, this.clock.now())
      .then((n) => (n > 0 ? this.log(`${n} archived workflows deleted (archiveTTL)`) : undefined))
      .catch((e) => this.log(`archived workflow GC failed: ${(e as Error).message}`));
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
    const period = this.opts.archiveGCPeriodMs ?? 86_400_000;
    this.cancelArchiveGC = at(this.clock, this.clock.now() + period, () => this.collectArchiveNowAndLater());
  }

  /** Work that threw: logged, and the workflow looked at again after `retryDelayMs`. */
  private fail(t: Tracked, e: unknown): void {
    this.log(`workflow ${t.namespace}/${t.name}: ${e instanceof Error ? e.message : String(e)}`);
    this.scheduleCheck(t, this.clock.now() + this.retryDelayMs);
  }

  private log(line: string): void {
    this.opts.log?.(line);
  }
}
