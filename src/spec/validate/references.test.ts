import { describe, expect, it } from "vitest";
import { errorsIn, type Found, problemsIn, workflowWith, yaml } from "../testing.js";
import type { WorkflowSpec } from "../types.js";

const library: WorkflowSpec = {
  templates: [{ name: "print", container: { image: "alpine" } }],
};
const lookup = (name: string, clusterScope: boolean): WorkflowSpec | undefined =>
  name === "lib" && !clusterScope ? library : undefined;

interface Case {
  name: string;
  templates: string;
  expected: Found[];
}

const cases: Case[] = [
  {
    name: "a step calling an undefined template",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: missing
    `,
    expected: [{ code: "unknown-template", path: "spec.templates[0].steps[0][0].template", line: 10 }],
  },
  {
    name: "a DAG task calling an undefined template",
    templates: yaml`
      - name: main
        dag:
          tasks:
          - name: a
            template: missing
    `,
    expected: [{ code: "unknown-template", path: "spec.templates[0].dag.tasks[0].template", line: 11 }],
  },
  {
    name: "a step exit handler and a hook calling undefined templates",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: main2
            onExit: gone
            hooks:
              running:
                expression: "true"
                template: gone-too
      - name: main2
        suspend: {}
    `,
    expected: [
      { code: "unknown-template", path: "spec.templates[0].steps[0][0].onExit", line: 11 },
      { code: "unknown-template", path: "spec.templates[0].steps[0][0].hooks.running.template", line: 15 },
    ],
  },
  {
    name: "a templateRef to a template the WorkflowTemplate lacks",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            templateRef: {name: lib, template: nope}
    `,
    expected: [{ code: "unknown-template-ref", path: "spec.templates[0].steps[0][0].templateRef", line: 10 }],
  },
  {
    name: "a templateRef to a WorkflowTemplate that does not exist",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            templateRef: {name: other, template: print}
    `,
    expected: [{ code: "unknown-template-ref", path: "spec.templates[0].steps[0][0].templateRef", line: 10 }],
  },
  {
    name: "both template and templateRef on one step",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: main
            templateRef: {name: lib, template: print}
    `,
    expected: [{ code: "reference", path: "spec.templates[0].steps[0][0].template", line: 10 }],
  },
];

describe("reference rules", () => {
  it.each(cases)("reports $name", ({ templates, expected }) => {
    expect(errorsIn(workflowWith(templates), { resolveTemplateRef: lookup })).toEqual(expected);
  });

  it("accepts a templateRef that resolves", () => {
    const text = workflowWith(
      "- name: main\n  steps: [[{name: a, templateRef: {name: lib, template: print}}]]\n",
    );
    expect(errorsIn(text, { resolveTemplateRef: lookup })).toEqual([]);
  });

  it("skips templateRefs when there is no lookup", () => {
    const text = workflowWith(
      "- name: main\n  steps: [[{name: a, templateRef: {name: other, template: x}}]]\n",
    );
    expect(errorsIn(text)).toEqual([]);
  });

  it("skips templateRefs whose names are built at run time", () => {
    const ref = "{name: lib, template: '{{inputs.parameters.t}}'}";
    const text = workflowWith(
      `- name: main\n  inputs: {parameters: [{name: t, value: x}]}\n  steps: [[{name: a, templateRef: ${ref}}]]\n`,
    );
    expect(errorsIn(text, { resolveTemplateRef: lookup })).toEqual([]);
  });

  it("says which reference failed, in Argo's words", () => {
    const text = workflowWith(
      "- name: main\n  steps: [[{name: a, templateRef: {name: lib, template: nope}}]]\n",
    );
    const [problem] = problemsIn(text, { resolveTemplateRef: lookup });
    expect(problem?.message).toBe(
      'template reference lib.nope not found: WorkflowTemplate "lib" has no such template',
    );
  });
});

describe("entrypoint and exit handler", () => {
  const base = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: KIND
    metadata: {name: w}
    spec:
      ENTRY
      onExit: bye
      templates:
      - name: main
        suspend: {}
  `;
  const doc = (kind: string, entry: string) => base.replace("KIND", kind).replace("ENTRY", entry);

  it("requires an entrypoint in a Workflow", () => {
    expect(errorsIn(doc("Workflow", "serviceAccountName: x"))).toEqual([
      { code: "entrypoint", path: "spec.entrypoint", line: 4 },
      { code: "unknown-template", path: "spec.onExit", line: 6 },
    ]);
  });

  it("lets a WorkflowTemplate leave the entrypoint out", () => {
    expect(errorsIn(doc("WorkflowTemplate", "serviceAccountName: x"))).toEqual([
      { code: "unknown-template", path: "spec.onExit", line: 6 },
    ]);
  });

  it("reports an entrypoint naming no template", () => {
    expect(errorsIn(doc("WorkflowTemplate", "entrypoint: start"))).toEqual([
      { code: "unknown-template", path: "spec.entrypoint", line: 5 },
      { code: "unknown-template", path: "spec.onExit", line: 6 },
    ]);
  });

  it("requires no local templates or entrypoint with a workflowTemplateRef", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: w-}
      spec:
        workflowTemplateRef: {name: lib}
    `;
    expect(errorsIn(text, { resolveTemplateRef: lookup })).toEqual([]);
    expect(errorsIn(text.replace("name: lib", "name: nope"), { resolveTemplateRef: lookup })).toEqual([
      { code: "unknown-template-ref", path: "spec.workflowTemplateRef.name", line: 5 },
    ]);
  });

  it("rejects local templates next to a workflowTemplateRef", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {generateName: w-}
      spec:
        workflowTemplateRef: {name: lib}
        templates: [{name: x, suspend: {}}]
    `;
    expect(errorsIn(text, { resolveTemplateRef: lookup })).toEqual([
      { code: "workflow-template-ref", path: "spec.templates", line: 6 },
    ]);
  });
});
