/** Defaults both buses share, as Argo's JetStream EventBus has them. */

/** A second event with the same source and id within this window is a duplicate: 5 minutes. */
export const DEFAULT_DEDUPE_WINDOW_MS = 5 * 60_000;

/** Events are kept at most this long, handled or not: 72 hours (Argo's stream `maxAge`). */
export const DEFAULT_MAX_AGE_MS = 72 * 3_600_000;
