/** The workflow lifecycle after submission: archive, ttlStrategy, podGC, retention, archiveTTL. */
export { type LifecycleClock, systemClock } from "./clock.js";
export { LifecycleController } from "./lifecycle-controller.js";
export type { LifecycleOptions } from "./options.js";
export { ARCHIVE_STRATEGY_LABEL } from "./policy.js";
