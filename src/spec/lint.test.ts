import { describe, expect, it } from "vitest";
import { lintText, validateDocument } from "./lint.js";
import { loadDocuments } from "./load.js";
import { errorsIn, summarize, yaml } from "./testing.js";

describe("lintText on a manifest with several mistakes", () => {
  const bad = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: bad-
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - name: build
            template: compile
          - name: build
            template: graph
      - name: graph
        dag:
          tasks:
          - name: A
            template: echo
            dependencies: [B]
          - name: B
            template: echo
            dependencies: [A]
      - name: echo
        container:
          image: alpine
          comand: [echo, hi]
  `;

  it("reports all four problems, each at its line", () => {
    expect(errorsIn(bad)).toEqual([
      { code: "unknown-template", path: "spec.templates[0].steps[0][0].template", line: 11 },
      { code: "duplicate-name", path: "spec.templates[0].steps[0][1].name", line: 12 },
      { code: "dag-cycle", path: "spec.templates[1].dag.tasks[0].dependencies", line: 19 },
      { code: "unknown-field", path: "spec.templates[2].container.comand", line: 26 },
    ]);
  });

  it("gives each problem its file, column and Argo's message", () => {
    const messages = lintText(bad, "bad.yaml").map((p) => [p.file, p.column, p.message]);
    expect(messages).toEqual([
      ["bad.yaml", 9, "template name 'compile' undefined"],
      ["bad.yaml", 9, "step name 'build' is not unique"],
      ["bad.yaml", 9, "templates.graph dependency cycle detected: A -> B -> A"],
      ["bad.yaml", 7, 'unknown field "comand" (did you mean "command"?)'],
    ]);
  });
});

describe("lintText across documents", () => {
  const text = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: WorkflowTemplate
    metadata: {name: lib}
    spec:
      templates:
      - name: print
        inputs: {parameters: [{name: msg}]}
        container: {image: alpine}
    ---
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata: {generateName: use-}
    spec:
      entrypoint: main
      templates:
      - name: main
        steps:
        - - name: ok
            templateRef: {name: lib, template: print}
            arguments: {parameters: [{name: msg, value: hi}]}
          - name: missing-input
            templateRef: {name: lib, template: print}
          - name: missing-template
            templateRef: {name: lib, template: nope}
          - name: elsewhere
            templateRef: {name: other-file, template: x}
  `;

  it("resolves templateRefs against templates of the same text", () => {
    expect(errorsIn(text)).toEqual([
      { code: "missing-input", path: "spec.templates[0].steps[0][1]", line: 21 },
      { code: "unknown-template-ref", path: "spec.templates[0].steps[0][2].templateRef", line: 24 },
    ]);
  });

  it("asks the caller's lookup for the rest and reports what it cannot find", () => {
    const lookup = (name: string) =>
      name === "other-file" ? { templates: [{ name: "x", suspend: {} }] } : undefined;
    expect(errorsIn(text, { resolveTemplateRef: lookup }).map((f) => f.line)).toEqual([21, 24]);
    expect(errorsIn(text, { resolveTemplateRef: () => undefined }).map((f) => f.line)).toEqual([21, 24, 26]);
  });

  it("reports YAML syntax problems with the rest", () => {
    const problems = lintText(`${text}---\nkey: a: b\n`, "f.yaml");
    const badLine = text.split("\n").length + 1;
    expect(problems.some((p) => p.code === "yaml" && p.file === "f.yaml" && p.line === badLine)).toBe(true);
  });
});

describe("validateDocument", () => {
  it("places problems with the document's locator", () => {
    const [doc] = loadDocuments(
      "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndta: {}\n",
      "cm.yaml",
    ).documents;
    expect(doc && summarize(validateDocument(doc))).toEqual([
      { code: "unknown-field", path: "dta", line: 4 },
    ]);
  });

  it("warns about an argoproj.io kind that does not exist, and ignores other kinds", () => {
    const { documents } = loadDocuments(
      "apiVersion: argoproj.io/v1alpha1\nkind: Workflw\n---\napiVersion: v1\nkind: Pod\nspec: {x: 1}\n",
    );
    const [typo, pod] = documents;
    expect(typo && validateDocument(typo)).toMatchObject([
      {
        code: "unknown-kind",
        severity: "warning",
        message: 'unknown kind "Workflw" for argoproj.io/v1alpha1 (did you mean "Workflow"?)',
      },
    ]);
    expect(pod && validateDocument(pod)).toEqual([]);
  });

  it("counts parameters the caller will supply", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: Workflow
      metadata: {name: w}
      spec:
        entrypoint: main
        templates: [{name: main, inputs: {parameters: [{name: p}]}, suspend: {}}]
    `;
    const [doc] = loadDocuments(text).documents;
    expect(doc && summarize(validateDocument(doc))).toEqual([
      { code: "missing-input", path: "spec.entrypoint", line: 5 },
    ]);
    expect(doc && validateDocument(doc, { suppliedParameters: ["p"] })).toEqual([]);
  });
});
