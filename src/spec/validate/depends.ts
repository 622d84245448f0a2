import type { TaskView } from "./model.js";

/** One task mentioned by a `depends` expression, with the result it tests (`A.Failed`), if any. */
export interface DependsOperand {
  task: string;
  result?: string;
}

/** Results a `depends` expression may test. `AnySucceeded`/`AllFailed` need a task with items. */
export const taskResults = [
  "Succeeded",
  "Failed",
  "Errored",
  "Skipped",
  "Omitted",
  "Daemoned",
  "AnySucceeded",
  "AllFailed",
] as const;

/** Results that only make sense for a task with withItems, withParam or withSequence. */
export const itemResults: readonly string[] = ["AnySucceeded", "AllFailed"];

// Task names are Argo field names; operators (&&, ||, !, parentheses) and spaces separate them.
const operandPattern = /([a-zA-Z0-9][-a-zA-Z0-9]*)(?:\.([A-Za-z]+))?/g;

/** The tasks a `depends` expression mentions, in order of appearance. */
export function parseDepends(expression: string): DependsOperand[] {
  const operands: DependsOperand[] = [];
  for (const m of expression.matchAll(operandPattern)) {
    const task = m[1];
    if (task === undefined) continue;
    operands.push(m[2] === undefined ? { task } : { task, result: m[2] });
  }
  return operands;
}

/** The tasks a task waits for, from `depends` or `dependencies`, without repeats. */
export function dependencyNames(task: TaskView): string[] {
  const names =
    task.depends === undefined ? task.dependencies : parseDepends(task.depends).map((o) => o.task);
  return [...new Set(names)];
}
