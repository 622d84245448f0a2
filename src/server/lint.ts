/**
 * Validating a manifest that arrived as JSON before it is stored or run, with `src/spec`'s rules.
 * Template references are resolved against the store: the (Cluster)WorkflowTemplates a manifest
 * names are read first (and those they name, a few levels deep), then validation runs with a
 * synchronous lookup over what was read. A manifest with errors is a 400 naming the field.
 */
import { lintCronWorkflow } from "../controller/cron/index.js";
import { type LoadedDocument, type Problem, validateDocument } from "../spec/index.js";
import type { WorkflowSpec } from "../spec/types.js";
import type { Store, StoredObject } from "../store/types.js";
import { badRequest } from "./errors.js";

/** Reference-following depth and breadth: enough for real template libraries, bounded for bad input. */
const maxRounds = 8;
const maxTemplates = 500;

interface Ref {
  name: string;
  cluster: boolean;
}

/** Every `templateRef` and `workflowTemplateRef` inside a value. */
function collectRefs(value: unknown, out: Ref[], depth = 0): void {
  if (depth > 200 || value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    for (const v of value) collectRefs(v, out, depth + 1);
    return;
  }
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    if ((k === "templateRef" || k === "workflowTemplateRef") && v && typeof v === "object") {
      const ref = v as { name?: unknown; clusterScope?: unknown };
      if (typeof ref.name === "string") out.push({ name: ref.name, cluster: ref.clusterScope === true });
    }
    collectRefs(v, out, depth + 1);
  }
}

const refKey = (r: Ref) => `${r.cluster ? "cluster" : "ns"}/${r.name}`;

/** Reads the templates an object refers to, transitively. */
async function referencedTemplates(
  store: Store,
  namespace: string,
  object: unknown,
): Promise<Map<string, WorkflowSpec>> {
  const found = new Map<string, WorkflowSpec>();
  const seen = new Set<string>();
  let frontier: unknown[] = [object];
  for (let round = 0; round < maxRounds && frontier.length > 0 && seen.size < maxTemplates; round++) {
    const refs: Ref[] = [];
    for (const o of frontier) collectRefs(o, refs);
    frontier = [];
    for (const ref of refs) {
      const k = refKey(ref);
      if (seen.has(k) || seen.size >= maxTemplates) continue;
      seen.add(k);
      const template = ref.cluster
        ? await store.get<StoredObject>("ClusterWorkflowTemplate", "", ref.name)
        : await store.get<StoredObject>("WorkflowTemplate", namespace, ref.name);
      const spec = template?.spec;
      if (spec && typeof spec === "object") {
        found.set(k, spec as WorkflowSpec);
        frontier.push(spec);
      }
    }
  }
  return found;
}

/** Schema and semantic problems of one manifest, with template references looked up in the store. */
export async function lintObject(store: Store, object: StoredObject, namespace: string): Promise<Problem[]> {
  const templates = await referencedTemplates(store, namespace, object);
  const doc: LoadedDocument = { index: 0, kind: object.kind, object, locate: () => undefined };
  return validateDocument(doc, {
    resolveTemplateRef: (name, clusterScope) => templates.get(refKey({ name, cluster: clusterScope })),
  });
}

/** Argo-style text for a list of problems: `path: message`, joined. */
export function describeProblems(problems: readonly Problem[]): string {
  return problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)).join("; ");
}

/** Throws InvalidArgument (400) naming the fields when the manifest has errors. */
export async function assertValid(store: Store, object: StoredObject, namespace: string): Promise<void> {
  const errors = (await lintObject(store, object, namespace)).filter((p) => p.severity === "error");
  if (errors.length > 0) throw badRequest(describeProblems(errors));
  // Schedules and time zones are checked as the cron controller reads them (robfig/cron's rules).
  if (object.kind === "CronWorkflow") {
    const problems = lintCronWorkflow(object as Parameters<typeof lintCronWorkflow>[0]);
    if (problems.length > 0) throw badRequest(problems.join("; "));
  }
}
