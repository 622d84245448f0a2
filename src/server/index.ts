/** The Argo-Server-compatible API server: app, serving, authorization hook and metrics registry. */
export { buildApp, createApp, type ServerApp } from "./app.js";
export {
  ALL_NAMESPACES,
  type AuthInfo,
  authorize,
  CLUSTER_SCOPE,
  type Scope,
  type ServerEnv,
  type Verb,
} from "./authorize.js";
export type { ServerDeps, StreamTimings } from "./deps.js";
export { MetricsRegistry } from "./metrics-registry.js";
export { type RunningServer, type StartServerOptions, startServer } from "./serve.js";
