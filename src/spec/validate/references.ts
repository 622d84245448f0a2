import { issue } from "../problem.js";
import type { Call } from "./calls.js";
import { lookupSpec, resolveInvocation, type SpecContext } from "./context.js";
import type { Path } from "./model.js";

/** Rules that every named template exists: entrypoint, steps, tasks, hooks, exit handlers. */
export function checkReferences(ctx: SpecContext, calls: readonly Call[]): void {
  checkEntrypointPresent(ctx);
  checkWorkflowTemplateRef(ctx);
  for (const call of calls) checkCall(ctx, call);
}

function checkEntrypointPresent(ctx: SpecContext): void {
  const { spec } = ctx;
  if (ctx.role === "template" || spec.entrypoint !== undefined || spec.workflowTemplateRef !== undefined)
    return;
  ctx.out.push(issue("entrypoint", [...spec.at, "entrypoint"], "spec.entrypoint is required"));
}

function checkWorkflowTemplateRef(ctx: SpecContext): void {
  const ref = ctx.spec.workflowTemplateRef;
  if (ref === undefined) return;
  if (ctx.spec.templates.length > 0) {
    ctx.out.push(
      issue(
        "workflow-template-ref",
        [...ctx.spec.at, "templates"],
        "Templates is invalid field in spec if workflow referred WorkflowTemplate reference",
      ),
    );
  }
  if (lookupSpec(ctx, ref.name, ref.clusterScope) === "missing") {
    const what = ref.clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
    ctx.out.push(
      issue(
        "unknown-template-ref",
        [...ref.at, "name"],
        `workflowTemplateRef: no ${what} named "${ref.name}"`,
      ),
    );
  }
}

function checkCall(ctx: SpecContext, call: Call): void {
  const { inv } = call;
  if (inv.template !== undefined && inv.templateRef !== undefined) {
    ctx.out.push(
      issue("reference", [...inv.at, "template"], "template name cannot be specified with templateRef"),
    );
    return;
  }
  const resolution = resolveInvocation(ctx, inv);
  if (resolution.kind !== "missing") return;
  ctx.out.push(issue(resolution.code, whereNamed(call), resolution.message));
}

/** The node that names the template: the `template`/`templateRef` key, or the call itself. */
function whereNamed(call: Call): Path {
  const { inv } = call;
  if (call.field !== "template") return inv.at;
  if (inv.templateRef !== undefined) return inv.templateRef.at;
  if (inv.template !== undefined) return [...inv.at, "template"];
  return inv.at;
}
