/**
 * Loading the files given to `argosy run`/`lint`: every document with its problems, the objects
 * that go into the store, and a synchronous templateRef lookup over the loaded templates.
 */
import type { TemplateRefResolver } from "../engine/index.js";
import { hasErrors, type LoadedDocument, loadFile, type Problem, validateDocument } from "../spec/index.js";
import type { Workflow, WorkflowSpec } from "../spec/types.js";

export interface LoadedManifests {
  documents: LoadedDocument[];
  problems: Problem[];
}

export const objectKinds = new Set([
  "WorkflowTemplate",
  "ClusterWorkflowTemplate",
  "CronWorkflow",
  "ConfigMap",
  "Secret",
]);
const lintedKinds = new Set([
  "Workflow",
  "WorkflowTemplate",
  "ClusterWorkflowTemplate",
  "CronWorkflow",
  "EventSource",
  "Sensor",
  "EventBus",
]);

export async function loadManifests(files: string[]): Promise<LoadedManifests> {
  const documents: LoadedDocument[] = [];
  const problems: Problem[] = [];
  for (const file of files) {
    const loaded = await loadFile(file);
    documents.push(...loaded.documents);
    problems.push(...loaded.problems);
  }
  return { documents, problems };
}

interface Named {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: WorkflowSpec;
}

const asNamed = (doc: LoadedDocument): Named => (doc.object ?? {}) as Named;

/** Looks up WorkflowTemplates (by namespace and name) and ClusterWorkflowTemplates (by name) among the documents. */
export function templateResolver(documents: LoadedDocument[], defaultNamespace: string): TemplateRefResolver {
  const namespaced = new Map<string, WorkflowSpec>();
  const cluster = new Map<string, WorkflowSpec>();
  for (const doc of documents) {
    const o = asNamed(doc);
    const name = o.metadata?.name;
    if (!name || !o.spec) continue;
    if (o.kind === "WorkflowTemplate")
      namespaced.set(`${o.metadata?.namespace ?? defaultNamespace}/${name}`, o.spec);
    if (o.kind === "ClusterWorkflowTemplate") cluster.set(name, o.spec);
  }
  return ({ name, clusterScope, namespace }) =>
    clusterScope
      ? cluster.get(name)
      : (namespaced.get(`${namespace}/${name}`) ?? namespaced.get(`${defaultNamespace}/${name}`));
}

export interface LintDocumentsOptions {
  /** Only these kinds are linted. @default the workflow kinds and Argo Events' EventSource, Sensor, EventBus */
  kinds?: Set<string>;
  /** `ignore` when templates the files do not hold may exist elsewhere (on the server). @default "error" */
  unknownTemplateRefs?: "error" | "ignore";
  /** Parameter names the user supplies (`-p name=value`). */
  suppliedParameters?: string[];
}

/** Validates every Argo document; problems carry file, line and column. */
export function lintDocuments(
  documents: LoadedDocument[],
  defaultNamespace: string,
  options: LintDocumentsOptions = {},
): Problem[] {
  const resolve = templateResolver(documents, defaultNamespace);
  const kinds = options.kinds ?? lintedKinds;
  const problems: Problem[] = [];
  for (const doc of documents) {
    if (!doc.kind || !kinds.has(doc.kind)) continue;
    const namespace = asNamed(doc).metadata?.namespace ?? defaultNamespace;
    problems.push(
      ...validateDocument(doc, {
        resolveTemplateRef: (name: string, clusterScope?: boolean) =>
          resolve({ name, clusterScope, namespace }),
        ...(options.unknownTemplateRefs ? { unknownTemplateRefs: options.unknownTemplateRefs } : {}),
        ...(options.suppliedParameters ? { suppliedParameters: options.suppliedParameters } : {}),
      }),
    );
  }
  return problems;
}

export { hasErrors };

/** The Workflow documents among `documents`. */
export const workflowsIn = (documents: LoadedDocument[]): Workflow[] =>
  documents.filter((d) => d.kind === "Workflow").map((d) => d.object as Workflow);
