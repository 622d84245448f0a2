/**
 * Template resolution as Argo's template context does it: a step names a template local to the
 * spec it is written in (the workflow, or a WorkflowTemplate reached through `templateRef`), names
 * one in another (Cluster)WorkflowTemplate with `templateRef`, or carries it `inline`.
 */
import type { Template, TemplateRef, WorkflowSpec, WorkflowStep } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import type { TemplateRefResolver } from "./types.js";

/** Where a template's own references resolve: `local/<wf>`, `namespaced/<wftmpl>` or `cluster/<cwftmpl>`. */
export interface TemplateBase {
  scope: string;
  spec: WorkflowSpec;
}

export interface ResolvedTemplate {
  template: Template;
  base: TemplateBase;
  /** Recorded on the node: the name the step used (absent for inline templates). */
  templateName?: string;
  templateRef?: TemplateRef;
}

export class TemplateResolver {
  private readonly byBase = new WeakMap<WorkflowSpec, Map<string, Template>>();

  constructor(
    private readonly namespace: string,
    private readonly resolveRef: TemplateRefResolver | undefined,
  ) {}

  /** Resolves what a step or task invokes, relative to the base it is written in. */
  resolve(
    step: Pick<WorkflowStep, "template" | "templateRef" | "inline">,
    base: TemplateBase,
  ): ResolvedTemplate {
    if (step.inline) return { template: { ...step.inline, name: step.inline.name ?? "" }, base };
    if (step.templateRef) return this.resolveTemplateRef(step.templateRef);
    if (step.template) {
      const template = this.lookup(base.spec, step.template);
      if (!template) throw invalid(`template ${step.template} not found`);
      return { template, base, templateName: step.template };
    }
    throw invalid("step or task names no template");
  }

  private resolveTemplateRef(ref: TemplateRef): ResolvedTemplate {
    const spec = this.resolveRef?.({
      name: ref.name,
      clusterScope: ref.clusterScope,
      namespace: this.namespace,
    });
    const kind = ref.clusterScope ? "ClusterWorkflowTemplate" : "WorkflowTemplate";
    if (!spec) throw invalid(`${kind}.argoproj.io "${ref.name}" not found`);
    const template = this.lookup(spec, ref.template);
    if (!template) throw invalid(`template ${ref.template} not found in ${kind} ${ref.name}`);
    const scope = `${ref.clusterScope ? "cluster" : "namespaced"}/${ref.name}`;
    return { template, base: { scope, spec }, templateRef: ref };
  }

  private lookup(spec: WorkflowSpec, name: string): Template | undefined {
    let index = this.byBase.get(spec);
    if (!index) {
      index = new Map((spec.templates ?? []).map((t) => [t.name, t]));
      this.byBase.set(spec, index);
    }
    return index.get(name);
  }
}
