/**
 * `runWithPolicy`: one firing of a Trigger with its `retryStrategy` and `policy`, as Argo Events'
 * sensor does it. The run and its policy check form one attempt; a failed attempt is repeated
 * after the retryStrategy's backoff (no retryStrategy = one attempt). Errors that repeating cannot
 * fix (`Invalid`: a bad manifest or payload) are not retried.
 *
 * Policies: `status.allow` fails an http trigger whose response status is not listed (without it
 * any status passes); `k8s.labels` waits, with `k8s.backoff` between looks, until the object the
 * trigger created or acted on carries all those labels. When it never does, the trigger fails only
 * with `errorOnBackoffTimeout`; otherwise it counts as a success, as in Argo Events.
 */
import type { StoredObject } from "../../store/types.js";
import { ArgosyError, internal, isArgosyError, notFound } from "../../util/errors.js";
import { backoffDelays, defaultBackoff } from "../sensor/index.js";
import type { Trigger, TriggerResult } from "../types.js";
import { qualified } from "./common.js";
import { realSleep, type TriggerDeps, type TriggerOutcome } from "./deps.js";

export async function runWithPolicy(
  trigger: Trigger,
  run: () => Promise<TriggerResult>,
  deps: TriggerDeps,
): Promise<TriggerResult> {
  const name = trigger.template?.name ?? "";
  const delays = backoffOf(name, "retryStrategy", () => backoffDelays(trigger.retryStrategy));
  const sleep = deps.sleep ?? realSleep;
  for (let attempt = 0; ; attempt++) {
    try {
      const result = await run();
      await applyPolicy(trigger, result, deps, sleep);
      return result;
    } catch (error) {
      const delay = delays[attempt];
      const message = error instanceof Error ? error.message : String(error);
      if (delay === undefined || (isArgosyError(error) && error.code === "Invalid")) {
        throw attempt === 0 ? error : afterAttempts(error, attempt + 1);
      }
      deps.log("warn", `trigger "${name}" failed, retrying in ${delay}ms: ${message}`, {
        trigger: name,
        attempt: attempt + 1,
      });
      await sleep(delay);
    }
  }
}

/** The backoff's delays; a bad backoff is `Invalid`, naming the trigger and the field. */
function backoffOf(trigger: string, field: string, delays: () => number[]): number[] {
  try {
    return delays();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new ArgosyError("Invalid", `trigger "${trigger}": ${field}: ${message}`, { cause });
  }
}

function afterAttempts(error: unknown, attempts: number): Error {
  const message = error instanceof Error ? error.message : String(error);
  const code = isArgosyError(error) ? error.code : "Internal";
  return new ArgosyError(code, `${message} (failed after ${attempts} attempts)`, { cause: error });
}

async function applyPolicy(
  trigger: Trigger,
  result: TriggerOutcome,
  deps: TriggerDeps,
  sleep: (ms: number) => Promise<void>,
): Promise<void> {
  const name = trigger.template?.name ?? "";
  const allow = trigger.policy?.status?.allow;
  if (
    Array.isArray(allow) &&
    typeof result.status === "number" &&
    !allow.map(Number).includes(result.status)
  ) {
    throw internal(
      `trigger "${name}": http response status ${result.status} is not allowed by policy.status.allow`,
    );
  }
  const k8s = trigger.policy?.k8s;
  if (!k8s?.labels || !result.object || trigger.template?.k8s?.operation === "delete") return;
  const { kind, namespace, name: objectName } = result.object;
  const where = `${kind} ${qualified(namespace, objectName)}`;
  const delays = backoffOf(name, "policy.k8s.backoff", () => backoffDelays(k8s.backoff ?? defaultBackoff));
  for (let look = 0; ; look++) {
    const obj = await deps.store.get<StoredObject>(kind, namespace, objectName);
    if (!obj) throw notFound(where);
    const labels = obj.metadata.labels ?? {};
    if (Object.entries(k8s.labels).every(([k, v]) => labels[k] === v)) return;
    const delay = delays[look];
    if (delay === undefined) break;
    await sleep(delay);
  }
  if (k8s.errorOnBackoffTimeout) {
    throw internal(`trigger "${name}": ${where} did not get the labels of policy.k8s.labels in time`);
  }
  deps.log("info", `${where} did not get the labels of policy.k8s.labels in time; counted as success`, {
    trigger: name,
  });
}
