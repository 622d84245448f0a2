/**
 * Outputs of steps/DAG templates (`valueFrom.parameter`, `valueFrom.expression`) and global
 * outputs (`globalName` → `workflow.outputs.parameters.<name>`).
 */
import { absentValue, argoEnv, evalExpr, formatValue } from "../expr/index.js";
import type { Artifact, NodeStatus, Outputs, Parameter, Template, WorkflowStep } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { EngineContext } from "./context.js";
import { substitute } from "./inputs.js";
import type { TemplateBase } from "./templates.js";
import { paramString } from "./vars.js";

/** Exports parameters and artifacts that carry a `globalName` to the workflow's outputs and global scope. */
export function publishGlobalOutputs(ctx: EngineContext, outputs: Outputs | undefined): void {
  for (const a of outputs?.artifacts ?? []) {
    if (!a.globalName) continue;
    const status = ctx.state.workflow.status ?? {};
    status.outputs ??= {};
    const global = { ...a, name: a.globalName };
    ctx.globals.set(`workflow.outputs.artifacts.${a.globalName}`, JSON.stringify(global));
    status.outputs.artifacts = [
      ...(status.outputs.artifacts ?? []).filter((x) => x.name !== a.globalName),
      global,
    ];
  }
  for (const p of outputs?.parameters ?? []) {
    if (!p.globalName || p.value === undefined) continue;
    const value = paramString(p.value);
    ctx.globals.set(`workflow.outputs.parameters.${p.globalName}`, value);
    const status = ctx.state.workflow.status ?? {};
    status.outputs ??= {};
    const list = status.outputs.parameters ?? [];
    const existing = list.find((x) => x.name === p.globalName);
    if (existing) existing.value = value;
    else list.push({ name: p.globalName, value });
    status.outputs.parameters = list;
  }
}

/** Resolves a steps/DAG template's declared outputs from the scope of its children. */
export function templateOutputs(template: Template, scope: ReadonlyMap<string, string>): Outputs | undefined {
  const declared = template.outputs?.parameters ?? [];
  const artifacts = scopeArtifacts(template, scope);
  if (declared.length === 0 && artifacts.length === 0) return undefined;
  const parameters: Parameter[] = declared.map((p) => {
    const out: Parameter = { ...p };
    const from = p.valueFrom;
    if (from?.parameter !== undefined) {
      const value = substitute(from.parameter, scope);
      if (/\{\{[^}]*\}\}/.test(value)) {
        if (from.default === undefined)
          throw invalid(`unable to resolve outputs from scope: ${from.parameter}`);
        out.value = paramString(from.default);
      } else out.value = value;
    } else if (from?.expression !== undefined) {
      const result = evalExpr(from.expression, argoEnv(scope));
      out.value =
        result == null && from.default !== undefined ? paramString(from.default) : formatValue(result);
    } else if (p.value !== undefined) {
      out.value = substitute(paramString(p.value), scope);
    }
    return out;
  });
  return { ...(parameters.length ? { parameters } : {}), ...(artifacts.length ? { artifacts } : {}) };
}

/** An artifact reference's value: the artifact as JSON; anything else is no artifact. */
function parseArtifact(text: string): Artifact | undefined {
  try {
    const v = JSON.parse(text) as unknown;
    return v !== null && typeof v === "object" ? (v as Artifact) : undefined;
  } catch {
    return undefined;
  }
}

/** A steps/DAG template's output artifacts: each `from` a child's artifact (optional ones may be missing). */
function scopeArtifacts(template: Template, scope: ReadonlyMap<string, string>): Artifact[] {
  const out: Artifact[] = [];
  for (const a of template.outputs?.artifacts ?? []) {
    let source: Artifact | undefined;
    if (a.fromExpression) {
      const value = evalExpr(a.fromExpression, argoEnv(scope));
      source =
        typeof value === "string" ? parseArtifact(value) : ((value as Artifact | undefined) ?? undefined);
    } else if (a.from) source = parseArtifact(substitute(a.from, scope));
    if (!source) {
      if (a.optional) continue;
      throw invalid(`unable to resolve outputs from scope: ${a.from ?? a.name}`);
    }
    const { from: _from, fromExpression: _expr, ...declared } = a;
    out.push({ ...source, ...declared, name: a.name });
  }
  return out;
}

/**
 * Argo v4.0.7+: a skipped or omitted step/task exposes the output parameters its template
 * declares — `valueFrom.default` when there is one, else an absent value (`nil` in expressions).
 */
export function addSkippedOutputs(request: {
  ctx: EngineContext;
  refs: Map<string, string>;
  key: string;
  node: NodeStatus;
  step: WorkflowStep;
  base: TemplateBase;
}): void {
  const { ctx, refs, key, node, step, base } = request;
  if (node.phase !== "Skipped" && node.phase !== "Omitted") return;
  let declared: Parameter[];
  try {
    declared = ctx.templates.resolve(step, base).template.outputs?.parameters ?? [];
  } catch {
    return;
  }
  for (const p of declared) {
    const fallback = p.valueFrom?.default;
    refs.set(
      `${key}.outputs.parameters.${p.name}`,
      fallback === undefined ? absentValue : paramString(fallback),
    );
  }
}
