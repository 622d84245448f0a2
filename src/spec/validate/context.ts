import type { Issue } from "../problem.js";
import type { WorkflowSpec } from "../types.js";
import { type InvocationView, readSpec, type SpecView, type TemplateView } from "./model.js";
import { isDynamic } from "./read.js";

/** Finds the spec of a WorkflowTemplate (or, with `clusterScope`, a ClusterWorkflowTemplate) by name. */
export type TemplateRefLookup = (name: string, clusterScope: boolean) => WorkflowSpec | undefined;

/** Options of semantic validation. */
export interface ValidateOptions {
  /** Resolves `templateRef`s and `workflowTemplateRef`s; without it they are not checked. */
  resolveTemplateRef?: TemplateRefLookup;
  /** Parameter names the caller will supply at submission (`-p name=value`). */
  suppliedParameters?: string[];
  /**
   * What a lookup miss means: `error` reports the reference as not found; `ignore` treats the
   * referenced template as unknown (the lookup is known to be partial, e.g. one file's templates).
   * @default "error"
   */
  unknownTemplateRefs?: "error" | "ignore";
}

/** How a spec will be used, which decides a few rules (entrypoint, argument values). */
export type SpecRole = "workflow" | "template" | "cron";

/** Everything a rule needs: the spec, how it is used, the options, and where problems go. */
export interface SpecContext {
  spec: SpecView;
  role: SpecRole;
  options: ValidateOptions;
  out: Issue[];
}

/** The outcome of following a template reference. `unknown` means "cannot tell", never an error. */
export type Resolution =
  | { kind: "found"; template: TemplateView }
  | { kind: "missing"; code: string; message: string }
  | { kind: "unknown" };

const unknown: Resolution = { kind: "unknown" };
const specViews = new WeakMap<object, SpecView>();

/** Follows a step, task, hook or exit handler to the template it calls. */
export function resolveInvocation(ctx: SpecContext, inv: InvocationView): Resolution {
  if (inv.inline !== undefined) return { kind: "found", template: inv.inline };
  if (inv.templateRef !== undefined) return resolveRef(ctx, inv.templateRef);
  if (inv.template !== undefined) return resolveLocal(ctx, inv.template);
  return {
    kind: "missing",
    code: "unknown-template",
    message: "one of template, templateRef or inline is required",
  };
}

/** Resolves a template name the way the spec's own steps see it. */
export function resolveLocal(ctx: SpecContext, name: string): Resolution {
  if (isDynamic(name)) return unknown;
  const scope = localScope(ctx);
  if (scope === undefined) return unknown;
  const template = scope.byName.get(name);
  if (template !== undefined) return { kind: "found", template };
  return { kind: "missing", code: "unknown-template", message: `template name '${name}' undefined` };
}

/**
 * The templates a bare `template:` name refers to: the spec's own, or, for a workflow built from a
 * workflowTemplateRef, those of the referenced template (undefined when it cannot be looked up).
 */
export function localScope(ctx: SpecContext): SpecView | undefined {
  const ref = ctx.spec.workflowTemplateRef;
  if (ref === undefined) return ctx.spec;
  const found = lookupSpec(ctx, ref.name, ref.clusterScope);
  return found === "missing" ? undefined : found;
}

/** Looks up a referenced spec: its view, `missing`, or undefined when it cannot be known. */
export function lookupSpec(
  ctx: SpecContext,
  name: string,
  clusterScope: boolean,
): SpecView | "missing" | undefined {
  const lookup = ctx.options.resolveTemplateRef;
  if (lookup === undefined || isDynamic(name)) return undefined;
  const spec = lookup(name, clusterScope);
  if (spec === undefined) return ctx.options.unknownTemplateRefs === "ignore" ? undefined : "missing";
  let view = specViews.get(spec);
  if (view === undefined) {
    view = readSpec(spec, []);
    specViews.set(spec, view);
  }
  return view;
}

function resolveRef(
  ctx: SpecContext,
  ref: { name: string; template: string; clusterScope: boolean },
): Resolution {
  if (ref.name === "")
    return { kind: "missing", code: "required", message: "templateRef: resource name is required" };
  if (ref.template === "")
    return { kind: "missing", code: "required", message: "templateRef: template name is required" };
  if (isDynamic(ref.template)) return unknown;
  const spec = lookupSpec(ctx, ref.name, ref.clusterScope);
  if (spec === undefined) return unknown;
  const what = ref.clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
  const label = `template reference ${ref.name}.${ref.template} not found`;
  if (spec === "missing") {
    return {
      kind: "missing",
      code: "unknown-template-ref",
      message: `${label}: no ${what} named "${ref.name}"`,
    };
  }
  const template = spec.byName.get(ref.template);
  if (template !== undefined) return { kind: "found", template };
  return {
    kind: "missing",
    code: "unknown-template-ref",
    message: `${label}: ${what} "${ref.name}" has no such template`,
  };
}
