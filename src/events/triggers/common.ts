/**
 * Small pieces every trigger runner shares: the context of one run, errors that name the trigger
 * and the field at fault, the labels Argo Events puts on what a trigger creates, and JSON helpers.
 */
import { ArgosyError, invalid } from "../../util/errors.js";
import type { Firing } from "../types.js";
import { nowOf, type TriggerDeps } from "./deps.js";

/** One run of one trigger template. */
export interface RunContext {
  /** The template's name (`template.name`). */
  trigger: string;
  firing: Firing;
  deps: TriggerDeps;
}

/** Argo Events' labels on objects a trigger creates (`events.argoproj.io/…`). */
export const labelSensor = "events.argoproj.io/sensor";
export const labelTrigger = "events.argoproj.io/trigger";
export const labelActionTimestamp = "events.argoproj.io/action-timestamp";

/** The labels Argo Events adds when a trigger creates an object: sensor, trigger, and the time in ms. */
export function triggerLabels(ctx: RunContext): Record<string, string> {
  return {
    [labelSensor]: ctx.firing.sensorName,
    [labelTrigger]: ctx.trigger,
    [labelActionTimestamp]: String(nowOf(ctx.deps).getTime()),
  };
}

/** `Invalid` with the trigger's name in front: `trigger "t1": <message>`. */
export function triggerInvalid(
  ctx: Pick<RunContext, "trigger">,
  message: string,
  cause?: unknown,
): ArgosyError {
  return invalid(`trigger "${ctx.trigger}": ${message}`, cause === undefined ? undefined : { cause });
}

/** The same error with the trigger's name in front of its message, keeping its code. */
export function withTriggerName(ctx: Pick<RunContext, "trigger">, error: unknown): Error {
  const prefix = `trigger "${ctx.trigger}": `;
  if (error instanceof ArgosyError) {
    if (error.message.startsWith(prefix)) return error;
    return new ArgosyError(error.code, prefix + error.message, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new ArgosyError("Internal", prefix + message, { cause: error });
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `ns/name`, or `name` for cluster-scoped objects. */
export const qualified = (namespace: string, name: string): string =>
  namespace === "" ? name : `${namespace}/${name}`;

/**
 * The namespace a trigger acts in: always the Sensor's own. A resource that names another
 * namespace is refused, so a user allowed to write Sensors in one namespace cannot reach another
 * through a trigger (Argo leaves this to the sensor's service account; Argosy has no RBAC).
 */
export function ownNamespace(
  ctx: Pick<RunContext, "trigger" | "firing">,
  requested: unknown,
  what: string,
): string {
  const own = ctx.firing.namespace;
  if (requested === undefined || requested === null || requested === "" || requested === own) return own;
  throw triggerInvalid(
    ctx,
    `${what}: namespace "${String(requested)}" is not the Sensor's namespace "${own}"; a Sensor acts only in its own namespace`,
  );
}
