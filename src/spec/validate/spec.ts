import type { Issue, PathSegment } from "../problem.js";
import { checkArguments } from "./arguments.js";
import { collectCalls } from "./calls.js";
import type { SpecContext, SpecRole, ValidateOptions } from "./context.js";
import { checkDags } from "./dag.js";
import { readSpec } from "./model.js";
import { checkReferences } from "./references.js";
import { checkSteps } from "./steps.js";
import { checkTemplates } from "./templates.js";
import { checkVariables } from "./variables.js";

/** What {@link validateSpec} needs: the spec, where it sits in its document, and how it is used. */
export interface SpecInput {
  spec: unknown;
  at: readonly PathSegment[];
  role: SpecRole;
  options: ValidateOptions;
}

/**
 * Every semantic problem of one workflow spec. Rules are independent and all run, so one mistake
 * never hides another.
 */
export function validateSpec(input: SpecInput): Issue[] {
  const ctx: SpecContext = {
    spec: readSpec(input.spec, input.at),
    role: input.role,
    options: input.options,
    out: [],
  };
  const calls = collectCalls(ctx);
  checkTemplates(ctx);
  checkSteps(ctx);
  checkDags(ctx);
  checkReferences(ctx, calls);
  checkArguments(ctx, calls);
  checkVariables(ctx);
  return ctx.out;
}
