export { fnv32a, nodeIdFor, podNameFor } from "./node-id.js";
export { Engine, reconcile } from "./reconcile.js";
export type {
  Action,
  EngineOptions,
  Observation,
  PodOutcome,
  PodRequest,
  ReconcileResult,
  TemplateRefResolver,
} from "./types.js";
