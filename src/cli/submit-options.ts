/**
 * Argo's submit options applied on the client before a Workflow is sent (`argo submit FILE`):
 * entrypoint, service account, priority, labels, parameters (from `-p` and `--parameter-file`),
 * name and generateName. The server names a workflow that only has a generateName.
 */
import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { parse as parseYaml } from "yaml";
import type { Parameter, Workflow } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { SubmitOpts } from "./client/types.js";
import { collect } from "./context.js";

export interface CliSubmitOptions {
  entrypoint?: string;
  serviceAccount?: string;
  priority?: number;
  /** `a=b,c=d`. */
  labels?: string;
  /** `NAME=VALUE`, the parameter file's first, then `-p`'s. */
  parameters: string[];
  name?: string;
  generateName?: string;
}

/** `NAME=VALUE` pairs from a YAML or JSON map (Argo's `--parameter-file`). */
export function readParameterFile(path: string): string[] {
  let parsed: unknown;
  try {
    parsed = parseYaml(readFileSync(path, "utf8"));
  } catch (e) {
    throw invalid(`cannot read parameter file ${path}: ${(e as Error).message}`, { cause: e });
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))
    throw invalid(`parameter file ${path} must be a YAML or JSON map of names to values`);
  return Object.entries(parsed).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`);
}

/** Parses `a=b,c=d` into labels. */
export function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const part of text.split(",").filter((p) => p.trim() !== "")) {
    const eq = part.indexOf("=");
    if (eq <= 0) throw invalid(`expected labels of the form: NAME1=VALUE2,NAME2=VALUE2. Received: ${text}`);
    labels[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return labels;
}

/** Splits `NAME=VALUE`; throws `Invalid` for anything else. */
export function splitParameter(p: string): [string, string] {
  const eq = p.indexOf("=");
  if (eq <= 0) throw invalid(`expected parameter of the form: NAME=VALUE. Received: ${p}`);
  return [p.slice(0, eq), p.slice(eq + 1)];
}

/** A copy of the workflow with the options applied. */
export function applySubmitOptions(input: Workflow, o: CliSubmitOptions): Workflow {
  const wf = structuredClone(input);
  if (o.entrypoint) wf.spec.entrypoint = o.entrypoint;
  if (o.serviceAccount) (wf.spec as { serviceAccountName?: string }).serviceAccountName = o.serviceAccount;
  if (o.priority !== undefined) wf.spec.priority = o.priority;
  if (o.labels) wf.metadata.labels = { ...wf.metadata.labels, ...parseLabels(o.labels) };
  if (o.parameters.length) {
    // As Argo does: the given parameters come first, replacing any of the same name whole; a
    // name given twice keeps its last value.
    const given = new Map<string, string>();
    for (const p of o.parameters) {
      const [name, value] = splitParameter(p);
      given.set(name, value);
    }
    const rest = (wf.spec.arguments?.parameters ?? []).filter((p: Parameter) => !given.has(p.name));
    wf.spec.arguments = {
      ...wf.spec.arguments,
      parameters: [...[...given].map(([name, value]) => ({ name, value })), ...rest],
    };
  }
  if (o.generateName) wf.metadata.generateName = o.generateName;
  if (o.name) wf.metadata.name = o.name;
  return wf;
}

/** The same options as Argo's `SubmitOpts`, for `--from` (applied by the server). */
export function toSubmitOpts(o: CliSubmitOptions & { dryRun?: boolean; serverDryRun?: boolean }): SubmitOpts {
  return {
    ...(o.name ? { name: o.name } : {}),
    ...(o.generateName ? { generateName: o.generateName } : {}),
    ...(o.entrypoint ? { entryPoint: o.entrypoint } : {}),
    ...(o.parameters.length ? { parameters: o.parameters } : {}),
    ...(o.serviceAccount ? { serviceAccount: o.serviceAccount } : {}),
    ...(o.labels ? { labels: o.labels } : {}),
    ...(o.priority !== undefined ? { priority: o.priority } : {}),
    ...(o.dryRun ? { dryRun: true } : {}),
    ...(o.serverDryRun ? { serverDryRun: true } : {}),
  };
}

/**
 * The flags that shape a submitted workflow, shared by `submit` and `cron create` as in Argo's
 * CLI: names, entrypoint, parameters, service account, labels ({@link CliSubmitOptions}).
 */
export function workflowOverrideOptions(cmd: Command): Command {
  return cmd
    .option("--name <name>", "override metadata.name")
    .option("--generate-name <prefix>", "override metadata.generateName")
    .option("--entrypoint <template>", "override entrypoint")
    .option("-p, --parameter <name=value>", "pass an input parameter", collect, [])
    .option("--serviceaccount <name>", "run all pods in the workflow using specified serviceaccount")
    .option("-f, --parameter-file <file>", "pass a file containing all input parameters")
    .option(
      "-l, --labels <labels>",
      "Comma separated labels to apply to the workflow. Will override previous values.",
    );
}
