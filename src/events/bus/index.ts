/**
 * The event bus: the embedded one in the Store (the default) and NATS JetStream, both behind the
 * `EventBus` contract of `../types.ts`, plus the local `nats-server` for a `jetstream` EventBus.
 */
export { decodeEvent, encodeEvent } from "./codec.js";
export { DEFAULT_DEDUPE_WINDOW_MS, DEFAULT_MAX_AGE_MS } from "./defaults.js";
export { type EmbeddedBusOptions, openEmbeddedBus } from "./embedded.js";
export { type JetStreamBusOptions, openJetStreamBus } from "./jetstream.js";
export {
  findNatsServer,
  type LocalNatsServer,
  type LocalNatsServerOptions,
  startLocalNatsServer,
} from "./nats-server.js";
export { durableName, subjectKey, subjectToken } from "./subjects.js";
