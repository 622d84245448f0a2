import { type Issue, issue } from "../problem.js";
import type { SpecRole, ValidateOptions } from "./context.js";
import { eventKindRules } from "./events.js";
import { objectNameProblem } from "./names.js";
import { asList, asRecord, type Json, stringField } from "./read.js";
import { validateSpec } from "./spec.js";

interface KindRules {
  apiVersion: string;
  /** Argo's limit on the name: 63 (a label value), 52 for CronWorkflows (a timestamp is appended). */
  maxName: number;
  /** Where the workflow spec is, and how it is used; absent for ConfigMap, Secret and Argo Events kinds. */
  spec?: { at: readonly string[]; role: SpecRole };
  /** The kind's own semantic rules (Argo Events' kinds). */
  rules?: (root: Json) => Issue[];
}

const argo = "argoproj.io/v1alpha1";

/** The kinds semantic validation knows. Other kinds yield no problems. */
export const kindRules: Readonly<Record<string, KindRules>> = {
  Workflow: { apiVersion: argo, maxName: 63, spec: { at: ["spec"], role: "workflow" } },
  WorkflowTemplate: { apiVersion: argo, maxName: 63, spec: { at: ["spec"], role: "template" } },
  ClusterWorkflowTemplate: { apiVersion: argo, maxName: 63, spec: { at: ["spec"], role: "template" } },
  CronWorkflow: { apiVersion: argo, maxName: 52, spec: { at: ["spec", "workflowSpec"], role: "cron" } },
  ConfigMap: { apiVersion: "v1", maxName: 253 },
  Secret: { apiVersion: "v1", maxName: 253 },
  // Argo Events puts the object's name in label values of what it deploys: 63 characters at most.
  EventSource: { apiVersion: argo, maxName: 63, rules: eventKindRules.EventSource },
  Sensor: { apiVersion: argo, maxName: 63, rules: eventKindRules.Sensor },
  EventBus: { apiVersion: argo, maxName: 63, rules: eventKindRules.EventBus },
};

/** All semantic problems of one object of a known kind. */
export function validateObject(kind: string, object: unknown, options: ValidateOptions): Issue[] {
  const rules = kindRules[kind];
  const root = asRecord(object);
  if (rules === undefined || root === undefined) return [];
  const out: Issue[] = [];
  checkApiVersion(root, rules, out);
  out.push(...checkMetadata({ kind, root, rules }));
  if (kind === "CronWorkflow") checkCron(root, out);
  if (rules.rules !== undefined) out.push(...rules.rules(root));
  if (rules.spec !== undefined) {
    let spec: unknown = root;
    for (const key of rules.spec.at) spec = asRecord(spec)?.[key];
    if (spec !== undefined)
      out.push(...validateSpec({ spec, at: rules.spec.at, role: rules.spec.role, options }));
  }
  return out;
}

function checkApiVersion(root: Record<string, unknown>, rules: KindRules, out: Issue[]): void {
  const apiVersion = root.apiVersion;
  if (apiVersion === rules.apiVersion) return;
  const message =
    apiVersion === undefined
      ? `apiVersion is required: use ${rules.apiVersion}`
      : `unsupported apiVersion "${String(apiVersion)}": use ${rules.apiVersion}`;
  out.push(issue("api-version", ["apiVersion"], message));
}

interface Named {
  kind: string;
  root: Record<string, unknown>;
  rules: KindRules;
}

function checkMetadata({ kind, root, rules }: Named): Issue[] {
  const metadata = asRecord(root.metadata);
  const name = stringField(metadata, "name");
  const generateName = stringField(metadata, "generateName");
  if (name === undefined && generateName === undefined) {
    return [issue("required", ["metadata"], `${kind} metadata.name or metadata.generateName is required`)];
  }
  const out: Issue[] = [];
  const nameProblem = name && objectNameProblem(name, { max: rules.maxName, prefix: false });
  if (nameProblem)
    out.push(issue("invalid-name", ["metadata", "name"], `name '${name}' is invalid: ${nameProblem}`));
  const prefixProblem = generateName && objectNameProblem(generateName, { max: rules.maxName, prefix: true });
  if (prefixProblem) {
    const message = `generateName '${generateName}' is invalid: ${prefixProblem}`;
    out.push(issue("invalid-name", ["metadata", "generateName"], message));
  }
  return out;
}

const cronDescriptors = /^@(yearly|annually|monthly|weekly|daily|midnight|hourly|every\s+\S+)$/;

/** v4 CronWorkflows list their schedules; each is a standard 5-field cron line or a descriptor. */
function checkCron(root: Record<string, unknown>, out: Issue[]): void {
  const spec = asRecord(root.spec);
  if (spec === undefined) return;
  const schedules = asList(spec.schedules);
  if (schedules.length === 0) {
    const at = spec.schedules === undefined ? ["spec"] : ["spec", "schedules"];
    out.push(issue("cron", at, "cron workflow must have at least one schedule"));
  }
  schedules.forEach((s, i) => {
    if (typeof s !== "string") return;
    const line = s.replace(/^(CRON_TZ|TZ)=\S+\s+/, "").trim();
    if (cronDescriptors.test(line) || line.split(/\s+/).length === 5) return;
    out.push(
      issue(
        "cron",
        ["spec", "schedules", i],
        `cron schedule ${s} is malformed: expected 5 fields or a descriptor such as @daily`,
      ),
    );
  });
}
