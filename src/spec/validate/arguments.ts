import { issue } from "../problem.js";
import type { Call } from "./calls.js";
import { resolveInvocation, type SpecContext } from "./context.js";
import type { IoView, ParamView, TemplateView } from "./model.js";
import { checkIoNames } from "./names.js";
import { isDynamic } from "./read.js";

/**
 * Rules about the values passed to templates: every input without a value of its own is supplied,
 * literal values respect `enum`, and arguments carry a value (Argo's `validateArguments`).
 */
export function checkArguments(ctx: SpecContext, calls: readonly Call[]): void {
  checkWorkflowArguments(ctx);
  for (const call of calls) {
    if (call.field === "template") checkArgumentValues(ctx, call.inv.arguments);
    const resolution = resolveInvocation(ctx, call.inv);
    if (resolution.kind !== "found") continue;
    checkSupplied(ctx, call, resolution.template);
    checkEnums(ctx, call.supplied, resolution.template);
  }
}

/** Workflow arguments may be left empty for `-p` at submission, except in a CronWorkflow. */
function checkWorkflowArguments(ctx: SpecContext): void {
  const args = ctx.spec.arguments;
  checkIoNames(args, ctx.out);
  for (const p of args.parameters) checkOwnEnum(ctx, p);
  if (ctx.role === "cron") checkArgumentValues(ctx, args);
}

function checkArgumentValues(ctx: SpecContext, args: IoView): void {
  for (const p of args.parameters) {
    if (!p.hasValue && !p.hasValueFrom) {
      ctx.out.push(
        issue("missing-value", [...p.at], `arguments.parameters.${p.name}.value or valueFrom is required`),
      );
    }
    checkOwnEnum(ctx, p);
  }
  for (const a of args.artifacts) {
    if (!a.satisfied) {
      ctx.out.push(
        issue(
          "missing-value",
          [...a.at],
          `arguments.artifacts.${a.name}.from, artifact location, or key is required`,
        ),
      );
    }
  }
}

function checkSupplied(ctx: SpecContext, call: Call, template: TemplateView): void {
  if (call.open) return;
  const given = new Set([...call.supplied.parameters.map((p) => p.name), ...call.extra]);
  const target = template.name === undefined ? "the inline template" : `template '${template.name}'`;
  for (const input of template.inputs.parameters) {
    if (input.hasSource || given.has(input.name)) continue;
    ctx.out.push(
      issue(
        "missing-input",
        call.inv.at,
        `inputs.parameters.${input.name} was not supplied (${target} requires it)`,
      ),
    );
  }
  const artifacts = new Set(call.supplied.artifacts.map((a) => a.name));
  for (const input of template.inputs.artifacts) {
    if (input.satisfied || artifacts.has(input.name)) continue;
    ctx.out.push(
      issue(
        "missing-input",
        call.inv.at,
        `inputs.artifacts.${input.name} was not supplied (${target} requires it)`,
      ),
    );
  }
}

/** A literal argument for an input with `enum` must be one of its values. */
function checkEnums(ctx: SpecContext, args: IoView, template: TemplateView): void {
  const inputs = new Map(template.inputs.parameters.map((p) => [p.name, p]));
  for (const arg of args.parameters) {
    const input = inputs.get(arg.name);
    if (input?.enum === undefined || arg.value === undefined || isDynamic(arg.value)) continue;
    if (input.enum.includes(arg.value)) continue;
    ctx.out.push(
      issue(
        "enum",
        [...arg.at, "value"],
        `value '${arg.value}' of parameter '${arg.name}' should be present in the enum list (${input.enum.join(", ")})`,
      ),
    );
  }
}

/** A parameter carrying its own `enum` must hold one of those values. */
function checkOwnEnum(ctx: SpecContext, p: ParamView): void {
  if (p.enum === undefined) return;
  if (p.enum.length === 0) {
    ctx.out.push(issue("enum", [...p.at, "enum"], `${p.name}.enum should contain at least one value`));
    return;
  }
  if (p.value === undefined || isDynamic(p.value) || p.enum.includes(p.value)) return;
  ctx.out.push(
    issue(
      "enum",
      [...p.at, "value"],
      `${p.name}.value should be present in ${p.name}.enum list (${p.enum.join(", ")})`,
    ),
  );
}
