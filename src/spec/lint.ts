import { type LoadedDocument, loadDocuments } from "./load.js";
import { formatPath, type Issue, type Problem, warning } from "./problem.js";
import { checkSchema } from "./schema/check.js";
import { closestName } from "./schema/suggest.js";
import type { WorkflowSpec } from "./types.js";
import type { TemplateRefLookup, ValidateOptions } from "./validate/context.js";
import { kindRules, validateObject } from "./validate/kinds.js";
import { asRecord, stringField } from "./validate/read.js";

/** Options of {@link validateDocument} and {@link lintText}. */
export type LintOptions = ValidateOptions;

/** The kinds Argosy validates: Argo Workflows' four, ConfigMap, Secret and Argo Events' three. */
export const lintedKinds = Object.keys(kindRules);

// Other kinds of the argoproj.io group (Argo Workflows internals): not linted, but not misspellings
// either.
const otherArgoKinds = [
  "WorkflowEventBinding",
  "WorkflowTaskSet",
  "WorkflowTaskResult",
  "WorkflowArtifactGCTask",
];

/**
 * Schema and semantic problems of one loaded document, each placed at its line and column. Documents
 * of other kinds yield nothing, except a warning for an argoproj.io kind that does not exist.
 */
export function validateDocument(doc: LoadedDocument, options: LintOptions = {}): Problem[] {
  const kind = doc.kind;
  let issues: Issue[];
  if (kind !== undefined && Object.hasOwn(kindRules, kind)) {
    issues = [...checkSchema(kind, doc.object), ...validateObject(kind, doc.object, options)];
  } else {
    issues = unknownKind(doc);
  }
  return dedupe(issues)
    .map((i) => place(i, doc))
    .sort(byPosition);
}

/** Source order, so a reader can walk the file top to bottom; unplaced problems go last. */
const byPosition = (a: Problem, b: Problem): number =>
  (a.line ?? Number.MAX_SAFE_INTEGER) - (b.line ?? Number.MAX_SAFE_INTEGER) ||
  (a.column ?? 0) - (b.column ?? 0);

/**
 * Lints every document of a YAML text: syntax problems first, then each Workflow, WorkflowTemplate,
 * ClusterWorkflowTemplate, CronWorkflow, ConfigMap, Secret, EventSource, Sensor and EventBus.
 * Template references resolve against the templates defined in the same text, then through
 * `options.resolveTemplateRef` when given; without it, a reference to a template defined elsewhere is
 * not reported.
 */
export function lintText(text: string, file?: string, options: LintOptions = {}): Problem[] {
  const { documents, problems } = loadDocuments(text, file);
  const local = localTemplates(documents);
  const given = options.resolveTemplateRef;
  const resolveTemplateRef: TemplateRefLookup = (name, clusterScope) =>
    local.get(key(name, clusterScope)) ?? given?.(name, clusterScope);
  const effective: LintOptions = {
    ...options,
    resolveTemplateRef,
    unknownTemplateRefs: given === undefined ? "ignore" : (options.unknownTemplateRefs ?? "error"),
  };
  for (const doc of documents) problems.push(...validateDocument(doc, effective));
  return problems;
}

/** WorkflowTemplates and ClusterWorkflowTemplates of a set of documents, by scope and name. */
export function localTemplates(documents: readonly LoadedDocument[]): Map<string, WorkflowSpec> {
  const found = new Map<string, WorkflowSpec>();
  for (const doc of documents) {
    if (doc.kind !== "WorkflowTemplate" && doc.kind !== "ClusterWorkflowTemplate") continue;
    const object = asRecord(doc.object);
    const name = stringField(asRecord(object?.metadata), "name");
    const spec = asRecord(object?.spec);
    if (name === undefined || spec === undefined) continue;
    // Only names are trusted here; the spec is read defensively wherever it is used.
    found.set(key(name, doc.kind === "ClusterWorkflowTemplate"), spec as WorkflowSpec);
  }
  return found;
}

const key = (name: string, clusterScope: boolean): string =>
  `${clusterScope ? "cluster" : "namespace"}/${name}`;

function unknownKind(doc: LoadedDocument): Issue[] {
  const apiVersion = stringField(asRecord(doc.object), "apiVersion");
  const group = apiVersion?.split("/")[0];
  if (group !== "argoproj.io" || (doc.kind !== undefined && otherArgoKinds.includes(doc.kind))) return [];
  const near = doc.kind === undefined ? undefined : closestName(doc.kind, lintedKinds);
  const hint = near === undefined ? "" : ` (did you mean "${near}"?)`;
  const what = doc.kind === undefined ? "no kind" : `unknown kind "${doc.kind}"`;
  return [warning("unknown-kind", ["kind"], `${what} for ${apiVersion}${hint}`)];
}

function place(i: Issue, doc: LoadedDocument): Problem {
  const position = doc.locate(i.at);
  return {
    code: i.code,
    path: formatPath(i.at),
    message: i.message,
    ...(position === undefined ? {} : { line: position.line, column: position.column }),
    ...(doc.file === undefined ? {} : { file: doc.file }),
    severity: i.severity,
  };
}

/** The same rule can reach one node twice (a template called from two places); say it once. */
function dedupe(issues: readonly Issue[]): Issue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const id = `${i.code}\u0000${formatPath(i.at)}\u0000${i.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}
