/**
 * Validation problems are data: every check returns them, none throws. A problem carries a stable
 * `code` for tools, a readable `path` for people and, once located, the line and column.
 */

/** How bad a problem is: errors make Argo reject the manifest, warnings do not. */
export type Severity = "error" | "warning";

/** One finding about a manifest. Lines and columns are 1-based. */
export interface Problem {
  /** Stable machine-readable kind of problem, e.g. `unknown-field`, `dag-cycle`. */
  code: string;
  /** Where in the object, e.g. `spec.templates[2].dag.tasks[0]`; empty for the whole document. */
  path: string;
  message: string;
  line?: number;
  column?: number;
  file?: string;
  severity: Severity;
}

/** A step from an object to one of its children: a map key or a list index. */
export type PathSegment = string | number;

/**
 * A problem before it is placed in a file: the path is still a list of segments so that the loader
 * can find the node it names.
 */
export interface Issue {
  code: string;
  at: readonly PathSegment[];
  message: string;
  severity: Severity;
}

/** Builds an error-severity issue. */
export const issue = (code: string, at: readonly PathSegment[], message: string): Issue => ({
  code,
  at,
  message,
  severity: "error",
});

/** Builds a warning-severity issue. */
export const warning = (code: string, at: readonly PathSegment[], message: string): Issue => ({
  code,
  at,
  message,
  severity: "warning",
});

const plainKey = /^[A-Za-z_$][\w$-]*$/;

/**
 * Formats path segments the way people write them: `spec.templates[2].dag.tasks[0]`. Keys that are
 * not plain identifiers (label keys, hook names with dots) are quoted in brackets.
 */
export function formatPath(segments: readonly PathSegment[]): string {
  let out = "";
  for (const segment of segments) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (plainKey.test(segment)) out += out === "" ? segment : `.${segment}`;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}

/**
 * One line in the `argosy lint` format: `file:line:column  message  (path)`. Missing parts are left
 * out rather than printed as zeros.
 */
export function formatProblem(p: Problem): string {
  let where = p.file ?? "<input>";
  if (p.line !== undefined) where += `:${p.line}`;
  if (p.line !== undefined && p.column !== undefined) where += `:${p.column}`;
  const level = p.severity === "warning" ? "warning: " : "";
  const path = p.path === "" ? "" : `  (${p.path})`;
  return `${where}  ${level}${p.message}${path}`;
}

/** The human form: `✖ message  at spec.templates[2].dag.tasks[0] (line 31)`. */
export function formatProblemPretty(p: Problem): string {
  const mark = p.severity === "warning" ? "⚠" : "✖";
  const at = p.path === "" ? "" : `  at ${p.path}`;
  const line = p.line === undefined ? "" : ` (line ${p.line})`;
  return `${mark} ${p.message}${at}${line}`;
}

/** True when at least one problem is an error. */
export const hasErrors = (problems: readonly Problem[]): boolean =>
  problems.some((p) => p.severity === "error");
