import { artifactStructs } from "./artifacts.js";
import { eventBusStructs } from "./events-bus.js";
import { eventsCommonStructs } from "./events-common.js";
import { sensorStructs } from "./events-sensors.js";
import { eventSourceStructs } from "./events-sources.js";
import { moreEventSourceStructs } from "./events-sources-more.js";
import { moreTriggerStructs } from "./events-triggers-more.js";
import { kubernetesStructs } from "./kubernetes.js";
import type { StructDef, StructRegistry } from "./shape.js";
import { templateStructs } from "./templates.js";
import { workflowStructs } from "./workflow.js";

/** The struct tables of each module; names must be unique across them (a test checks). */
export const structModules: readonly Readonly<Record<string, StructDef>>[] = [
  kubernetesStructs,
  artifactStructs,
  templateStructs,
  workflowStructs,
  eventsCommonStructs,
  eventSourceStructs,
  moreEventSourceStructs,
  sensorStructs,
  moreTriggerStructs,
  eventBusStructs,
];

/** Every struct of the schema by name. */
export const structs: StructRegistry = Object.assign({}, ...structModules);

/** The kinds the schema describes, with the struct each document must match. */
export const rootStructs: Readonly<Record<string, string>> = {
  Workflow: "Workflow",
  WorkflowTemplate: "WorkflowTemplate",
  ClusterWorkflowTemplate: "WorkflowTemplate",
  CronWorkflow: "CronWorkflow",
  ConfigMap: "ConfigMap",
  Secret: "Secret",
  EventSource: "EventSource",
  Sensor: "Sensor",
  EventBus: "EventBus",
};

/** Looks a struct up by name; undefined for primitives and unknown names. */
export const structNamed = (name: string): StructDef | undefined =>
  Object.hasOwn(structs, name) ? structs[name] : undefined;
