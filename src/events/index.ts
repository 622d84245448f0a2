/** Argo Events in Argosy: the events controller, its source drivers, and the contract types. */
export { EventsController, type EventsControllerOptions, type ObjectCounters } from "./runtime/controller.js";
export { Journal, type JournalCounters, type JournalEntry } from "./runtime/journal.js";
export { createSourceDrivers } from "./sources/index.js";
export type * from "./types.js";
