/**
 * Binding a step's arguments to a template's inputs, then substituting the template, as Argo's
 * ProcessArgs does: argument value, else the input's own value, else its default; a parameter left
 * without a value is an error; values outside `enum` are rejected.
 */
import { makeExpressionEvaluator, substituteDeep } from "../expr/index.js";
import type { Arguments, Artifact, Inputs, Parameter, Template } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { inputScope, LayeredScope, paramString } from "./vars.js";

const evaluateExpression = makeExpressionEvaluator();

/** Substitutes `{{…}}` and `{{=…}}` tags; unresolved simple tags stay as written (validation reports them). */
export function substitute<T>(value: T, scope: ReadonlyMap<string, string>): T {
  return substituteDeep(value, scope, { strict: false, evaluateExpression });
}

/** Resolves the input parameters of `template` from `args`; throws `Invalid` naming the first problem. */
export function bindInputs(
  template: Template,
  args: Arguments | undefined,
  configMap?: ConfigMapLookup,
): Inputs | undefined {
  const declared = template.inputs;
  if (!declared) return undefined;
  const parameters = (declared.parameters ?? []).map((p) => bindParameter(p, args, configMap));
  const artifacts = (declared.artifacts ?? []).flatMap((a) => bindArtifact(a, args));
  return {
    ...declared,
    ...(declared.parameters ? { parameters } : {}),
    ...(declared.artifacts ? { artifacts } : {}),
  };
}

/** Fields of an artifact that say where it is, as opposed to what it is called and where it goes. */
const locationKeys = [
  "s3",
  "http",
  "git",
  "raw",
  "local",
  "gcs",
  "azure",
  "oss",
  "hdfs",
  "artifactory",
] as const;
const hasLocation = (a: Partial<Artifact>): boolean => locationKeys.some((k) => a[k] !== undefined);

function locationOf(a: Partial<Artifact>): Partial<Artifact> {
  const out: Record<string, unknown> = {};
  for (const k of locationKeys) if (a[k] !== undefined) out[k] = a[k];
  if (a.archive !== undefined) out.archive = a.archive;
  return out as Partial<Artifact>;
}

/**
 * An input artifact takes its location from the argument (`from` resolved to a step's output,
 * or a location given inline), else its own (`raw`, `http`, `git`, `s3`…); a required one with
 * neither is an error, an optional one is left out.
 */
function bindArtifact(input: Artifact, args: Arguments | undefined): Artifact[] {
  const arg = args?.artifacts?.find((a) => a.name === input.name);
  let source: Partial<Artifact> | undefined;
  if (arg?.from) {
    try {
      source = JSON.parse(arg.from) as Partial<Artifact>;
    } catch {
      if (!input.optional && !arg.optional)
        throw invalid(`unable to resolve inputs.artifacts.${input.name} from ${arg.from}`);
    }
  } else if (arg && hasLocation(arg)) source = arg;
  const subPath = arg?.subPath ?? input.subPath;
  if (source) return [{ ...input, ...locationOf(source), ...(subPath ? { subPath } : {}) }];
  if (hasLocation(input)) return [input];
  if (input.optional || arg?.optional) return [];
  throw invalid(`inputs.artifacts.${input.name} was not supplied`);
}

/** Reads `key` of ConfigMap `name` (in the workflow's namespace); undefined when either is missing. */
export type ConfigMapLookup = (name: string, key: string) => string | undefined;

/** A parameter's `valueFrom.configMapKeyRef`, read through `lookup`; throws `Invalid` when missing and not optional. */
export function configMapValue(
  p: Parameter,
  what: string,
  lookup: ConfigMapLookup | undefined,
): string | undefined {
  const ref = p.valueFrom?.configMapKeyRef;
  if (!ref) return undefined;
  const value = lookup?.(ref.name, ref.key);
  if (value === undefined && !ref.optional && p.valueFrom?.default === undefined && p.default === undefined) {
    throw invalid(
      `unable to retrieve ${what} from ConfigMap: key '${ref.key}' of ConfigMap '${ref.name}' not found`,
    );
  }
  return value;
}

function bindParameter(
  input: Parameter,
  args: Arguments | undefined,
  configMap?: ConfigMapLookup,
): Parameter {
  const bound: Parameter = { ...input };
  const arg = args?.parameters?.find((a) => a.name === input.name);
  const what = `inputs.parameters.${input.name}`;
  const fromMap =
    configMapValue(arg ?? input, what, configMap) ??
    (arg ? configMapValue(input, what, configMap) : undefined);
  if (bound.value === undefined && fromMap !== undefined) bound.value = fromMap;
  if (bound.value === undefined && bound.default !== undefined) bound.value = bound.default;
  // An argument that is only a reference to an absent output (a skipped producer) leaves the
  // input's own default in force (Argo v4.0.7+).
  const absentRef = typeof arg?.value === "string" && /^\{\{\s*(steps|tasks)\.[^{}]+\}\}$/.test(arg.value);
  if (arg && arg.value !== undefined && !(absentRef && input.default !== undefined)) bound.value = arg.value;
  else if (
    arg?.valueFrom?.supplied === undefined &&
    arg?.default !== undefined &&
    bound.value === undefined
  ) {
    bound.value = arg.default;
  }
  if (bound.value === undefined) throw invalid(`inputs.parameters.${input.name} was not supplied`);
  bound.value = paramString(bound.value);
  if (bound.enum?.length && !bound.enum.map(paramString).includes(bound.value)) {
    throw invalid(
      `value '${bound.value}' of inputs.parameters.${input.name} is not in enum [${bound.enum.join(", ")}]`,
    );
  }
  return bound;
}

/** `outputs.artifacts.<name>.path` and `outputs.parameters.<name>.path` of a template's declared outputs. */
function outputPaths(template: Template): Map<string, string> {
  const scope = new Map<string, string>();
  for (const a of template.outputs?.artifacts ?? [])
    if (a.path) scope.set(`outputs.artifacts.${a.name}.path`, a.path);
  for (const p of template.outputs?.parameters ?? []) {
    if (p.valueFrom?.path) scope.set(`outputs.parameters.${p.name}.path`, p.valueFrom.path);
  }
  return scope;
}

export interface ProcessedTemplate {
  template: Template;
  inputs: Inputs | undefined;
  /** The scope the template was substituted with (inputs over locals over globals). */
  scope: LayeredScope;
}

/**
 * Binds inputs and substitutes the whole template with `inputs.*`, the given local variables
 * (`pod.name`, `node.name`, `retries`…) and the globals. Outputs' own tags are left for later.
 */
export function processTemplate(request: {
  template: Template;
  args: Arguments | undefined;
  locals: ReadonlyMap<string, string>;
  globals: ReadonlyMap<string, string>;
  configMap?: ConfigMapLookup;
}): ProcessedTemplate {
  const { template, args, locals, globals } = request;
  const bound = bindInputs(template, args, request.configMap);
  // Argo substitutes the global variables into the whole template first, inputs included, so an
  // input's value may itself be a {{workflow.*}} tag or a {{= … }} expression over them.
  const inputs = bound ? substitute(bound, new LayeredScope(locals, globals)) : undefined;
  const scope = new LayeredScope(
    inputScope(inputs?.parameters, inputs?.artifacts),
    locals,
    outputPaths(template),
    globals,
  );
  const { inputs: _declared, ...rest } = template;
  const substituted = substitute(rest, scope) as Template;
  return { template: inputs ? { ...substituted, inputs } : substituted, inputs, scope };
}
