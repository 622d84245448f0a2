/**
 * `runTrigger`: runs one firing of one trigger template with the type set in it. As in Argo
 * Events, the first type found in the order k8s, argoWorkflow, http, nats, log (then Argosy's
 * amqp) is the one that runs; a template with only a type Argosy does not run is `Invalid`.
 * Every error names the trigger.
 */
import type { Firing, TriggerTemplate } from "../types.js";
import { runAmqp } from "./amqp.js";
import { runArgoWorkflow } from "./argo-workflow.js";
import { type RunContext, triggerInvalid, withTriggerName } from "./common.js";
import type { TriggerDeps, TriggerOutcome } from "./deps.js";
import { runHttp } from "./http.js";
import { runK8s } from "./k8s.js";
import { runLog } from "./log.js";
import { runNats } from "./nats.js";

/** Argo Events trigger types Argosy does not run (named in the error). */
const unsupportedTypes = [
  "awsLambda",
  "kafka",
  "pulsar",
  "slack",
  "openWhisk",
  "custom",
  "azureEventHubs",
  "azureServiceBus",
  "email",
];

/**
 * Runs the trigger once. `template` has the Trigger-level `parameters` applied already; the
 * type's own `parameters` (and `payload`) are applied here.
 */
export async function runTrigger(
  template: TriggerTemplate,
  firing: Firing,
  deps: TriggerDeps,
): Promise<TriggerOutcome> {
  const ctx: RunContext = { trigger: template.name || "(unnamed)", firing, deps };
  try {
    return await dispatch(ctx, template);
  } catch (error) {
    throw withTriggerName(ctx, error);
  }
}

async function dispatch(ctx: RunContext, template: TriggerTemplate): Promise<TriggerOutcome> {
  if (template.k8s) return runK8s(ctx, template.k8s);
  if (template.argoWorkflow) return runArgoWorkflow(ctx, template.argoWorkflow);
  if (template.http) return runHttp(ctx, template.http);
  if (template.nats) return runNats(ctx, template.nats);
  if (template.log) return runLog(ctx, template.log);
  if (template.amqp) return runAmqp(ctx, template.amqp);
  const other = unsupportedTypes.find((type) => template[type] !== undefined && template[type] !== null);
  if (other) throw triggerInvalid(ctx, `trigger type "${other}" is not supported by Argosy`);
  throw triggerInvalid(ctx, "the template has no trigger type (argoWorkflow, k8s, http, log, nats or amqp)");
}
