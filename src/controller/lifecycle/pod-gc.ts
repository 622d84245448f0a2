/**
 * Argo's `podGC` as pure decisions: which finished pods of a workflow to delete, and after what
 * delay. Pod labels are approximated from the spec (see `podLabelsOf`): Argosy has no pod objects
 * to read labels from, so `labelSelector` matches the labels the pod would have been given.
 */
import { podNameFor, templateNameForPod } from "../../engine/node-id.js";
import type { NodeStatus, Template, Workflow } from "../../spec/types.js";
import { compileSelector, type LabelMatcher } from "./label-selector.js";
import { parseDeleteDelay, specField } from "./policy.js";

export type PodGCStrategy = "OnPodCompletion" | "OnPodSuccess" | "OnWorkflowCompletion" | "OnWorkflowSuccess";

const strategies = new Set<string>([
  "OnPodCompletion",
  "OnPodSuccess",
  "OnWorkflowCompletion",
  "OnWorkflowSuccess",
]);

/** Argo's controller default for `podGCDeleteDelayDuration` when the spec gives none. */
export const DEFAULT_POD_GC_DELAY_MS = 5000;

export interface PodGCPolicy {
  strategy: PodGCStrategy;
  matches: LabelMatcher;
  delayMs: number;
}

/**
 * The workflow's pod GC, or no policy when it keeps its pods (Argo's default). A policy that
 * cannot be understood keeps the pods and says why in `problem`; a bad delay falls back to the
 * default delay, as Argo does.
 */
export function podGCPolicy(
  wf: Workflow,
  defaultDelayMs = DEFAULT_POD_GC_DELAY_MS,
): { policy?: PodGCPolicy; problem?: string } {
  const podGC = specField(wf, "podGC") as
    | { strategy?: string; labelSelector?: unknown; deleteDelayDuration?: string }
    | undefined;
  const strategy = podGC?.strategy ?? "";
  if (strategy === "") return {};
  if (!strategies.has(strategy))
    return { problem: `podGC.strategy ${JSON.stringify(strategy)} is not known` };
  const selector = compileSelector(podGC?.labelSelector);
  if ("error" in selector) return { problem: `podGC.labelSelector: ${selector.error}` };
  let delayMs = defaultDelayMs;
  let problem: string | undefined;
  if (podGC?.deleteDelayDuration !== undefined && podGC.deleteDelayDuration !== "") {
    try {
      delayMs = Math.max(0, parseDeleteDelay(String(podGC.deleteDelayDuration)));
    } catch (e) {
      problem = `${(e as Error).message}; using ${defaultDelayMs} ms`;
    }
  }
  const policy = { strategy: strategy as PodGCStrategy, matches: selector.matches, delayMs };
  return problem ? { policy, problem } : { policy };
}

/** True when pods are deleted while the workflow still runs (so it must be watched as it runs). */
export const collectsWhileRunning = (p: PodGCPolicy): boolean =>
  p.strategy === "OnPodCompletion" || p.strategy === "OnPodSuccess";

/** What to do with one node's pod: remove it, keep it for good, or decide later. */
export type PodVerdict = "remove" | "keep" | "later";

const finished = new Set(["Succeeded", "Failed", "Error"]);

/** The verdict for a node under the policy; `labelsOf` gives the pod's labels. */
export function podVerdict(p: {
  policy: PodGCPolicy;
  workflow: Workflow;
  node: NodeStatus;
  workflowDone: boolean;
  labelsOf: (node: NodeStatus) => Record<string, string>;
}): PodVerdict {
  const { policy, node } = p;
  if (node.type !== "Pod") return "keep";
  if (!finished.has(node.phase)) return "later";
  let verdict: PodVerdict;
  switch (policy.strategy) {
    case "OnPodCompletion":
      verdict = "remove";
      break;
    case "OnPodSuccess":
      verdict = node.phase === "Succeeded" ? "remove" : "keep";
      break;
    case "OnWorkflowCompletion":
      verdict = p.workflowDone ? "remove" : "later";
      break;
    case "OnWorkflowSuccess":
      verdict = !p.workflowDone ? "later" : p.workflow.status?.phase === "Succeeded" ? "remove" : "keep";
      break;
  }
  if (verdict === "remove" && !policy.matches(p.labelsOf(node))) return "keep";
  return verdict;
}

/** The pod name of a node, as the engine named it (templateRef's template, else the node's). */
export const podNameOf = (wf: Workflow, node: NodeStatus): string =>
  podNameFor(wf.metadata.name ?? "", node.name, templateNameForPod(node));

/**
 * The labels a node's pod carries, for `labelSelector`: `spec.podMetadata.labels`, then the
 * node's template `metadata.labels` (as written in the spec; `{{…}}` in them is not resolved),
 * then `workflows.argoproj.io/workflow: <name>`. The template is looked up in
 * `status.storedTemplates` for a templateRef (or a node in a referenced template's scope), else in
 * the workflow's templates. Returns a function so the template table is built once per read.
 */
export function podLabelsOf(wf: Workflow): (node: NodeStatus) => Record<string, string> {
  const own = new Map<string, Template>();
  for (const t of (specField(wf, "templates") as Template[] | undefined) ?? []) own.set(t.name, t);
  const stored = wf.status?.storedTemplates ?? {};
  const podMetadata = specField(wf, "podMetadata") as { labels?: Record<string, string> } | undefined;
  const base = { ...(podMetadata?.labels ?? {}) };
  const workflowLabel = { "workflows.argoproj.io/workflow": wf.metadata.name ?? "" };
  return (node) => {
    const template = templateOf(node, own, stored);
    return { ...base, ...(template?.metadata?.labels ?? {}), ...workflowLabel };
  };
}

function templateOf(
  node: NodeStatus,
  own: Map<string, Template>,
  stored: Record<string, Template>,
): Template | undefined {
  const ref = node.templateRef;
  if (ref) return stored[`${ref.clusterScope ? "cluster" : "namespaced"}/${ref.name}/${ref.template}`];
  const name = node.templateName ?? "";
  const scope = node.templateScope;
  if (scope?.startsWith("namespaced/") || scope?.startsWith("cluster/")) {
    const inScope = stored[`${scope}/${name}`];
    if (inScope) return inScope;
  }
  return own.get(name);
}
