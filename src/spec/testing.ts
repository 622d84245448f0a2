/**
 * Helpers for this folder's tests (excluded from the build): lint inline YAML and reduce problems to
 * the parts a table test compares.
 */
import { lintText } from "./lint.js";
import type { Problem } from "./problem.js";
import type { ValidateOptions } from "./validate/context.js";

/** The comparable part of a problem. */
export interface Found {
  code: string;
  path: string;
  line: number | undefined;
}

/** Reduces problems to code, path and line. */
export const summarize = (problems: readonly Problem[]): Found[] =>
  problems.map((p) => ({ code: p.code, path: p.path, line: p.line }));

/** The error-severity problems of a YAML text, summarized. */
export function errorsIn(text: string, options: ValidateOptions = {}): Found[] {
  return summarize(lintText(text, "test.yaml", options).filter((p) => p.severity === "error"));
}

/** The full problems of a YAML text, for tests that look at messages. */
export const problemsIn = (text: string, options: ValidateOptions = {}): Problem[] =>
  lintText(text, "test.yaml", options);

/** Removes the common indentation of a template literal so YAML can be written indented in tests. */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ""), "");
  const lines = text.replace(/^\n/, "").split("\n");
  const indents = lines.filter((l) => l.trim() !== "").map((l) => l.length - l.trimStart().length);
  const cut = Math.min(...indents);
  return lines.map((l) => l.slice(cut)).join("\n");
}

/**
 * A Workflow named `w` with entrypoint `main` whose `spec.templates` is the given YAML list. The list's
 * first line is line 7 of the result, so a case's expected line is 6 plus its line in `templates`.
 */
export function workflowWith(templates: string): string {
  const header =
    "apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  entrypoint: main\n  templates:\n";
  const body = templates
    .split("\n")
    .map((l) => (l.trim() === "" ? l : `  ${l}`))
    .join("\n");
  return header + body;
}
