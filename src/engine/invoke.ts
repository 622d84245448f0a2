/**
 * Executing a template for a step, a task or the workflow's entrypoint (Argo's executeTemplate):
 * resolve the template, bind inputs, create the node of the right type and start it.
 */
import type { Arguments, NodeStatus, NodeType, Template, WorkflowStep } from "../spec/types.js";
import { assertNever } from "../util/errors.js";
import {
  configMapOf,
  type EngineContext,
  messageOf,
  own,
  type StartedTemplate,
  setPhase,
} from "./context.js";
import { createContainerNodes } from "./daemon.js";
import { startDag } from "./dag.js";
import { startData } from "./data.js";
import { type ProcessedTemplate, processTemplate } from "./inputs.js";
import { memoDecision } from "./memo.js";
import { podNameFor } from "./node-id.js";
import { startPod } from "./pod.js";
import { startResource } from "./resource.js";
import { type AttemptStarter, startRetry } from "./retry.js";
import { startSteps } from "./steps.js";
import { startSuspend } from "./suspend.js";
import { acquireThen } from "./sync.js";
import type { ResolvedTemplate, TemplateBase } from "./templates.js";

export interface Invocation {
  nodeName: string;
  /** What to run: the (already substituted) step, task or entrypoint reference. */
  step: Pick<WorkflowStep, "template" | "templateRef" | "inline">;
  args: Arguments | undefined;
  base: TemplateBase;
  boundaryID?: string;
  /** Node id of the runtime awaiting this node; "" for the workflow. */
  ownerId: string;
  hooked?: boolean;
}

type TemplateKind = "pod" | "steps" | "dag" | "suspend" | "data" | "resource" | "unsupported";

export function templateKind(template: Template): TemplateKind {
  if (template.container || template.script || template.containerSet) return "pod";
  if (template.steps) return "steps";
  if (template.dag) return "dag";
  if (template.suspend) return "suspend";
  if (template.data) return "data";
  if (template.resource) return "resource";
  return "unsupported";
}

const nodeTypeOf: Record<TemplateKind, NodeType> = {
  pod: "Pod",
  steps: "Steps",
  dag: "DAG",
  suspend: "Suspend",
  data: "Pod",
  resource: "Pod",
  unsupported: "Pod",
};

/** Creates and starts the node for `inv`, or returns the node when it already exists. */
export function executeTemplate(ctx: EngineContext, inv: Invocation): NodeStatus {
  const existing = ctx.state.byName(inv.nodeName);
  if (existing) return existing;
  let resolved: ResolvedTemplate;
  try {
    resolved = ctx.templates.resolve(inv.step, inv.base);
  } catch (e) {
    return errorNode(ctx, inv, messageOf(e));
  }
  if (resolved.templateRef) storeTemplate(ctx, resolved);
  resolved = { ...resolved, template: withTemplateDefaults(resolved.template, ctx.spec.templateDefaults) };
  const strategy = resolved.template.retryStrategy ?? ctx.spec.retryStrategy;
  if (!strategy) return runTemplate(ctx, { inv, resolved });
  const retryNode = createNode(ctx, { inv, resolved, type: "Retry" });
  if (!retryNode.ok) return retryNode.node;
  return startRetry(ctx, {
    inv,
    resolved,
    strategy,
    node: retryNode.node,
    startAttempt: attemptStarter(ctx, inv, resolved),
  });
}

/** How a Retry node starts its attempt `n`: the same template, named `name(n)`, flagged retried. */
export function attemptStarter(
  ctx: EngineContext,
  inv: Invocation,
  resolved: ResolvedTemplate,
): AttemptStarter {
  return (n, locals) =>
    runTemplate(ctx, {
      inv: { ...inv, nodeName: `${inv.nodeName}(${n})`, ownerId: ctx.state.idOf(inv.nodeName) },
      resolved,
      locals,
      retried: true,
    });
}

/** Argo keeps every template reached through `templateRef` in `status.storedTemplates`. */
function storeTemplate(ctx: EngineContext, resolved: ResolvedTemplate): void {
  const ref = resolved.templateRef;
  if (!ref) return;
  const status = ctx.state.workflow.status ?? {};
  const key = `${ref.clusterScope ? "cluster" : "namespaced"}/${ref.name}/${ref.template}`;
  status.storedTemplates ??= {};
  status.storedTemplates[key] ??= structuredClone(resolved.template);
}

/** `spec.templateDefaults` laid under a template: the template's own fields win. */
function withTemplateDefaults(template: Template, defaults: Partial<Template> | undefined): Template {
  if (!defaults) return template;
  const merged: Template = { ...structuredClone(defaults), ...template } as Template;
  for (const key of ["container", "script"] as const) {
    const own = template[key];
    const base = defaults[key];
    if (own && base) merged[key] = { ...base, ...own } as never;
    else if (!own) delete merged[key];
  }
  return merged;
}

interface CreateRequest {
  inv: Invocation;
  resolved: ResolvedTemplate;
  type: NodeType;
  locals?: Map<string, string>;
  retried?: boolean;
}

