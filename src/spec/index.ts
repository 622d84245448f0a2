/**
 * Argo manifests in, typed objects and validation problems out. Loading keeps source positions so
 * that every problem, whether from the schema or from Argo's semantic rules, carries a line.
 */
export { type LintOptions, lintedKinds, lintText, localTemplates, validateDocument } from "./lint.js";
export { type LoadedDocument, type LoadResult, loadDocuments, loadFile } from "./load.js";
export type { Locator, Position } from "./locate.js";
export {
  formatPath,
  formatProblem,
  formatProblemPretty,
  hasErrors,
  type PathSegment,
  type Problem,
  type Severity,
} from "./problem.js";
export * from "./types.js";
export type { TemplateRefLookup, ValidateOptions } from "./validate/context.js";
