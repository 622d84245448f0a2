/**
 * `argoWorkflow.args`: Argo Events appends them to the `argo submit` command line. Argosy submits
 * without a CLI, so it understands the flags that change the submitted Workflow (`-p/--parameter`,
 * `--entrypoint`, `--serviceaccount`, `-l/--labels`, `--name`, `--generate-name`) and reports the
 * rest as ignored.
 */
import type { Parameter, Workflow } from "../../spec/types.js";
import { type RunContext, triggerInvalid } from "./common.js";

export interface SubmitArgs {
  parameters: [name: string, value: string][];
  entrypoint?: string;
  serviceAccount?: string;
  labels: Record<string, string>;
  name?: string;
  generateName?: string;
  /** Arguments Argosy does not apply (e.g. `--watch`, `--instanceid`). */
  ignored: string[];
}

const flags: Record<string, string> = {
  "-p": "parameter",
  "--parameter": "parameter",
  "--entrypoint": "entrypoint",
  "--serviceaccount": "serviceaccount",
  "-l": "labels",
  "--labels": "labels",
  "--name": "name",
  "--generate-name": "generate-name",
};

/** Parses the arguments; `Invalid` for a flag without its value or a malformed `NAME=VALUE`. */
export function parseSubmitArgs(ctx: RunContext, args: readonly string[]): SubmitArgs {
  const out: SubmitArgs = { parameters: [], labels: {}, ignored: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = String(args[i]);
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const what = flags[flag];
    if (!what) {
      out.ignored.push(arg);
      continue;
    }
    let value: string;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      const next = args[++i];
      if (next === undefined) throw triggerInvalid(ctx, `argoWorkflow.args: ${flag} needs a value`);
      value = String(next);
    }
    apply(ctx, out, what, value);
  }
  return out;
}

function apply(ctx: RunContext, out: SubmitArgs, what: string, value: string): void {
  switch (what) {
    case "parameter":
      out.parameters.push(keyValue(ctx, value, "parameter"));
      break;
    case "labels":
      for (const part of value.split(",")) {
        const [k, v] = keyValue(ctx, part, "label");
        out.labels[k] = v;
      }
      break;
    case "entrypoint":
      out.entrypoint = value;
      break;
    case "serviceaccount":
      out.serviceAccount = value;
      break;
    case "name":
      out.name = value;
      break;
    default:
      out.generateName = value;
  }
}

function keyValue(ctx: RunContext, text: string, what: string): [string, string] {
  const eq = text.indexOf("=");
  if (eq <= 0) throw triggerInvalid(ctx, `argoWorkflow.args: ${what} "${text}" must be NAME=VALUE`);
  return [text.slice(0, eq).trim(), text.slice(eq + 1)];
}

/** Applies parsed arguments to a Workflow about to be submitted (in place). */
export function applySubmitArgs(wf: Workflow, args: SubmitArgs): void {
  if (args.name) wf.metadata.name = args.name;
  if (args.generateName) wf.metadata.generateName = args.generateName;
  if (Object.keys(args.labels).length) wf.metadata.labels = { ...wf.metadata.labels, ...args.labels };
  if (args.entrypoint) wf.spec.entrypoint = args.entrypoint;
  if (args.serviceAccount) wf.spec.serviceAccountName = args.serviceAccount;
  if (args.parameters.length === 0) return;
  wf.spec.arguments ??= {};
  const params: Parameter[] = wf.spec.arguments.parameters ?? [];
  for (const [name, value] of args.parameters) {
    const existing = params.find((p) => p.name === name);
    if (existing) {
      existing.value = value;
      delete existing.valueFrom;
    } else params.push({ name, value });
  }
  wf.spec.arguments.parameters = params;
}
