import { issue } from "../problem.js";
import type { SpecContext } from "./context.js";
import { type DependsOperand, dependencyNames, itemResults, parseDepends, taskResults } from "./depends.js";
import { findCycles } from "./graph.js";
import type { TaskView, TemplateView } from "./model.js";
import { checkUnique, fieldNameProblem } from "./names.js";
import { checkHookExpressions, checkLoopFields } from "./steps.js";
import { templateLabel } from "./templates.js";

/** Rules of DAG templates: task names, dependencies, cycles and targets. */
export function checkDags(ctx: SpecContext): void {
  for (const t of ctx.spec.allTemplates) {
    if (t.dag === undefined) continue;
    checkDag(ctx, t, t.dag.tasks);
  }
}

function checkDag(ctx: SpecContext, t: TemplateView, tasks: TaskView[]): void {
  const label = templateLabel(t);
  if (tasks.length === 0) {
    ctx.out.push(
      issue("required", [...(t.dag?.at ?? t.at), "tasks"], `${label} must have at least one task`),
    );
    return;
  }
  checkUnique(tasks, "task name", ctx.out);
  const byName = new Map<string, TaskView>();
  for (const task of tasks)
    if (task.name !== undefined && !byName.has(task.name)) byName.set(task.name, task);
  const usesDepends = tasks.some((task) => task.depends !== undefined);
  for (const task of tasks) {
    checkTaskName(ctx, task, usesDepends);
    checkTaskStyle(ctx, { label, task, usesDepends });
    checkTaskDependencies(ctx, task, byName);
    checkLoopFields(ctx, task);
    checkHookExpressions(ctx, task);
  }
  checkCycles(ctx, label, tasks);
  checkTargets(ctx, t, byName);
}

function checkTaskName(ctx: SpecContext, task: TaskView, usesDepends: boolean): void {
  if (task.name === undefined) return;
  const problem = fieldNameProblem(task.name, { allowTags: true });
  if (problem !== undefined)
    ctx.out.push(
      issue("invalid-name", [...task.at, "name"], `task name '${task.name}' is invalid: ${problem}`),
    );
  const hasDeps = usesDepends || task.dependencies.length > 0;
  if (hasDeps && /^[0-9]/.test(task.name)) {
    ctx.out.push(
      issue(
        "invalid-name",
        [...task.at, "name"],
        `task name '${task.name}' cannot begin with a digit when using either 'depends' or 'dependencies'`,
      ),
    );
  }
}

function checkTaskStyle(ctx: SpecContext, v: { label: string; task: TaskView; usesDepends: boolean }): void {
  const { label, task, usesDepends } = v;
  if (usesDepends && task.dependencies.length > 0) {
    ctx.out.push(
      issue(
        "dependency",
        [...task.at, "dependencies"],
        `${label} cannot use both 'depends' and 'dependencies' in the same DAG template`,
      ),
    );
  }
  if (usesDepends && task.continueOn) {
    ctx.out.push(
      issue(
        "dependency",
        [...task.at, "continueOn"],
        `${label} cannot use 'continueOn' when using 'depends'. Instead use 'dep-task.Failed'/'dep-task.Errored'`,
      ),
    );
  }
}

function checkTaskDependencies(
  ctx: SpecContext,
  task: TaskView,
  byName: ReadonlyMap<string, TaskView>,
): void {
  const field = task.depends === undefined ? "dependencies" : "depends";
  const operands: DependsOperand[] =
    task.depends === undefined
      ? task.dependencies.map((name) => ({ task: name }))
      : parseDepends(task.depends);
  const reported = new Set<string>();
  for (const operand of operands) {
    const result = operand.result;
    if (result !== undefined && !(taskResults as readonly string[]).includes(result)) {
      ctx.out.push(
        issue(
          "dependency",
          [...task.at, field],
          `task result '${result}' for task '${operand.task}' is invalid`,
        ),
      );
    }
    const target = byName.get(operand.task);
    if (target === undefined) {
      if (!reported.has(operand.task)) {
        ctx.out.push(issue("dependency", [...task.at, field], `dependency '${operand.task}' not defined`));
      }
      reported.add(operand.task);
    } else if (result !== undefined && itemResults.includes(result) && !target.hasItems) {
      ctx.out.push(
        issue(
          "dependency",
          [...task.at, field],
          `dependency '${operand.task}' uses an items-based condition such as .AnySucceeded or .AllFailed but does not contain any items`,
        ),
      );
    }
  }
}

function checkCycles(ctx: SpecContext, label: string, tasks: TaskView[]): void {
  const edges = new Map<string, string[]>();
  const order: string[] = [];
  const atOf = new Map<string, TaskView>();
  for (const task of tasks) {
    if (task.name === undefined || edges.has(task.name)) continue;
    edges.set(task.name, dependencyNames(task));
    order.push(task.name);
    atOf.set(task.name, task);
  }
  for (const cycle of findCycles(order, edges)) {
    const first = atOf.get(cycle[0] ?? "");
    if (first === undefined) continue;
    const field = first.depends === undefined ? "dependencies" : "depends";
    ctx.out.push(
      issue("dag-cycle", [...first.at, field], `${label} dependency cycle detected: ${cycle.join(" -> ")}`),
    );
  }
}

function checkTargets(ctx: SpecContext, t: TemplateView, byName: ReadonlyMap<string, TaskView>): void {
  const target = t.dag?.target;
  if (target === undefined || t.dag === undefined) return;
  for (const name of target.split(" ")) {
    if (name === "" || name.includes("{{") || byName.has(name)) continue;
    ctx.out.push(
      issue(
        "dependency",
        [...t.dag.at, "target"],
        `${templateLabel(t)}.targets: target '${name}' is not defined`,
      ),
    );
  }
}
