/**
 * Test support for the cron controller: a fake clock whose timers fire in time order, and a
 * harness around a real SQLite store. `submit` stores the workflow (the engine is not under test);
 * `terminate` and `finish` move children to finished phases as the real controller would.
 */
import type { Workflow, WorkflowPhase } from "../../spec/types.js";
import { openSqliteStore } from "../../store/index.js";
import type { Store } from "../../store/types.js";
import { CronController } from "./controller.js";
import { type CronObject, labelCronWorkflow, rfc3339 } from "./types.js";

interface FakeTimer {
  id: number;
  due: number;
  fn: () => void;
}

/** A clock that only moves when told to; timers fire in due order as it passes them. */
export class FakeClock {
  private readonly timers = new Map<number, FakeTimer>();
  private seq = 0;

  constructor(public nowMs: number) {}

  readonly now = (): number => this.nowMs;

  readonly setTimer = (fn: () => void, ms: number): unknown => {
    const id = ++this.seq;
    this.timers.set(id, { id, due: this.nowMs + ms, fn });
    return id;
  };

  readonly clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  /** Timers not fired yet. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves to `target`, firing each due timer at its own time and awaiting `settle` after it. */
  async advanceTo(target: number, settle: () => Promise<void>): Promise<void> {
    await settle();
    for (;;) {
      let next: FakeTimer | undefined;
      for (const t of this.timers.values()) {
        if (t.due <= target && (!next || t.due < next.due || (t.due === next.due && t.id < next.id)))
          next = t;
      }
      if (!next) break;
      this.timers.delete(next.id);
      this.nowMs = Math.max(this.nowMs, next.due);
      next.fn();
      await settle();
    }
    this.nowMs = Math.max(this.nowMs, target);
  }
}

export interface HarnessOptions {
  /** Start time, ISO. */
  at: string;
  /** Makes `submit` throw this instead of storing. */
  submitError?: () => Error | undefined;
  /** Makes `terminate` throw this instead of ending the workflow. */
  terminateError?: () => Error | undefined;
  /** Zone of schedules without one. */
  timezone?: string;
}

/** A CronWorkflow object with a one-step workflowSpec. */
export function cronWorkflow(name: string, spec: Record<string, unknown>, namespace = "default"): CronObject {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: { name, namespace },
    spec: {
      workflowSpec: { entrypoint: "main", templates: [{ name: "main", container: { image: "busybox" } }] },
      ...spec,
    },
  };
}

export class CronHarness {
  readonly clock: FakeClock;
  readonly terminated: string[] = [];
  readonly deleted: string[] = [];
  controller: CronController;

  private constructor(
    readonly store: Store,
    private readonly options: HarnessOptions,
  ) {
    this.clock = new FakeClock(Date.parse(options.at));
    this.controller = this.newController();
  }

  static async open(options: HarnessOptions): Promise<CronHarness> {
    return new CronHarness(await openSqliteStore({ path: ":memory:" }), options);
  }

  private newController(): CronController {
    return new CronController({
      store: this.store,
      now: this.clock.now,
      setTimer: this.clock.setTimer,
      clearTimer: this.clock.clearTimer,
      timezone: this.options.timezone,
      submit: async (wf) => {
        const error = this.options.submitError?.();
        if (error) throw error;
        return this.store.create(wf);
      },
      terminate: async (ns, name) => {
        const error = this.options.terminateError?.();
        if (error) throw error;
        this.terminated.push(name);
        // Runs inside the controller's own work, so it must not wait for the controller to idle.
        await this.setPhase(name, "Failed", ns);
      },
      deleteWorkflow: async (ns, name) => {
        this.deleted.push(name);
        return this.store.delete("Workflow", ns, name);
      },
    });
  }

  start(): Promise<void> {
    return this.controller.start();
  }

  /** Stops the controller, moves the clock (downtime), starts a new one on the same store. */
  async restartAt(iso: string): Promise<void> {
    this.controller.stop();
    await this.controller.idle();
    this.clock.nowMs = Date.parse(iso);
    this.controller = this.newController();
    await this.controller.start();
  }

  advanceTo(iso: string): Promise<void> {
    return this.clock.advanceTo(Date.parse(iso), () => this.controller.idle());
  }

  advanceBy(ms: number): Promise<void> {
    return this.clock.advanceTo(this.clock.nowMs + ms, () => this.controller.idle());
  }

  async create(cron: CronObject): Promise<CronObject> {
    const created = await this.store.create(cron);
    await this.controller.idle();
    return created;
  }

  /** Changes a stored cron (re-read first, so the controller's own writes are kept). */
  async edit(name: string, change: (cron: CronObject) => void, namespace = "default"): Promise<void> {
    const cron = await this.cron(name, namespace);
    change(cron);
    await this.store.update(cron);
    await this.controller.idle();
  }

  async cron(name: string, namespace = "default"): Promise<CronObject> {
    const cron = await this.store.get<CronObject>("CronWorkflow", namespace, name);
    if (!cron) throw new Error(`no CronWorkflow ${name}`);
    return cron;
  }

  async status(name: string): Promise<Record<string, unknown>> {
    return (await this.cron(name)).status as Record<string, unknown>;
  }

  /** The cron's children, oldest name first. */
  async children(cronName: string, namespace = "default"): Promise<Workflow[]> {
    return this.store.list<Workflow>("Workflow", namespace, { labels: { [labelCronWorkflow]: cronName } });
  }

  async childNames(cronName: string): Promise<string[]> {
    return (await this.children(cronName)).map((wf) => wf.metadata.name ?? "");
  }

  /** Moves a child to a finished phase, as the workflow controller would. */
  async finish(name: string, phase: WorkflowPhase, namespace = "default"): Promise<void> {
    await this.setPhase(name, phase, namespace);
    await this.controller.idle();
  }

  private async setPhase(name: string, phase: WorkflowPhase, namespace: string): Promise<void> {
    const wf = await this.store.get<Workflow>("Workflow", namespace, name);
    if (!wf) throw new Error(`no Workflow ${name}`);
    const now = rfc3339(this.clock.nowMs);
    wf.status = { ...wf.status, phase, startedAt: wf.status?.startedAt ?? now, finishedAt: now };
    await this.store.update(wf);
  }

  async close(): Promise<void> {
    this.controller.stop();
    await this.controller.idle();
    await this.store.close();
  }
}
