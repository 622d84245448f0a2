/**
 * The `log` trigger: writes each event of the firing (its data as the message, the dependency name
 * and the event's context as fields) to the sensor's log at info. With `intervalSeconds`, a
 * trigger logs at most once per interval and drops the firings in between, as Argo Events does;
 * the time of the last log line is kept per sensor and trigger in this process.
 */
import type { CloudEvent, LogTrigger } from "../types.js";
import type { RunContext } from "./common.js";
import { nowOf, type TriggerOutcome } from "./deps.js";

const lastLogged = new Map<string, number>();

export function runLog(ctx: RunContext, spec: LogTrigger): TriggerOutcome {
  const key = `${ctx.firing.namespace}/${ctx.firing.sensorName}/${ctx.trigger}`;
  const now = nowOf(ctx.deps).getTime();
  const intervalMs = Math.max(0, Number(spec.intervalSeconds ?? 0)) * 1000;
  const last = lastLogged.get(key);
  if (last !== undefined && intervalMs > 0 && now <= last + intervalMs) {
    return { message: `not logged: the last log line was less than ${spec.intervalSeconds}s ago` };
  }
  const names = Object.keys(ctx.firing.events).sort();
  for (const dependencyName of names) {
    const event = ctx.firing.events[dependencyName] as CloudEvent;
    const { data, ...eventContext } = event;
    ctx.deps.log("info", dataString(data), {
      sensor: ctx.firing.sensorName,
      trigger: ctx.trigger,
      dependencyName,
      eventContext,
    });
  }
  lastLogged.set(key, now);
  return { message: `logged ${names.length} event${names.length === 1 ? "" : "s"}` };
}

function dataString(data: unknown): string {
  if (typeof data === "string") return data;
  return JSON.stringify(data) ?? "";
}
