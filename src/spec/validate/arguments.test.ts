import { describe, expect, it } from "vitest";
import { errorsIn, type Found, problemsIn, workflowWith, yaml } from "../testing.js";

interface Case {
  name: string;
  templates: string;
  expected: Found[];
}

const printer = yaml`
  - name: print
    inputs:
      parameters:
      - name: message
      - {name: color, default: red, enum: [red, blue]}
      - {name: size, value: "1"}
      - name: from-config
        valueFrom: {configMapKeyRef: {name: c, key: k}}
    container: {image: alpine}
`;

const cases: Case[] = [
  {
    name: "a step that leaves out a required input",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: print
    `,
    expected: [{ code: "missing-input", path: "spec.templates[0].steps[0][0]", line: 9 }],
  },
  {
    name: "a task that leaves out a required input",
    templates: yaml`
      - name: main
        dag:
          tasks:
          - name: a
            template: print
            arguments: {parameters: [{name: color, value: blue}]}
    `,
    expected: [{ code: "missing-input", path: "spec.templates[0].dag.tasks[0]", line: 10 }],
  },
  {
    name: "a literal argument outside the input's enum",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: print
            arguments:
              parameters:
              - {name: message, value: hi}
              - {name: color, value: green}
    `,
    expected: [
      { code: "enum", path: "spec.templates[0].steps[0][0].arguments.parameters[1].value", line: 14 },
    ],
  },
  {
    name: "an argument with no value",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: print
            arguments:
              parameters:
              - {name: message}
    `,
    expected: [
      { code: "missing-value", path: "spec.templates[0].steps[0][0].arguments.parameters[0]", line: 13 },
    ],
  },
];

describe("argument rules", () => {
  it.each(cases)("reports $name", ({ templates, expected }) => {
    expect(errorsIn(workflowWith(templates + printer))).toEqual(expected);
  });

  it("uses Argo's wording for a missing input", () => {
    const text = workflowWith(`- name: main\n  steps: [[{name: a, template: print}]]\n${printer}`);
    expect(problemsIn(text)[0]?.message).toBe(
      "inputs.parameters.message was not supplied (template 'print' requires it)",
    );
  });

  it("accepts a dynamic value for an input with an enum", () => {
    const templates = yaml`
      - name: main
        inputs: {parameters: [{name: c, value: blue}]}
        steps:
        - - name: a
            template: print
            arguments:
              parameters:
              - {name: message, value: hi}
              - {name: color, value: "{{inputs.parameters.c}}"}
    `;
    expect(errorsIn(workflowWith(templates + printer))).toEqual([]);
  });

  it("reports a missing input artifact", () => {
    const templates = yaml`
      - name: main
        steps: [[{name: a, template: consume}]]
      - name: consume
        inputs: {artifacts: [{name: data, path: /tmp/d}, {name: opt, path: /tmp/o, optional: true}]}
        container: {image: alpine}
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([
      { code: "missing-input", path: "spec.templates[0].steps[0][0]", line: 8 },
    ]);
  });
});

describe("workflow arguments", () => {
  // Each argument is one line of the parameters list, which starts on line 8.
  const doc = (kind: string, ...args: string[]): string => yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: ${kind}
    metadata: {name: w}
    spec:
      entrypoint: main
      arguments:
        parameters:
        ${args.join("\n        ")}
      templates:
      - name: main
        inputs:
          parameters:
          - name: who
          - {name: mood, default: happy, enum: [happy, sad]}
        container: {image: alpine}
  `;

  it("must supply the entrypoint's required inputs", () => {
    expect(errorsIn(doc("Workflow", "- {name: mood, value: sad}"))).toEqual([
      { code: "missing-input", path: "spec.entrypoint", line: 5 },
    ]);
  });

  it("may leave a value to -p at submission", () => {
    expect(errorsIn(doc("Workflow", "- {name: who}"))).toEqual([]);
    expect(errorsIn(doc("Workflow", "- {name: mood, value: sad}"), { suppliedParameters: ["who"] })).toEqual(
      [],
    );
  });

  it("must respect the entrypoint's enum", () => {
    expect(errorsIn(doc("Workflow", "- {name: who, value: me}", "- {name: mood, value: angry}"))).toEqual([
      { code: "enum", path: "spec.arguments.parameters[1].value", line: 9 },
    ]);
  });

  it("must respect the argument's own enum", () => {
    const args = ["- {name: who, value: me}", "- {name: x, value: c, enum: [a, b]}"];
    expect(errorsIn(doc("Workflow", ...args))).toEqual([
      { code: "enum", path: "spec.arguments.parameters[1].value", line: 9 },
    ]);
  });

  it("reach exit handlers that bring no arguments of their own", () => {
    const text = workflowWith(yaml`
      - name: main
        steps:
        - - name: a
            template: bye
            arguments: {parameters: [{name: who, value: me}]}
            onExit: bye
            hooks:
              exit: {template: bye}
      - name: bye
        inputs: {parameters: [{name: who}]}
        suspend: {}
    `);
    expect(errorsIn(text)).toEqual([
      { code: "missing-input", path: "spec.templates[0].steps[0][0].onExit", line: 12 },
      { code: "missing-input", path: "spec.templates[0].steps[0][0].hooks.exit", line: 14 },
    ]);
    const withArgs = text.replace(
      "  templates:",
      "  arguments: {parameters: [{name: who, value: all}]}\n  templates:",
    );
    expect(errorsIn(withArgs)).toEqual([]);
  });

  it("are supplied at submission for a WorkflowTemplate", () => {
    expect(errorsIn(doc("WorkflowTemplate", "- {name: mood, value: sad}"))).toEqual([]);
  });
});
