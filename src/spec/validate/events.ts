/**
 * Semantic rules of Argo Events' kinds (EventSource, Sensor, EventBus), by kind. The schema checks
 * shapes; these check what Argo Events' controllers and sources check, plus what would make a
 * manifest never work (a condition naming an unknown dependency, a cron line that cannot fire).
 */
import type { Issue } from "../problem.js";
import { validateEventBus } from "./events-bus.js";
import { validateSensor } from "./events-sensors.js";
import { validateEventSource } from "./events-sources.js";
import type { Json } from "./read.js";

/** The semantic rules of each Argo Events kind. */
export const eventKindRules: Readonly<
  Record<"EventSource" | "Sensor" | "EventBus", (root: Json) => Issue[]>
> = {
  EventSource: validateEventSource,
  Sensor: validateSensor,
  EventBus: validateEventBus,
};
