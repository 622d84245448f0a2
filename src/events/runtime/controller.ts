/**
 * The events controller: runs every stored EventSource and Sensor, following the Store's watch.
 * A created or changed object is (re)started, a deleted one stopped; a changed EventBus restarts
 * what uses it. Work on one object is serialized, so a quick create-update-delete cannot leave two
 * runners. A runner that fails to start is logged in its journal; the others carry on, and a broken
 * manifest never stops the controller.
 */
import type { Store, StoredObject, WatchEvent } from "../../store/types.js";
import type { TriggerWorkflows } from "../triggers/index.js";
import type { EventSource, Sensor, SourceDriver, SourceType } from "../types.js";
import { Buses } from "./buses.js";
import { Journal, type JournalCounters } from "./journal.js";
import { messageOf } from "./secrets.js";
import { SensorRunner } from "./sensor-runner.js";
import { SensorState } from "./sensor-state.js";
import { SourceRunner } from "./source-runner.js";

export interface EventsControllerOptions {
  store: Store;
  workflows: TriggerWorkflows;
  drivers: Readonly<Record<SourceType, SourceDriver>>;
  /** Where a local JetStream server keeps its data (`<home>/eventbus/…`). */
  home: string;
  now?: () => Date;
  /** Waits of rate limits and retries (tests). */
  sleep?: (ms: number) => Promise<void>;
}

type Kind = "EventSource" | "Sensor";

interface Running {
  kind: Kind;
  namespace: string;
  name: string;
  busName: string;
  specJson: string;
  runner: SourceRunner | SensorRunner;
}

/** Counters of one object, for `/metrics`. */
export interface ObjectCounters extends JournalCounters {
  kind: Kind;
  namespace: string;
  name: string;
}

export class EventsController {
  private readonly buses: Buses;
  private readonly running = new Map<string, Running>();
  private readonly journals = new Map<string, Journal>();
  private readonly queues = new Map<string, Promise<void>>();
  private readonly stopWatches: (() => void)[] = [];
  private readonly now: () => Date;
  private stopped = false;

  constructor(private readonly options: EventsControllerOptions) {
    this.buses = new Buses(options.store, options.home);
    this.now = options.now ?? (() => new Date());
  }

  /** Starts every stored EventSource and Sensor and follows changes. */
  async start(): Promise<void> {
    const { store } = this.options;
    for (const kind of ["EventSource", "Sensor", "EventBus"] as const) {
      this.stopWatches.push(store.watch(kind, (e) => this.onWatch(e)));
    }
    const objects = [...(await store.list("EventSource")), ...(await store.list("Sensor"))];
    for (const o of objects) this.enqueue(o.kind as Kind, o.metadata.namespace ?? "", o.metadata.name ?? "");
    await this.idle();
  }

  /** Resolves when no object is being started or stopped. */
  async idle(): Promise<void> {
    while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const stop of this.stopWatches.splice(0)) stop();
    await this.idle();
    await Promise.allSettled([...this.running.values()].map((r) => r.runner.stop()));
    this.running.clear();
    await this.buses.closeAll();
  }

  /** The journal of an EventSource or Sensor (created empty when it has none yet). */
  journal(kind: Kind, namespace: string, name: string): Journal {
    const key = keyOf(kind, namespace, name);
    let journal = this.journals.get(key);
    if (!journal) {
      journal = new Journal(
        kind === "Sensor" ? { namespace, sensorName: name } : { namespace, eventSourceName: name },
        200,
        this.now,
      );
      this.journals.set(key, journal);
    }
    return journal;
  }

  /** Counters of every object seen since start. */
  counters(): ObjectCounters[] {
    return [...this.journals.entries()].map(([key, journal]) => {
      const [kind, namespace, name] = key.split("/") as [Kind, string, string];
      return { kind, namespace, name, ...journal.counters };
    });
  }

  private onWatch(event: WatchEvent): void {
    if (this.stopped) return;
    if (event.kind === "EventBus") {
      for (const r of this.running.values()) {
        if (r.namespace === event.namespace && r.busName === event.name)
          this.enqueue(r.kind, r.namespace, r.name);
      }
      return;
    }
    this.enqueue(event.kind as Kind, event.namespace, event.name);
  }

  /** Reconciles one object after whatever is already queued for it. */
  private enqueue(kind: Kind, namespace: string, name: string): void {
    const key = keyOf(kind, namespace, name);
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.reconcile(kind, namespace, name))
      .catch((e) => this.journal(kind, namespace, name).write("error", `controller error: ${messageOf(e)}`))
      .finally(() => {
        if (this.queues.get(key) === next) this.queues.delete(key);
      });
    this.queues.set(key, next);
  }

  private async reconcile(kind: Kind, namespace: string, name: string): Promise<void> {
    const key = keyOf(kind, namespace, name);
    const object = this.stopped
      ? undefined
      : await this.options.store.get<StoredObject>(kind, namespace, name);
    const current = this.running.get(key);
    const specJson = JSON.stringify(object?.spec ?? null);
    const busName = busNameOf(object);
    const busChanged = current ? await this.buses.changed(namespace, current.busName) : false;
    if (current && object && current.specJson === specJson && current.busName === busName && !busChanged)
      return;
    const journal = this.journal(kind, namespace, name);
    if (current) {
      this.running.delete(key);
      await current.runner.stop();
      journal.write("info", object ? "restarting: the manifest changed" : "stopped: deleted");
      if (busChanged) await this.buses.close(namespace, current.busName);
    }
    if (!object) {
      // A deleted Sensor's held events go with it; a Sensor created later under its name starts empty.
      // (Not when the controller is stopping: then the Sensor still exists and its state must stay.)
      if (kind === "Sensor" && !this.stopped)
        await new SensorState(this.options.store, namespace, name).clear();
      return;
    }
    const bus = await this.buses.get(namespace, busName);
    const runner =
      kind === "Sensor"
        ? new SensorRunner(object as unknown as Sensor, {
            store: this.options.store,
            bus,
            workflows: this.options.workflows,
            now: this.now,
            journal,
            ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
          })
        : new SourceRunner(object as unknown as EventSource, {
            store: this.options.store,
            bus,
            drivers: this.options.drivers,
            now: this.now,
            journal,
          });
    try {
      await runner.start();
    } catch (e) {
      journal.write("error", `failed to start: ${messageOf(e)}`);
      await runner.stop().catch(() => undefined);
      return;
    }
    this.running.set(key, { kind, namespace, name, busName, specJson, runner });
  }
}

const keyOf = (kind: Kind, namespace: string, name: string) => `${kind}/${namespace}/${name}`;

function busNameOf(object: StoredObject | undefined): string {
  const spec = object?.spec as { eventBusName?: unknown } | undefined;
  return typeof spec?.eventBusName === "string" && spec.eventBusName !== "" ? spec.eventBusName : "default";
}
