import { artifactStructs } from "./artifacts.js";
import { kubernetesStructs } from "./kubernetes.js";
import type { StructDef, StructRegistry } from "./shape.js";
import { templateStructs } from "./templates.js";
import { workflowStructs } from "./workflow.js";

/** Every struct of the schema by name. */
export const structs: StructRegistry = {
  ...kubernetesStructs,
  ...artifactStructs,
  ...templateStructs,
  ...workflowStructs,
};

/** The kinds the schema describes, with the struct each document must match. */
export const rootStructs: Readonly<Record<string, string>> = {
  Workflow: "Workflow",
  WorkflowTemplate: "WorkflowTemplate",
  ClusterWorkflowTemplate: "WorkflowTemplate",
  CronWorkflow: "CronWorkflow",
  ConfigMap: "ConfigMap",
  Secret: "Secret",
};

/** Looks a struct up by name; undefined for primitives and unknown names. */
export const structNamed = (name: string): StructDef | undefined =>
  Object.hasOwn(structs, name) ? structs[name] : undefined;
