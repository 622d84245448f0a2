import type { PathSegment } from "../problem.js";
import { artifactLocationKeys } from "../schema/artifacts.js";
import { type TemplateType, templateTypes } from "../types.js";
import { asAnyString, asList, asRecord, hasField, type Json, stringField } from "./read.js";

/**
 * Typed views of a workflow spec, read defensively from unknown data. Semantic rules work on these
 * views so they never re-check shapes; malformed parts (a template that is not a map) are skipped,
 * the schema check has already reported them.
 */

/** Where a node is in its document. */
export type Path = readonly PathSegment[];

/** A parameter of inputs, outputs or arguments. */
export interface ParamView {
  name: string;
  at: Path;
  /** The literal value, as a string, when `value` is set. */
  value?: string;
  hasValue: boolean;
  hasValueFrom: boolean;
  /** A value can come from `value`, `default` or `valueFrom`. */
  hasSource: boolean;
  enum?: string[];
}

/** An artifact of inputs, outputs or arguments. */
export interface ArtifactView {
  name: string;
  at: Path;
  /** Optional, or says where it comes from (a location, a key, `from`, `fromExpression`). */
  satisfied: boolean;
}

/** The parameters and artifacts of inputs, outputs or arguments. */
export interface IoView {
  parameters: ParamView[];
  artifacts: ArtifactView[];
}

/** A `templateRef`: a template of a (Cluster)WorkflowTemplate. */
export interface TemplateRefView {
  name: string;
  template: string;
  clusterScope: boolean;
  at: Path;
}

/** Anything that calls a template: a step, a DAG task, a hook, an exit handler. */
export interface InvocationView {
  at: Path;
  template?: string;
  templateRef?: TemplateRefView;
  inline?: TemplateView;
  arguments: IoView;
}

/** A lifecycle hook; `event` is its key (`exit`, `running`, …). */
export interface HookView extends InvocationView {
  event: string;
  expression?: string;
}

/** A step of a steps template (also the base of a DAG task). */
export interface StepView extends InvocationView {
  name?: string;
  raw: Json;
  onExit?: string;
  hooks: HookView[];
}

/** A DAG task. */
export interface TaskView extends StepView {
  depends?: string;
  dependencies: string[];
  continueOn: boolean;
  hasItems: boolean;
}

/** A template, named or inline. */
export interface TemplateView {
  name?: string;
  at: Path;
  /** The template an inline template is written in; its inputs are substituted before the inline runs. */
  parent?: TemplateView;
  raw: Json;
  types: TemplateType[];
  inputs: IoView;
  steps?: StepView[][];
  dag?: { at: Path; tasks: TaskView[]; target?: string };
}

/** A workflow spec: its templates and what calls them. */
export interface SpecView {
  at: Path;
  raw: Json;
  entrypoint?: string;
  templates: TemplateView[];
  /** Templates and inline templates, depth first: every template a rule should look at. */
  allTemplates: TemplateView[];
  byName: ReadonlyMap<string, TemplateView>;
  arguments: IoView;
  onExit?: string;
  hooks: HookView[];
  workflowTemplateRef?: { name: string; clusterScope: boolean; at: Path };
}

/** Reads a workflow spec found at `at` in its document. */
export function readSpec(value: unknown, at: Path): SpecView {
  const raw = asRecord(value) ?? {};
  const all: TemplateView[] = [];
  const templates: TemplateView[] = [];
  asList(raw.templates).forEach((t, i) => {
    const view = readTemplate(t, [...at, "templates", i], { all });
    if (view !== undefined) templates.push(view);
  });
  const byName = new Map<string, TemplateView>();
  for (const t of templates) if (t.name !== undefined && !byName.has(t.name)) byName.set(t.name, t);
  const ref = asRecord(raw.workflowTemplateRef);
  const refName = stringField(ref, "name");
  return {
    at,
    raw,
    ...optional("entrypoint", stringField(raw, "entrypoint")),
    templates,
    allTemplates: all,
    byName,
    arguments: readIo(raw.arguments, [...at, "arguments"]),
    ...optional("onExit", stringField(raw, "onExit")),
    hooks: readHooks(raw.hooks, [...at, "hooks"], { all }),
    ...(refName === undefined
      ? {}
      : {
          workflowTemplateRef: {
            name: refName,
            clusterScope: ref?.clusterScope === true,
            at: [...at, "workflowTemplateRef"],
          },
        }),
  };
}

