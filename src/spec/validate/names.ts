import type { Issue } from "../problem.js";
import { issue } from "../problem.js";
import type { Path } from "./model.js";

const fieldName = /^[a-zA-Z0-9][-a-zA-Z0-9]*$/;
const fieldNameMax = 128;
const paramName = /^[-a-zA-Z0-9_]+$/;
const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const anyTag = /\{\{[^}]*\}\}/g;

/**
 * Why a template, step or task name is invalid, in Argo's words, or undefined when it is fine.
 * `{{…}}` tags in step and task names are resolved at run time, so each counts as one letter.
 */
export function fieldNameProblem(name: string, options: { allowTags?: boolean } = {}): string | undefined {
  const plain = options.allowTags ? name.replace(anyTag, "x") : name;
  const problems: string[] = [];
  if (plain.length > fieldNameMax) problems.push(`must be no more than ${fieldNameMax} characters`);
  if (!fieldName.test(plain)) {
    problems.push(
      "name must consist of alpha-numeric characters or '-', and must start with an alpha-numeric character (e.g. My-name1-2, 123-NAME)",
    );
  }
  return problems.length === 0 ? undefined : problems.join("; ");
}

/** Why a parameter or artifact name is invalid, in Argo's words. */
export function paramNameProblem(name: string): string | undefined {
  return paramName.test(name)
    ? undefined
    : "Parameter/Artifact name must consist of alpha-numeric characters, '_' or '-' e.g. my_param_1, MY-PARAM-1";
}

/**
 * Why a Kubernetes object name is invalid. `generateName` is a prefix, so a trailing `-` (or `.`) is
 * allowed there; `max` is Argo's limit for the kind (63, or 52 for CronWorkflows).
 */
export function objectNameProblem(
  name: string,
  options: { max: number; prefix: boolean },
): string | undefined {
  const body = options.prefix ? name.replace(/[-.]$/, "") : name;
  if (body === "" || !dns1123Subdomain.test(body)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
  }
  if (!options.prefix && name.length > options.max) {
    return `must not be more than ${options.max} characters long (currently ${name.length})`;
  }
  return undefined;
}

/** Reports `'<name>' is not unique` for every repeat of an earlier name. */
export function checkUnique(items: readonly { name?: string; at: Path }[], what: string, out: Issue[]): void {
  const seen = new Set<string>();
  for (const item of items) {
    if (item.name === undefined) continue;
    if (seen.has(item.name))
      out.push(issue("duplicate-name", [...item.at, "name"], `${what} '${item.name}' is not unique`));
    seen.add(item.name);
  }
}

/** Checks the format and uniqueness of parameter and artifact names in one inputs/outputs/arguments. */
export function checkIoNames(
  io: { parameters: readonly { name: string; at: Path }[]; artifacts: readonly { name: string; at: Path }[] },
  out: Issue[],
): void {
  for (const p of [...io.parameters, ...io.artifacts]) {
    const problem = paramNameProblem(p.name);
    if (problem !== undefined)
      out.push(issue("invalid-name", [...p.at, "name"], `name '${p.name}' is invalid: ${problem}`));
  }
  checkUnique(io.parameters, "parameter name", out);
  checkUnique(io.artifacts, "artifact name", out);
}
