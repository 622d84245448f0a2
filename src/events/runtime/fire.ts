/**
 * One firing of a trigger: its rate limit, the Trigger-level `parameters` applied to its template,
 * the run with its retry strategy and policy, and on failure the `dlqTrigger`. The firing id is a
 * hash of the sensor's uid, the trigger's name and the events' ids, so the same events always give
 * the same id (see `Firing.id`).
 */
import { createHash } from "node:crypto";
import type { Store } from "../../store/types.js";
import { applyParameters, RateLimiter } from "../sensor/index.js";
import type { TriggerWorkflows } from "../triggers/index.js";
import { runTrigger, runWithPolicy, type TriggerDeps } from "../triggers/index.js";
import type { CloudEvent, Firing, Sensor, Trigger, TriggerTemplate } from "../types.js";
import type { Journal } from "./journal.js";
import { messageOf, readSecret } from "./secrets.js";

export interface FireContext {
  sensor: Sensor;
  journal: Journal;
  store: Store;
  workflows: TriggerWorkflows;
  now: () => Date;
  sleep?: (ms: number) => Promise<void>;
}

const limiters = new WeakMap<Trigger, RateLimiter>();
const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The id of a firing: the same sensor, trigger and event ids always give the same one. */
export function firingId(
  sensorUid: string,
  triggerName: string,
  events: Readonly<Record<string, CloudEvent>>,
): string {
  const hash = createHash("sha256").update(sensorUid).update("\u0000").update(triggerName);
  for (const dep of Object.keys(events).sort()) {
    const e = events[dep] as CloudEvent;
    hash.update(`\u0000${dep}=${e.source}/${e.subject}/${e.id}`);
  }
  return hash.digest("hex");
}

/** Runs the trigger for these events; true when it (or nothing failed) succeeded. Never throws. */
export async function fireTrigger(
  trigger: Trigger,
  events: Readonly<Record<string, CloudEvent>>,
  ctx: FireContext,
): Promise<boolean> {
  const namespace = ctx.sensor.metadata.namespace ?? "default";
  const sensorName = ctx.sensor.metadata.name ?? "";
  const triggerName = trigger.template?.name ?? "";
  const sleep = ctx.sleep ?? defaultSleep;
  const firing: Firing = {
    namespace,
    sensorName,
    triggerName,
    events,
    id: firingId(ctx.sensor.metadata.uid ?? `${namespace}/${sensorName}`, triggerName, events),
  };
  const eventIds = Object.values(events)
    .map((e) => e.id)
    .join(",");
  const deps: TriggerDeps = {
    store: ctx.store,
    workflows: ctx.workflows,
    log: (level, message) => ctx.journal.write(level, message, { triggerName }),
    now: ctx.now,
    secret: (selector) => readSecret(ctx.store, namespace, selector),
    ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
  };
  if (trigger.rateLimit) {
    let limiter = limiters.get(trigger);
    if (!limiter) {
      limiter = new RateLimiter(trigger.rateLimit);
      limiters.set(trigger, limiter);
    }
    const wait = limiter.delayMs(ctx.now().getTime());
    if (wait > 0) {
      ctx.journal.write("info", `rate limited: waiting ${wait} ms`, { triggerName });
      await sleep(wait);
    }
  }
  try {
    const template = applyParameters(trigger.template, trigger.parameters ?? [], events) as TriggerTemplate;
    const result = await runWithPolicy(trigger, () => runTrigger(template, firing, deps), deps);
    ctx.journal.counters.triggered++;
    ctx.journal.write("info", `successfully processed trigger: ${result.message}`, {
      triggerName,
      eventId: eventIds,
    });
    return true;
  } catch (e) {
    ctx.journal.counters.failed++;
    ctx.journal.write("error", `failed to execute trigger: ${messageOf(e)}`, {
      triggerName,
      eventId: eventIds,
    });
    if (trigger.dlqTrigger) await fireDlq(trigger.dlqTrigger, events, firing, deps, ctx);
    return false;
  }
}

async function fireDlq(
  dlq: Trigger,
  events: Readonly<Record<string, CloudEvent>>,
  firing: Firing,
  deps: TriggerDeps,
  ctx: FireContext,
): Promise<void> {
  const triggerName = dlq.template?.name ?? "";
  try {
    const template = applyParameters(dlq.template, dlq.parameters ?? [], events) as TriggerTemplate;
    const dlqFiring: Firing = { ...firing, triggerName, id: `${firing.id}-dlq` };
    const result = await runWithPolicy(dlq, () => runTrigger(template, dlqFiring, deps), deps);
    ctx.journal.write("info", `dead-letter trigger ran: ${result.message}`, { triggerName });
  } catch (e) {
    ctx.journal.write("error", `dead-letter trigger failed: ${messageOf(e)}`, { triggerName });
  }
}
