import { issue } from "../problem.js";
import type { SpecContext } from "./context.js";
import type { HookView, StepView } from "./model.js";
import { checkUnique, fieldNameProblem } from "./names.js";
import { asList, asRecord, hasField } from "./read.js";

/** The hook event that runs when its owner finishes; every other hook needs an expression. */
export const exitHook = "exit";

/** Rules of steps templates: step names, loops and hooks. */
export function checkSteps(ctx: SpecContext): void {
  for (const t of ctx.spec.allTemplates) {
    if (t.steps === undefined) continue;
    const steps = t.steps.flat();
    checkUnique(steps, "step name", ctx.out);
    for (const step of steps) {
      if (step.name !== undefined) {
        const problem = fieldNameProblem(step.name, { allowTags: true });
        if (problem !== undefined) {
          ctx.out.push(
            issue("invalid-name", [...step.at, "name"], `step name '${step.name}' is invalid: ${problem}`),
          );
        }
      }
      checkLoopFields(ctx, step);
      checkHookExpressions(ctx, step);
    }
  }
  checkHooks(ctx, ctx.spec.hooks);
}

/** At most one of withItems, withParam and withSequence; a sequence has count or end, not both. */
export function checkLoopFields(ctx: SpecContext, step: StepView): void {
  const loops = ["withItems", "withParam", "withSequence"].filter((k) =>
    k === "withItems" ? asList(step.raw.withItems).length > 0 : hasField(step.raw, k),
  );
  if (loops.length > 1) {
    ctx.out.push(
      issue(
        "loop",
        [...step.at, loops[1] ?? ""],
        "only one of withItems, withParam, withSequence can be specified",
      ),
    );
  }
  const sequence = asRecord(step.raw.withSequence);
  if (hasField(sequence, "count") && hasField(sequence, "end")) {
    ctx.out.push(
      issue("loop", [...step.at, "withSequence"], "only one of count or end can be defined in withSequence"),
    );
  }
}

/** Hooks other than `exit` fire on a condition, so they must say which. */
export function checkHookExpressions(ctx: SpecContext, step: StepView): void {
  checkHooks(ctx, step.hooks);
}

function checkHooks(ctx: SpecContext, hooks: readonly HookView[]): void {
  for (const hook of hooks) {
    if (hook.event !== exitHook && hook.expression === undefined) {
      ctx.out.push(issue("hook", hook.at, `hooks.${hook.event} Expression required`));
    }
  }
}
