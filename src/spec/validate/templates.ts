import { issue } from "../problem.js";
import type { TemplateType } from "../types.js";
import type { SpecContext } from "./context.js";
import { readIo, type TemplateView } from "./model.js";
import { checkIoNames, checkUnique, fieldNameProblem } from "./names.js";
import { asRecord, hasField, stringField } from "./read.js";

const typeChoices = "container, containerSet, steps, script, resource, dag, suspend, data, http, plugin";
const leafTypes: readonly TemplateType[] = [
  "container",
  "containerSet",
  "script",
  "resource",
  "data",
  "http",
  "plugin",
];

/** Argo's label for a template in messages: `templates.<name>`, or `inline template` when nameless. */
export const templateLabel = (t: TemplateView): string =>
  t.name === undefined ? "inline template" : `templates.${t.name}`;

/** Rules about each template on its own: one type, a valid name, fields that fit its type. */
export function checkTemplates(ctx: SpecContext): void {
  checkUnique(ctx.spec.templates, "template name", ctx.out);
  for (const t of ctx.spec.allTemplates) {
    checkType(ctx, t);
    checkName(ctx, t);
    checkLeafFields(ctx, t);
    checkImage(ctx, t);
    checkIoNames(t.inputs, ctx.out);
    checkIoNames(readIo(t.raw.outputs, [...t.at, "outputs"]), ctx.out);
  }
}

function checkType(ctx: SpecContext, t: TemplateView): void {
  if (t.types.length === 1) return;
  const label = templateLabel(t);
  if (t.types.length === 0) {
    ctx.out.push(
      issue("template-type", t.at, `${label} template type unspecified. choose one of: ${typeChoices}`),
    );
    return;
  }
  const found = t.types.join(", ");
  ctx.out.push(
    issue(
      "template-type",
      [...t.at, t.types[1] ?? ""],
      `${label} multiple template types specified (${found}). choose one of: ${typeChoices}`,
    ),
  );
}

function checkName(ctx: SpecContext, t: TemplateView): void {
  if (t.name === undefined) return;
  const problem = fieldNameProblem(t.name);
  if (problem !== undefined)
    ctx.out.push(
      issue("invalid-name", [...t.at, "name"], `template name '${t.name}' is invalid: ${problem}`),
    );
}

function checkLeafFields(ctx: SpecContext, t: TemplateView): void {
  const type = t.types[0];
  if (type === undefined || t.types.length > 1) return;
  const label = templateLabel(t);
  const leaf = leafTypes.includes(type);
  if (hasField(t.raw, "parallelism") && type !== "steps" && type !== "dag") {
    ctx.out.push(
      issue(
        "template-field",
        [...t.at, "parallelism"],
        `${label}.parallelism is only valid for steps and dag templates`,
      ),
    );
  }
  if (hasField(t.raw, "activeDeadlineSeconds") && (type === "steps" || type === "dag")) {
    ctx.out.push(
      issue(
        "template-field",
        [...t.at, "activeDeadlineSeconds"],
        `${label}.activeDeadlineSeconds is only valid for leaf templates`,
      ),
    );
  }
  if (stringField(t.raw, "timeout") !== undefined && !leaf) {
    ctx.out.push(
      issue("template-field", [...t.at, "timeout"], `${type} template doesn't support timeout field`),
    );
  }
}

/** A container or script needs an image, unless templateDefaults gives one. */
function checkImage(ctx: SpecContext, t: TemplateView): void {
  for (const type of ["container", "script"] as const) {
    const body = asRecord(t.raw[type]);
    if (body === undefined || stringField(body, "image") !== undefined) continue;
    const defaults = asRecord(asRecord(ctx.spec.raw.templateDefaults)?.[type]);
    if (stringField(defaults, "image") !== undefined) continue;
    ctx.out.push(issue("required", [...t.at, type], `${templateLabel(t)}.${type}.image may not be empty`));
  }
}