/** Binds inputs and creates the node; an input that cannot be bound gives an Error node instead. */
function createNode(
  ctx: EngineContext,
  { inv, resolved, type, locals: extra, retried }: CreateRequest,
): { ok: true; node: NodeStatus; processed: ProcessedTemplate } | { ok: false; node: NodeStatus } {
  const { template, base } = resolved;
  const locals = new Map<string, string>([["node.name", inv.nodeName], ...(extra ?? [])]);
  if (type === "Pod") {
    locals.set(
      "pod.name",
      podNameFor(ctx.state.name, inv.nodeName, resolved.templateRef?.template ?? template.name),
    );
  }
  let processed: ProcessedTemplate;
  try {
    processed = processTemplate({
      template,
      args: inv.args,
      locals,
      globals: ctx.globals,
      configMap: configMapOf(ctx),
    });
  } catch (e) {
    return { ok: false, node: errorNode(ctx, inv, messageOf(e), resolved) };
  }
  const node = ctx.state.initNode({
    name: inv.nodeName,
    type,
    phase: type === "Pod" ? "Pending" : "Running",
    ...(inv.boundaryID ? { boundaryID: inv.boundaryID } : {}),
    ...templateFields(resolved),
    templateScope: base.scope,
    ...(processed.inputs ? { inputs: nodeInputs(processed.inputs) } : {}),
    ...(inv.hooked ? { hooked: true } : {}),
    ...(retried ? { retried: true } : {}),
  });
  own(ctx, node.id, inv.ownerId);
  return { ok: true, node, processed };
}

/** Creates the node for a resolved template and starts it according to its type. */
export function runTemplate(
  ctx: EngineContext,
  request: { inv: Invocation; resolved: ResolvedTemplate; locals?: Map<string, string>; retried?: boolean },
): NodeStatus {
  const kind = templateKind(request.resolved.template);
  const created = createNode(ctx, { ...request, type: nodeTypeOf[kind] });
  if (!created.ok) return created.node;
  const { node, processed } = created;
  if (kind === "pod" || kind === "suspend") node.progress = "0/1";
  if (processed.template.metrics !== undefined) ctx.nodeMetrics.set(node.id, processed.template.metrics);
  const memo = memoDecision(ctx, processed.template);
  if (memo) {
    node.memoizationStatus = memo.status;
    if (memo.status.hit) {
      if (memo.outputs) node.outputs = structuredClone(memo.outputs);
      if (node.progress) node.progress = "1/1";
      setPhase(ctx, node.id, "Succeeded");
      return node;
    }
  }
  const start = () =>
    dispatch(kind, {
      ctx,
      node,
      template: processed.template,
      base: request.resolved.base,
      scope: processed.scope,
    });
  if (processed.template.synchronization !== undefined) {
    acquireThen(ctx, { nodeId: node.id, synchronization: processed.template.synchronization, start });
  } else start();
  return node;
}

/** Starts a created node according to its template type. */
export function dispatch(kind: TemplateKind, started: StartedTemplate): void {
  const { ctx, node, template } = started;
  switch (kind) {
    case "pod":
      ctx.podTemplates.set(node.id, template);
      if (template.containerSet) createContainerNodes(ctx, node, template);
      startPod(ctx, node, template);
      break;
    case "steps":
      startSteps(started);
      break;
    case "dag":
      startDag(started);
      break;
    case "suspend":
      startSuspend(ctx, node, template);
      break;
    case "data":
      node.progress = "0/1";
      startData(ctx, node, template);
      break;
    case "resource":
      node.progress = "0/1";
      startResource(ctx, node, template);
      break;
    case "unsupported":
      setPhase(ctx, node.id, "Error", `template ${template.name} has a type Argosy does not run yet`);
      break;
    default:
      assertNever(kind, "template kind");
  }
}

function templateFields(resolved: ResolvedTemplate): {
  templateName?: string;
  templateRef?: ResolvedTemplate["templateRef"];
} {
  if (resolved.templateRef) return { templateRef: resolved.templateRef };
  return resolved.templateName ? { templateName: resolved.templateName } : {};
}

/** Argo records inputs on the node without descriptions of where defaults came from. */
function nodeInputs(inputs: NonNullable<ReturnType<typeof processTemplate>["inputs"]>) {
  const { parameters, artifacts } = inputs;
  return {
    ...(parameters?.length ? { parameters } : {}),
    ...(artifacts?.length ? { artifacts } : {}),
  };
}

/** A node that could not even start: Argo records it as a Skipped-type node in phase Error. */
function errorNode(
  ctx: EngineContext,
  inv: Invocation,
  message: string,
  resolved?: ResolvedTemplate,
): NodeStatus {
  const node = ctx.state.initNode({
    name: inv.nodeName,
    type: "Skipped",
    phase: "Error",
    message,
    ...(inv.boundaryID ? { boundaryID: inv.boundaryID } : {}),
    ...(resolved ? templateFields(resolved) : inv.step.template ? { templateName: inv.step.template } : {}),
    templateScope: inv.base.scope,
  });
  own(ctx, node.id, inv.ownerId);
  return node;
}
