/**
 * DAG `depends` logic: parsing once per task and evaluating against dependency results.
 *
 * Grammar (Argo's enhanced depends): `&&`, `||`, `!`, parentheses, operands `task` or
 * `task.Result` with Result one of Succeeded, Failed, Errored, Skipped, Omitted, Daemoned,
 * AnySucceeded, AllFailed. A bare `task` means `(task.Succeeded || task.Skipped || task.Daemoned)`,
 * widened with `.Failed`/`.Errored` when that task has `continueOn`. `dependencies: [A, B]` is
 * `A && B`.
 */
import type { ContinueOn, DAGTask, NodePhase } from "../spec/types.js";
import { taskResults } from "../spec/validate/depends.js";
import { invalid } from "../util/errors.js";

export type TaskResult = (typeof taskResults)[number];

export type DependsExpr =
  | { op: "and" | "or"; left: DependsExpr; right: DependsExpr }
  | { op: "not"; operand: DependsExpr }
  | { op: "ref"; task: string; result: TaskResult | undefined };

/** What a finished dependency looks like to `depends`. */
export interface DependencyState {
  phase: NodePhase;
  daemoned?: boolean;
  /** For a loop (TaskGroup): phases of its expanded children. */
  childPhases?: NodePhase[];
}

const tokenPattern = /\s*(&&|\|\||!|\(|\)|[a-zA-Z0-9][-a-zA-Z0-9_]*(?:\.[A-Za-z]+)?)/y;

function tokenize(source: string): string[] {
  const tokens: string[] = [];
  tokenPattern.lastIndex = 0;
  let pos = 0;
  while (pos < source.length) {
    if (/^\s*$/.test(source.slice(pos))) break;
    tokenPattern.lastIndex = pos;
    const m = tokenPattern.exec(source);
    if (!m?.[1]) throw invalid(`invalid depends '${source}': unexpected character at column ${pos + 1}`);
    tokens.push(m[1]);
    pos = tokenPattern.lastIndex;
  }
  return tokens;
}

/** Parses a depends expression; throws an `Invalid` error naming the problem. */
export function parseDepends(source: string): DependsExpr {
  const tokens = tokenize(source);
  let i = 0;
  const fail = (what: string): never => {
    throw invalid(`invalid depends '${source}': ${what}`);
  };
  const parseOr = (): DependsExpr => {
    let left = parseAnd();
    while (tokens[i] === "||") {
      i++;
      left = { op: "or", left, right: parseAnd() };
    }
    return left;
  };
  const parseAnd = (): DependsExpr => {
    let left = parseUnary();
    while (tokens[i] === "&&") {
      i++;
      left = { op: "and", left, right: parseUnary() };
    }
    return left;
  };
  const parseUnary = (): DependsExpr => {
    const tok = tokens[i];
    if (tok === undefined) return fail("unexpected end");
    if (tok === "!") {
      i++;
      return { op: "not", operand: parseUnary() };
    }
    if (tok === "(") {
      i++;
      const inner = parseOr();
      if (tokens[i] !== ")") fail("missing ')'");
      i++;
      return inner;
    }
    if (tok === ")" || tok === "&&" || tok === "||") return fail(`unexpected '${tok}'`);
    i++;
    const dot = tok.indexOf(".");
    if (dot < 0) return { op: "ref", task: tok, result: undefined };
    const result = tok.slice(dot + 1);
    if (!(taskResults as readonly string[]).includes(result)) {
      fail(`task result '${result}' for task '${tok.slice(0, dot)}' is invalid`);
    }
    return { op: "ref", task: tok.slice(0, dot), result: result as TaskResult };
  };
  const expr = parseOr();
  if (i !== tokens.length) fail(`unexpected '${tokens[i]}'`);
  return expr;
}

/** The depends expression of a task: its `depends`, or its `dependencies` joined with `&&`; undefined for a root task. */
export function dependsOf(task: DAGTask): DependsExpr | undefined {
  if (task.depends?.trim()) return parseDepends(task.depends);
  const deps = task.dependencies ?? [];
  if (deps.length === 0) return undefined;
  return deps
    .map((d): DependsExpr => ({ op: "ref", task: d, result: undefined }))
    .reduce((left, right) => ({ op: "and", left, right }));
}

/** Names of the tasks an expression refers to, in order of first appearance. */
export function referencedTasks(expr: DependsExpr | undefined, out: string[] = []): string[] {
  if (!expr) return out;
  switch (expr.op) {
    case "and":
    case "or":
      referencedTasks(expr.left, out);
      referencedTasks(expr.right, out);
      return out;
    case "not":
      return referencedTasks(expr.operand, out);
    case "ref":
      if (!out.includes(expr.task)) out.push(expr.task);
      return out;
  }
}

function resultHolds(result: TaskResult, s: DependencyState): boolean {
  switch (result) {
    case "Succeeded":
      return s.phase === "Succeeded";
    case "Failed":
      return s.phase === "Failed";
    case "Errored":
      return s.phase === "Error";
    case "Skipped":
      return s.phase === "Skipped";
    case "Omitted":
      return s.phase === "Omitted";
    case "Daemoned":
      return s.daemoned === true && s.phase !== "Pending";
    case "AnySucceeded":
      return (s.childPhases ?? []).some((p) => p === "Succeeded");
    case "AllFailed":
      return (s.childPhases ?? []).length > 0 && (s.childPhases ?? []).every((p) => p === "Failed");
  }
}

/** Evaluates a parsed expression; `lookup` gives each dependency's state and `continueOn` of that task. */
export function evaluateDepends(
  expr: DependsExpr,
  lookup: (task: string) => { state: DependencyState; continueOn?: ContinueOn },
): boolean {
  switch (expr.op) {
    case "and":
      return evaluateDepends(expr.left, lookup) && evaluateDepends(expr.right, lookup);
    case "or":
      return evaluateDepends(expr.left, lookup) || evaluateDepends(expr.right, lookup);
    case "not":
      return !evaluateDepends(expr.operand, lookup);
    case "ref": {
      const { state, continueOn } = lookup(expr.task);
      if (expr.result) return resultHolds(expr.result, state);
      const bare: TaskResult[] = ["Succeeded", "Skipped", "Daemoned"];
      if (continueOn?.error) bare.push("Errored");
      if (continueOn?.failed) bare.push("Failed");
      return bare.some((r) => resultHolds(r, state));
    }
  }
}