function readTemplate(value: unknown, at: Path, r: Reading): TemplateView | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  const view: TemplateView = {
    ...optional("name", stringField(raw, "name")),
    at,
    ...optional("parent", r.parent),
    raw,
    types: templateTypes.filter((t) => hasField(raw, t)),
    inputs: readIo(raw.inputs, [...at, "inputs"]),
  };
  r.all.push(view);
  if (Array.isArray(raw.steps)) {
    view.steps = raw.steps.map((group, g) =>
      asList(group).flatMap(
        (s, i) => readStep(s, [...at, "steps", g, i], { all: r.all, parent: view }) ?? [],
      ),
    );
  }
  const dag = asRecord(raw.dag);
  if (dag !== undefined) {
    const tasks = asList(dag.tasks).flatMap(
      (t, i) => readTask(t, [...at, "dag", "tasks", i], { all: r.all, parent: view }) ?? [],
    );
    view.dag = { at: [...at, "dag"], tasks, ...optional("target", stringField(dag, "target")) };
  }
  return view;
}

/** Where inline templates found while reading go, and the template they are written in. */
interface Reading {
  all: TemplateView[];
  parent?: TemplateView;
}

function readStep(value: unknown, at: Path, r: Reading): StepView | undefined {
  const raw = asRecord(value);
  if (raw === undefined) return undefined;
  return {
    ...readInvocation(raw, at, r),
    ...optional("name", stringField(raw, "name")),
    raw,
    ...optional("onExit", stringField(raw, "onExit")),
    hooks: readHooks(raw.hooks, [...at, "hooks"], r),
  };
}

function readTask(value: unknown, at: Path, r: Reading): TaskView | undefined {
  const step = readStep(value, at, r);
  if (step === undefined) return undefined;
  const raw = step.raw;
  return {
    ...step,
    ...optional("depends", stringField(raw, "depends")),
    dependencies: asList(raw.dependencies).filter((d): d is string => typeof d === "string"),
    continueOn: hasField(raw, "continueOn"),
    hasItems: asList(raw.withItems).length > 0 || hasField(raw, "withParam") || hasField(raw, "withSequence"),
  };
}

function readInvocation(raw: Json, at: Path, r: Reading): InvocationView {
  const ref = asRecord(raw.templateRef);
  const inline = raw.inline === undefined ? undefined : readTemplate(raw.inline, [...at, "inline"], r);
  return {
    at,
    ...optional("template", stringField(raw, "template")),
    ...(ref === undefined
      ? {}
      : {
          templateRef: {
            name: stringField(ref, "name") ?? "",
            template: stringField(ref, "template") ?? "",
            clusterScope: ref.clusterScope === true,
            at: [...at, "templateRef"],
          },
        }),
    ...(inline === undefined ? {} : { inline }),
    arguments: readIo(raw.arguments, [...at, "arguments"]),
  };
}

function readHooks(value: unknown, at: Path, r: Reading): HookView[] {
  const hooks = asRecord(value) ?? {};
  return Object.entries(hooks).flatMap(([event, h]) => {
    const raw = asRecord(h);
    if (raw === undefined) return [];
    const hook: HookView = { ...readInvocation(raw, [...at, event], r), event };
    const expression = stringField(raw, "expression");
    return [expression === undefined ? hook : { ...hook, expression }];
  });
}

/** Reads `parameters` and `artifacts` of inputs, outputs or arguments. */
export function readIo(value: unknown, at: Path): IoView {
  const raw = asRecord(value);
  return {
    parameters: asList(raw?.parameters).flatMap((p, i) => readParam(p, [...at, "parameters", i]) ?? []),
    artifacts: asList(raw?.artifacts).flatMap((a, i) => readArtifact(a, [...at, "artifacts", i]) ?? []),
  };
}

function readParam(value: unknown, at: Path): ParamView | undefined {
  const raw = asRecord(value);
  const name = stringField(raw, "name");
  if (raw === undefined || name === undefined) return undefined;
  const literal = asAnyString(raw.value);
  const values = Array.isArray(raw.enum) ? raw.enum.flatMap((e) => asAnyString(e) ?? []) : undefined;
  return {
    name,
    at,
    ...optional("value", literal),
    hasValue: hasField(raw, "value"),
    hasValueFrom: hasField(raw, "valueFrom"),
    hasSource: hasField(raw, "value") || hasField(raw, "default") || hasField(raw, "valueFrom"),
    ...optional("enum", values),
  };
}

function readArtifact(value: unknown, at: Path): ArtifactView | undefined {
  const raw = asRecord(value);
  const name = stringField(raw, "name");
  if (raw === undefined || name === undefined) return undefined;
  const sources = [...artifactLocationKeys, "from", "fromExpression", "optional"];
  return { name, at, satisfied: sources.some((k) => hasField(raw, k) && raw[k] !== false) };
}

/** Spreads `{ [key]: value }` only when the value is defined (keeps optional fields truly absent). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
