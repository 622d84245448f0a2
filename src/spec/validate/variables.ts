import { issue } from "../problem.js";
import type { SpecContext } from "./context.js";
import { dependencyNames } from "./depends.js";
import type { Path, StepView, TaskView, TemplateView } from "./model.js";
import { asList, asRecord, isRecord } from "./read.js";
import { forEachTag, type Tag } from "./tags.js";

/**
 * Rules about `{{…}}` references that are clearly wrong: an input the template does not declare, a
 * step or task that does not exist, a step that has not run yet. Everything else (workflow.*, item,
 * expressions, names built at run time) is left alone: a false alarm on a valid manifest is worse
 * than a missed one.
 */
export function checkVariables(ctx: SpecContext): void {
  const defaults = asRecord(ctx.spec.raw.templateDefaults);
  for (const t of ctx.spec.allTemplates) {
    const inputs = declaredInputs(t, defaults);
    forEachTag({ value: t.raw, at: t.at, skip: ["steps", "dag"] }, (tag) => checkInputTag(ctx, tag, inputs));
    if (t.steps !== undefined) checkStepsTemplate(ctx, t, inputs);
    if (t.dag !== undefined) checkDagTemplate(ctx, t, inputs);
  }
}

interface Inputs {
  template: string;
  parameters: ReadonlySet<string>;
  artifacts: ReadonlySet<string>;
}

/** Inputs a template's tags may use: its own, those of templateDefaults, and its enclosing templates'. */
function declaredInputs(t: TemplateView, defaults: Record<string, unknown> | undefined): Inputs {
  const parameters = new Set<string>();
  const artifacts = new Set<string>();
  for (let at: TemplateView | undefined = t; at !== undefined; at = at.parent) {
    for (const p of at.inputs.parameters) parameters.add(p.name);
    for (const a of at.inputs.artifacts) artifacts.add(a.name);
  }
  const defaultInputs = asRecord(defaults?.inputs);
  for (const p of asList(defaultInputs?.parameters)) if (isRecord(p)) parameters.add(String(p.name));
  for (const a of asList(defaultInputs?.artifacts)) if (isRecord(a)) artifacts.add(String(a.name));
  return {
    template: t.name === undefined ? "the inline template" : `template '${t.name}'`,
    parameters,
    artifacts,
  };
}

function checkInputTag(ctx: SpecContext, tag: Tag, inputs: Inputs): void {
  const [root, group, name] = tag.parts;
  if (root !== "inputs" || name === undefined) return;
  if (group === "parameters" && !inputs.parameters.has(name)) {
    ctx.out.push(
      issue(
        "unresolved-variable",
        tag.at,
        `failed to resolve {{${tag.text}}}: ${inputs.template} declares no input parameter '${name}'`,
      ),
    );
  }
  if (group === "artifacts" && !inputs.artifacts.has(name)) {
    ctx.out.push(
      issue(
        "unresolved-variable",
        tag.at,
        `failed to resolve {{${tag.text}}}: ${inputs.template} declares no input artifact '${name}'`,
      ),
    );
  }
}

function checkStepsTemplate(ctx: SpecContext, t: TemplateView, inputs: Inputs): void {
  const groups = t.steps ?? [];
  const groupOf = new Map<string, number>();
  groups.forEach((group, g) => {
    for (const step of group)
      if (step.name !== undefined && !groupOf.has(step.name)) groupOf.set(step.name, g);
  });
  const label = t.name === undefined ? "the inline template" : `templates.${t.name}`;
  groups.forEach((group, g) => {
    for (const step of group) {
      const own = stepInputs(step, inputs);
      forEachTag({ value: step.raw, at: step.at, skip: ["inline"] }, (tag) => {
        checkInputTag(ctx, tag, own);
        const name = nodeName(tag, "steps");
        if (name === undefined) return;
        const at = groupOf.get(name);
        const inHook = name === step.name && isUnder(tag.at, [...step.at, "hooks"]);
        if (at === undefined) {
          ctx.out.push(
            issue(
              "unresolved-variable",
              tag.at,
              `failed to resolve {{${tag.text}}}: no step '${name}' in ${label}`,
            ),
          );
        } else if (at >= g && !inHook) {
          ctx.out.push(
            issue(
              "unresolved-variable",
              tag.at,
              `failed to resolve {{${tag.text}}}: step '${name}' does not run before this step`,
            ),
          );
        }
      });
    }
  });
  checkOutputRefs(ctx, { t, prefix: "steps", known: groupOf, label });
}

