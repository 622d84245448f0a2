/**
 * Trigger runners: what a sensor does when a trigger's conditions are met. `runTrigger` runs one
 * firing once; `runWithPolicy` adds the Trigger's `retryStrategy` and `policy`;
 * `closeTriggerConnections` closes the broker connections the nats and amqp triggers keep.
 */
import { closeAmqpConnections } from "./amqp.js";
import { closeNatsConnections } from "./nats.js";

export { firingAnnotation, firingName } from "./create-once.js";
export type { TriggerDeps, TriggerOutcome, TriggerWorkflows } from "./deps.js";
export { runWithPolicy } from "./policy.js";
export { runTrigger } from "./run.js";

/** Closes every NATS and AMQP connection the triggers of this process opened. */
export async function closeTriggerConnections(): Promise<void> {
  await Promise.all([closeNatsConnections(), closeAmqpConnections()]);
}
