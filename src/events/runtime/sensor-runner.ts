/**
 * Runs one Sensor: a durable consumer on the bus for the subjects its dependencies name. For each
 * event: transform and filter it per matching dependency (a rejection is logged with its reason),
 * hold it in the persisted state of every trigger whose conditions name that dependency, and fire
 * each trigger whose conditions are now met. The event is acknowledged only after that, so a crash
 * anywhere re-delivers it, and a firing repeated with the same events carries the same id (the
 * triggers make that idempotent): each event triggers once.
 */
import { Cron } from "croner";
import type { Store } from "../../store/types.js";
import { type Conditions, filterEvent, parseConditions, transformEvent } from "../sensor/index.js";
import type { TriggerWorkflows } from "../triggers/index.js";
import type { CloudEvent, EventBus, EventDependency, Sensor, Subscription, Trigger } from "../types.js";
import { fireTrigger } from "./fire.js";
import { Journal } from "./journal.js";
import { messageOf } from "./secrets.js";
import { SensorState } from "./sensor-state.js";

export interface SensorRunnerOptions {
  store: Store;
  bus: EventBus;
  workflows: TriggerWorkflows;
  now: () => Date;
  /** Waits (rate limits, retries); tests make it instant. */
  sleep?: (ms: number) => Promise<void>;
  /** Kept across restarts of the same object by the controller. */
  journal?: Journal;
}

interface ArmedTrigger {
  trigger: Trigger;
  name: string;
  conditions: Conditions;
  resets: Cron[];
}

export class SensorRunner {
  readonly journal: Journal;
  private readonly state: SensorState;
  private triggers: ArmedTrigger[] = [];
  private subscription: Subscription | undefined;

  constructor(
    private readonly sensor: Sensor,
    private readonly options: SensorRunnerOptions,
  ) {
    const namespace = sensor.metadata.namespace ?? "default";
    const name = sensor.metadata.name ?? "";
    this.journal = options.journal ?? new Journal({ namespace, sensorName: name }, 200, options.now);
    this.state = new SensorState(options.store, namespace, name, () => options.now().getTime());
  }

  private get dependencies(): EventDependency[] {
    return this.sensor.spec?.dependencies ?? [];
  }

  async start(): Promise<void> {
    const names = this.dependencies.map((d) => d.name);
    this.triggers = (this.sensor.spec?.triggers ?? []).map((trigger) => this.arm(trigger, names));
    await this.state.retain(new Map(this.triggers.map((t) => [t.name, new Set(t.conditions.names)])));
    const subjects = uniqueSubjects(this.dependencies);
    this.subscription = await this.options.bus.subscribe({
      consumer: `sensor-${this.sensor.metadata.name ?? ""}`,
      subjects,
      handler: (event) => this.handle(event),
    });
    this.journal.write("info", `started: ${subjects.length} subject(s), ${this.triggers.length} trigger(s)`);
  }

  async stop(): Promise<void> {
    for (const t of this.triggers) for (const cron of t.resets) cron.stop();
    await this.subscription?.close();
    this.subscription = undefined;
  }

  private arm(trigger: Trigger, dependencyNames: string[]): ArmedTrigger {
    const name = trigger.template?.name ?? "";
    const text = trigger.template?.conditions;
    const conditions = text ? parseConditions(text) : parseConditions(dependencyNames.join(" && "));
    const resets: Cron[] = [];
    for (const reset of trigger.template?.conditionsReset ?? []) {
      const byTime = reset.byTime;
      if (!byTime?.cron) continue;
      resets.push(
        new Cron(byTime.cron, { ...(byTime.timezone ? { timezone: byTime.timezone } : {}) }, async () => {
          const dropped = await this.state.reset(name).catch(() => 0);
          this.journal.write(
            "info",
            `conditions reset by schedule "${byTime.cron}": ${dropped} held event(s) dropped`,
            {
              triggerName: name,
            },
          );
        }),
      );
    }
    return { trigger, name, conditions, resets };
  }

  /** One delivered event; throwing leaves it unacknowledged (delivered again). */
  private async handle(event: CloudEvent): Promise<void> {
    this.journal.counters.received++;
    const accepted = new Map<string, CloudEvent>();
    for (const dep of this.dependencies) {
      if (dep.eventSourceName !== event.source || dep.eventName !== event.subject) continue;
      const fields = { dependencyName: dep.name, eventId: event.id };
      let transformed: CloudEvent;
      try {
        transformed = await transformEvent(dep, event);
      } catch (e) {
        this.journal.counters.filtered++;
        this.journal.write("error", `event discarded: transform failed: ${messageOf(e)}`, fields);
        continue;
      }
      const verdict = await filterEvent(dep, transformed, this.options.now());
      if (!verdict.pass) {
        this.journal.counters.filtered++;
        this.journal.write(
          "info",
          `event discarded by filters: ${verdict.reason ?? "no reason given"}`,
          fields,
        );
        continue;
      }
      this.journal.write("info", "event accepted", fields);
      accepted.set(dep.name, transformed);
    }
    for (const armed of this.triggers) await this.offer(armed, accepted);
  }

  private async offer(armed: ArmedTrigger, accepted: ReadonlyMap<string, CloudEvent>): Promise<void> {
    const mine = armed.conditions.names.filter((n) => accepted.has(n));
    if (mine.length === 0) return;
    for (const dep of mine) {
      const event = accepted.get(dep) as CloudEvent;
      if (!(await this.state.hold(armed.name, dep, event))) {
        this.journal.write("info", "event already used by an earlier firing; not counted again", {
          triggerName: armed.name,
          dependencyName: dep,
          eventId: event.id,
        });
      }
    }
    const held = await this.state.pending(armed.name);
    const have = new Set(Object.keys(held));
    if (!armed.conditions.evaluate(have)) {
      const missing = armed.conditions.names.filter((n) => !have.has(n));
      this.journal.write(
        "info",
        `trigger waits: conditions "${armed.trigger.template.conditions ?? armed.conditions.names.join(" && ")}" not met (have ${[...have].join(", ") || "none"}; missing ${missing.join(", ")})`,
        { triggerName: armed.name },
      );
      return;
    }
    const used: Record<string, CloudEvent> = {};
    for (const n of armed.conditions.names) if (held[n] !== undefined) used[n] = held[n];
    const ok = await fireTrigger(armed.trigger, used, {
      sensor: this.sensor,
      journal: this.journal,
      store: this.options.store,
      workflows: this.options.workflows,
      now: this.options.now,
      ...(this.options.sleep ? { sleep: this.options.sleep } : {}),
    });
    // A failed at-least-once trigger keeps its events and the delivery is retried.
    if (!ok && armed.trigger.atLeastOnce)
      throw new Error(`trigger "${armed.name}" failed; the event will be retried`);
    await this.state.consume(armed.name, used);
  }
}

function uniqueSubjects(deps: readonly EventDependency[]) {
  const seen = new Map<string, { eventSourceName: string; eventName: string }>();
  for (const d of deps)
    seen.set(`${d.eventSourceName}\u0000${d.eventName}`, {
      eventSourceName: d.eventSourceName,
      eventName: d.eventName,
    });
  return [...seen.values()];
}