function checkDagTemplate(ctx: SpecContext, t: TemplateView, inputs: Inputs): void {
  const tasks = t.dag?.tasks ?? [];
  const byName = new Map<string, TaskView>();
  for (const task of tasks)
    if (task.name !== undefined && !byName.has(task.name)) byName.set(task.name, task);
  const label = t.name === undefined ? "the inline template" : `templates.${t.name}`;
  for (const task of tasks) {
    const own = stepInputs(task, inputs);
    forEachTag({ value: task.raw, at: task.at, skip: ["inline"] }, (tag) => {
      checkInputTag(ctx, tag, own);
      const name = nodeName(tag, "tasks");
      if (name !== undefined && !byName.has(name)) {
        ctx.out.push(
          issue(
            "unresolved-variable",
            tag.at,
            `failed to resolve {{${tag.text}}}: no task '${name}' in ${label}`,
          ),
        );
      }
    });
    checkArgumentDependencies(ctx, task, byName);
  }
  checkOutputRefs(ctx, { t, prefix: "tasks", known: byName, label });
}

/**
 * Argo insists that an argument taken from another task's outputs names a task this one depends on,
 * directly or not; otherwise the value may not exist yet when the task starts.
 */
function checkArgumentDependencies(
  ctx: SpecContext,
  task: TaskView,
  byName: ReadonlyMap<string, TaskView>,
): void {
  // Ancestry is computed only for a task that reads another task's outputs, so a 10,000-task DAG
  // without such arguments costs nothing here (computing it for every task was quadratic).
  let ancestors: Set<string> | undefined;
  const args = asRecord(task.raw.arguments);
  const check = (text: unknown, what: string, at: Path) => {
    if (typeof text !== "string" || !text.startsWith("{{tasks.")) return;
    const name = text.slice("{{tasks.".length).split(".")[0] ?? "";
    if (!byName.has(name)) return;
    ancestors ??= ancestry(task, byName);
    if (!ancestors.has(name)) {
      ctx.out.push(issue("dependency", at, `missing dependency '${name}' for ${what}`));
    }
  };
  asList(args?.parameters).forEach((p, i) => {
    if (isRecord(p))
      check(p.value, `parameter '${String(p.name)}'`, [...task.at, "arguments", "parameters", i, "value"]);
  });
  asList(args?.artifacts).forEach((a, i) => {
    if (isRecord(a))
      check(a.from, `artifact '${String(a.name)}'`, [...task.at, "arguments", "artifacts", i, "from"]);
  });
}

function ancestry(task: TaskView, byName: ReadonlyMap<string, TaskView>): Set<string> {
  const seen = new Set<string>();
  const queue = dependencyNames(task);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    const parent = byName.get(name);
    if (parent !== undefined) queue.push(...dependencyNames(parent));
  }
  return seen;
}

/** The template's own outputs may read any of its steps or tasks, in any group. */
function checkOutputRefs(
  ctx: SpecContext,
  v: { t: TemplateView; prefix: string; known: ReadonlyMap<string, unknown>; label: string },
): void {
  forEachTag({ value: v.t.raw.outputs, at: [...v.t.at, "outputs"] }, (tag) => {
    const name = nodeName(tag, v.prefix);
    if (name === undefined || v.known.has(name)) return;
    const what = v.prefix === "steps" ? "step" : "task";
    ctx.out.push(
      issue(
        "unresolved-variable",
        tag.at,
        `failed to resolve {{${tag.text}}}: no ${what} '${name}' in ${v.label}`,
      ),
    );
  });
}

/** A step with an inline template may also mention the inline template's inputs (Argo allows it). */
function stepInputs(step: StepView, inputs: Inputs): Inputs {
  if (step.inline === undefined) return inputs;
  const parameters = new Set([...inputs.parameters, ...step.inline.inputs.parameters.map((p) => p.name)]);
  const artifacts = new Set([...inputs.artifacts, ...step.inline.inputs.artifacts.map((a) => a.name)]);
  return { ...inputs, parameters, artifacts };
}

/** The step or task a `{{steps.X…}}` / `{{tasks.X…}}` tag names; `steps.name` is Argo's own variable. */
function nodeName(tag: Tag, prefix: string): string | undefined {
  const [root, name] = tag.parts;
  if (root !== prefix || name === undefined || tag.parts.length < 3) return undefined;
  if (name.startsWith("name") || name.includes("{{")) return undefined;
  return name;
}

const isUnder = (at: Path, prefix: Path): boolean => prefix.every((seg, i) => at[i] === seg);
