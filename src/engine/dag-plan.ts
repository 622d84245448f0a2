/**
 * The static shape of a DAG template, computed once per template: tasks by name, each task's
 * dependencies and dependents, parsed `depends`, the target tasks and the tasks that must run to
 * reach them.
 */
import type { DAGTask, Template } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { type DependsExpr, dependsOf, referencedTasks } from "./depends.js";

export interface DagPlan {
  tasks: Map<string, DAGTask>;
  order: string[];
  depends: Map<string, DependsExpr | undefined>;
  dependencies: Map<string, string[]>;
  dependents: Map<string, string[]>;
  targets: string[];
  /** Targets and all their ancestors: the only tasks this DAG runs. */
  relevant: Set<string>;
  /** `dag.failFast`, true unless set to false. */
  failFast: boolean;
}

const plans = new WeakMap<Template, DagPlan>();

export function planDag(template: Template): DagPlan {
  const cached = plans.get(template);
  if (cached) return cached;
  const plan = buildPlan(template);
  plans.set(template, plan);
  return plan;
}

function buildPlan(template: Template): DagPlan {
  const list = template.dag?.tasks ?? [];
  const tasks = new Map(list.map((t) => [t.name, t]));
  const depends = new Map<string, DependsExpr | undefined>();
  const dependencies = new Map<string, string[]>();
  const dependents = new Map<string, string[]>(list.map((t) => [t.name, []]));
  for (const task of list) {
    const expr = dependsOf(task);
    depends.set(task.name, expr);
    const deps = referencedTasks(expr);
    for (const dep of deps) {
      if (!tasks.has(dep)) throw invalid(`task '${task.name}' depends on unknown task '${dep}'`);
      dependents.get(dep)?.push(task.name);
    }
    dependencies.set(task.name, deps);
  }
  const target = template.dag?.target?.trim();
  const targets = target
    ? target.split(/\s+/)
    : list.filter((t) => (dependents.get(t.name) ?? []).length === 0).map((t) => t.name);
  for (const t of targets) if (!tasks.has(t)) throw invalid(`target '${t}' is not a task of the DAG`);
  const relevant = new Set<string>();
  const stack = [...targets];
  while (stack.length) {
    const name = stack.pop() as string;
    if (relevant.has(name)) continue;
    relevant.add(name);
    stack.push(...(dependencies.get(name) ?? []));
  }
  assertAcyclic(new Set(tasks.keys()), dependencies, dependents);
  const failFast = template.dag?.failFast !== false;
  return {
    tasks,
    order: list.map((t) => t.name),
    depends,
    dependencies,
    dependents,
    targets,
    relevant,
    failFast,
  };
}

/** Kahn's algorithm over the relevant tasks: a cycle would leave its tasks waiting forever. */
function assertAcyclic(
  relevant: Set<string>,
  dependencies: Map<string, string[]>,
  dependents: Map<string, string[]>,
): void {
  const remaining = new Map([...relevant].map((t) => [t, (dependencies.get(t) ?? []).length]));
  const ready = [...remaining].filter(([, n]) => n === 0).map(([t]) => t);
  let seen = 0;
  while (ready.length) {
    const t = ready.pop() as string;
    seen++;
    for (const d of dependents.get(t) ?? []) {
      const n = remaining.get(d);
      if (n === undefined) continue;
      remaining.set(d, n - 1);
      if (n === 1) ready.push(d);
    }
  }
  if (seen < relevant.size) {
    const stuck = [...remaining].filter(([, n]) => n > 0).map(([t]) => t);
    throw invalid(`dependency cycle among tasks ${stuck.join(", ")}`);
  }
}
