import { lookupSpec, type SpecContext } from "./context.js";
import type { HookView, InvocationView, IoView, Path, SpecView, StepView } from "./model.js";
import { exitHook } from "./steps.js";

/** Where a call names its template, which is where "not found" is reported. */
export type CallField = "template" | "onExit" | "entrypoint";

/**
 * One call of a template: a step, a task, a hook, an exit handler or the entrypoint. Collecting them
 * once lets the reference and argument rules share one notion of "who calls what with what".
 */
export interface Call {
  inv: InvocationView;
  field: CallField;
  /** The arguments the template really gets: an exit handler without its own gets the workflow's. */
  supplied: IoView;
  /** Parameter names supplied besides `inv.arguments` (submission `-p`, a referenced template's arguments). */
  extra: ReadonlySet<string>;
  /** Any input counts as supplied: a WorkflowTemplate's entrypoint gets its arguments at submission. */
  open: boolean;
}

const noIo: IoView = { parameters: [], artifacts: [] };
const none: ReadonlySet<string> = new Set();

/** Every call in the spec, the entrypoint first. */
export function collectCalls(ctx: SpecContext): Call[] {
  const { spec } = ctx;
  const calls: Call[] = [];
  const exit: ExitArguments = { supplied: spec.arguments, extra: workflowArgumentNames(ctx) };
  const entrypoint = spec.entrypoint ?? referencedSpec(ctx)?.entrypoint;
  if (entrypoint !== undefined) {
    const at: Path =
      spec.entrypoint === undefined ? [...spec.at, "workflowTemplateRef"] : [...spec.at, "entrypoint"];
    const inv = { at, template: entrypoint, arguments: spec.arguments };
    calls.push({ inv, field: "entrypoint", ...exit, open: ctx.role === "template" });
  }
  if (spec.onExit !== undefined) {
    const inv = { at: [...spec.at, "onExit"], template: spec.onExit, arguments: spec.arguments };
    calls.push({ inv, field: "onExit", ...exit, open: false });
  }
  for (const hook of spec.hooks) calls.push(hookCall(hook, exit));
  for (const t of spec.allTemplates) {
    for (const step of [...(t.steps ?? []).flat(), ...(t.dag?.tasks ?? [])])
      calls.push(...stepCalls(step, exit));
  }
  return calls;
}

/** What the workflow hands to its entrypoint and to exit handlers that bring no arguments. */
type ExitArguments = Pick<Call, "supplied" | "extra">;

function stepCalls(step: StepView, exit: ExitArguments): Call[] {
  const calls: Call[] = [
    { inv: step, field: "template", supplied: step.arguments, extra: none, open: false },
  ];
  for (const hook of step.hooks) calls.push(hookCall(hook, exit));
  if (step.onExit !== undefined) {
    const inv = { at: [...step.at, "onExit"], template: step.onExit, arguments: noIo };
    calls.push({ inv, field: "onExit", ...exit, open: false });
  }
  return calls;
}

/** Argo hands an exit hook without arguments of its own the workflow's arguments. */
function hookCall(hook: HookView, exit: ExitArguments): Call {
  const own = hook.arguments.parameters.length > 0 || hook.arguments.artifacts.length > 0;
  const given: ExitArguments =
    hook.event === exitHook && !own ? exit : { supplied: hook.arguments, extra: none };
  return { inv: hook, field: "template", ...given, open: false };
}

/**
 * Names the workflow supplies to its entrypoint and exit handler besides `spec.arguments`: the
 * `-p` names of the caller and the arguments of a referenced WorkflowTemplate, which Argo merges.
 */
function workflowArgumentNames(ctx: SpecContext): ReadonlySet<string> {
  const names = new Set(ctx.options.suppliedParameters ?? []);
  for (const p of referencedSpec(ctx)?.arguments.parameters ?? []) names.add(p.name);
  return names;
}

/** The spec a workflowTemplateRef points to, when it can be looked up. */
function referencedSpec(ctx: SpecContext): SpecView | undefined {
  const ref = ctx.spec.workflowTemplateRef;
  if (ref === undefined) return undefined;
  const found = lookupSpec(ctx, ref.name, ref.clusterScope);
  return typeof found === "object" ? found : undefined;
}
