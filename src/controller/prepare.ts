/**
 * Turning what the user gave `argosy run`/`submit` into the Workflow to run: the Workflow of the
 * file, or one made from a loaded template (`--from`), with `-p`, `--parameter-file` and
 * `--entrypoint` applied and a name generated as Kubernetes does for `generateName`.
 */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { parse as parseYaml } from "yaml";
import type { Parameter, Workflow, WorkflowSpec } from "../spec/types.js";
import { invalid } from "../util/errors.js";

export interface SubmitOptions {
  parameters: string[];
  parameterFile?: string;
  entrypoint?: string;
  namespace?: string;
  name?: string;
  generateName?: string;
  labels?: Record<string, string>;
}

const fromKinds: Record<string, string> = {
  workflowtemplate: "WorkflowTemplate",
  wftmpl: "WorkflowTemplate",
  clusterworkflowtemplate: "ClusterWorkflowTemplate",
  cwftmpl: "ClusterWorkflowTemplate",
  cronworkflow: "CronWorkflow",
  cronwf: "CronWorkflow",
  cwf: "CronWorkflow",
};

/** Parses `--from kind/name`; throws `Invalid` for an unknown kind. */
export function parseFrom(from: string): { kind: string; name: string } {
  const [kind = "", name = ""] = from.split("/", 2);
  const resolved = fromKinds[kind.toLowerCase()];
  if (!resolved || !name) {
    throw invalid(
      `--from must be workflowtemplate/NAME, clusterworkflowtemplate/NAME or cronworkflow/NAME, not '${from}'`,
    );
  }
  return { kind: resolved, name };
}

interface TemplateLike {
  kind: string;
  metadata: {
    name?: string;
    uid?: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec: WorkflowSpec & {
    workflowSpec?: WorkflowSpec;
    workflowMetadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  };
}

/** A Workflow made from a (Cluster)WorkflowTemplate or CronWorkflow, as `argo submit --from` makes it. */
export function workflowFrom(source: TemplateLike, namespace: string): Workflow {
  const name = source.metadata.name ?? "";
  if (source.kind === "CronWorkflow") {
    // As Argo's `submit --from cronwf/NAME`: scheduled now, labelled and owned by the cron.
    const spec = structuredClone(source.spec.workflowSpec ?? {});
    const meta = source.spec.workflowMetadata;
    const uid = source.metadata.uid;
    return {
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Workflow",
      metadata: {
        generateName: `${name}-`,
        namespace,
        labels: { "workflows.argoproj.io/cron-workflow": name, ...(meta?.labels ?? {}) },
        annotations: {
          "workflows.argoproj.io/scheduled-time": `${new Date().toISOString().slice(0, 19)}Z`,
          ...(meta?.annotations ?? {}),
        },
        ...(uid
          ? {
              ownerReferences: [
                {
                  apiVersion: "argoproj.io/v1alpha1",
                  kind: "CronWorkflow",
                  name,
                  uid,
                  controller: true,
                  blockOwnerDeletion: true,
                },
              ],
            }
          : {}),
      },
      spec,
    };
  }
  const label =
    source.kind === "ClusterWorkflowTemplate"
      ? "workflows.argoproj.io/cluster-workflow-template"
      : "workflows.argoproj.io/workflow-template";
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { generateName: `${name}-`, namespace, labels: { [label]: name } },
    spec: {
      workflowTemplateRef: {
        name,
        ...(source.kind === "ClusterWorkflowTemplate" ? { clusterScope: true } : {}),
      },
    },
  };
}

/** Applies `-p NAME=VALUE`, the parameter file and `--entrypoint`, and fixes name and namespace. */
export function applySubmitOptions(input: Workflow, opts: SubmitOptions): Workflow {
  const wf = structuredClone(input);
  wf.metadata.namespace = opts.namespace ?? wf.metadata.namespace ?? "default";
  if (opts.name) wf.metadata.name = opts.name;
  if (opts.generateName) wf.metadata.generateName = opts.generateName;
  if (opts.labels) wf.metadata.labels = { ...wf.metadata.labels, ...opts.labels };
  if (opts.entrypoint) wf.spec.entrypoint = opts.entrypoint;
  const overrides: [string, string][] = [];
  if (opts.parameterFile) overrides.push(...readParameterFile(opts.parameterFile));
  for (const p of opts.parameters) {
    const eq = p.indexOf("=");
    if (eq <= 0) throw invalid(`parameter '${p}' must be NAME=VALUE`);
    overrides.push([p.slice(0, eq), p.slice(eq + 1)]);
  }
  if (overrides.length) {
    wf.spec.arguments ??= {};
    const params: Parameter[] = wf.spec.arguments.parameters ?? [];
    for (const [name, value] of overrides) {
      const existing = params.find((x) => x.name === name);
      if (existing) {
        existing.value = value;
        delete existing.valueFrom;
      } else params.push({ name, value });
    }
    wf.spec.arguments.parameters = params;
  }
  if (!wf.metadata.name) wf.metadata.name = generateName(wf.metadata.generateName ?? "workflow-");
  return wf;
}

function readParameterFile(path: string): [string, string][] {
  const parsed: unknown = parseYaml(readFileSync(path, "utf8"));
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw invalid(`parameter file ${path} must be a YAML or JSON map of names to values`);
  }
  return Object.entries(parsed).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
}

const alphabet = "bcdfghjklmnpqrstvwxz2456789";

/** Kubernetes' generateName: the prefix and five characters from its consonant-and-digit alphabet. */
export function generateName(prefix: string): string {
  const bytes = randomBytes(5);
  return prefix + [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
}
