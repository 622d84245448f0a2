import { describe, expect, it } from "vitest";
import { errorsIn, type Found, problemsIn, workflowWith, yaml } from "../testing.js";

interface Case {
  name: string;
  templates: string;
  expected: Found[];
}

const cases: Case[] = [
  {
    name: "an input parameter the template does not declare",
    templates: yaml`
      - name: main
        inputs: {parameters: [{name: message, value: hi}]}
        container:
          image: alpine
          args: ["{{inputs.parameters.mesage}}"]
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].container.args[0]", line: 11 }],
  },
  {
    name: "an input artifact the template does not declare",
    templates: yaml`
      - name: main
        container:
          image: alpine
          args: ["cat {{inputs.artifacts.data.path}}"]
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].container.args[0]", line: 10 }],
  },
  {
    name: "a step that does not exist",
    templates: yaml`
      - name: main
        steps:
        - - {name: a, template: leaf}
        - - name: b
            template: leaf
            when: "{{steps.z.outputs.result}} == x"
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].steps[1][0].when", line: 12 }],
  },
  {
    name: "a step of the same group",
    templates: yaml`
      - name: main
        steps:
        - - {name: a, template: leaf}
          - name: b
            template: leaf
            when: "{{steps.a.outputs.result}} == x"
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].steps[0][1].when", line: 12 }],
  },
  {
    name: "a step of a later group",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: leaf
            when: "{{steps.b.status}} == Succeeded"
        - - {name: b, template: leaf}
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].steps[0][0].when", line: 11 }],
  },
  {
    name: "a task that does not exist",
    templates: yaml`
      - name: main
        dag:
          tasks:
          - name: a
            template: leaf
            when: "{{tasks.nope.outputs.result}} == x"
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "unresolved-variable", path: "spec.templates[0].dag.tasks[0].when", line: 12 }],
  },
  {
    name: "an argument from a task this one does not depend on",
    templates: yaml`
      - name: main
        dag:
          tasks:
          - {name: a, template: leaf}
          - name: b
            template: echo
            arguments:
              parameters: [{name: m, value: "{{tasks.a.outputs.result}}"}]
      - {name: leaf, suspend: {}}
      - name: echo
        inputs: {parameters: [{name: m}]}
        suspend: {}
    `,
    expected: [
      { code: "dependency", path: "spec.templates[0].dag.tasks[1].arguments.parameters[0].value", line: 14 },
    ],
  },
  {
    name: "a template output naming an unknown step",
    templates: yaml`
      - name: main
        steps:
        - - {name: a, template: leaf}
        outputs:
          parameters:
          - name: out
            valueFrom: {parameter: "{{steps.b.outputs.result}}"}
      - {name: leaf, suspend: {}}
    `,
    expected: [
      {
        code: "unresolved-variable",
        path: "spec.templates[0].outputs.parameters[0].valueFrom.parameter",
        line: 13,
      },
    ],
  },
];

describe("variable rules", () => {
  it.each(cases)("reports $name", ({ templates, expected }) => {
    expect(errorsIn(workflowWith(templates))).toEqual(expected);
  });

  it("says what is missing, in Argo's words", () => {
    const templates = "- name: main\n  container: {image: a, args: ['{{inputs.parameters.x}}']}\n";
    expect(problemsIn(workflowWith(templates))[0]?.message).toBe(
      "failed to resolve {{inputs.parameters.x}}: template 'main' declares no input parameter 'x'",
    );
  });

  it("leaves alone what is only known at run time", () => {
    const templates = yaml`
      - name: main
        inputs: {parameters: [{name: p, value: x}]}
        steps:
        - - name: a
            template: leaf
            arguments:
              parameters:
              - {name: m, value: "{{workflow.parameters.anything}} {{item.k}} {{=inputs.parameters.zz}}"}
            withParam: "{{inputs.parameters.p}}"
        - - name: b
            template: leaf
            when: "{{steps.a.outputs.result}} == {{steps.name}}"
            arguments:
              parameters: [{name: m, value: "{{ inputs.parameters.p }} {{pod.name}} {{retries}}"}]
            hooks:
              exit:
                template: leaf
                arguments:
                  parameters: [{name: m, value: "{{steps.b.status}}"}]
      - name: leaf
        inputs: {parameters: [{name: m, default: ""}]}
        container: {image: alpine, args: ["{{inputs.parameters}}", "{{outputs.parameters.x.path}}"]}
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([]);
  });

  it("lets an inline template use its own and its caller's inputs", () => {
    const templates = yaml`
      - name: main
        inputs: {parameters: [{name: outer, value: x}]}
        steps:
        - - name: a
            arguments: {parameters: [{name: inner, value: "{{inputs.parameters.outer}}"}]}
            inline:
              inputs: {parameters: [{name: inner}]}
              container:
                image: alpine
                args: ["{{inputs.parameters.inner}} {{inputs.parameters.outer}}"]
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([]);
  });

  it("accepts an argument from a transitive dependency", () => {
    const templates = yaml`
      - name: main
        dag:
          tasks:
          - {name: a, template: leaf}
          - {name: b, template: leaf, depends: a}
          - name: c
            depends: b
            template: echo
            arguments:
              parameters: [{name: m, value: "{{tasks.a.outputs.result}}"}]
      - {name: leaf, container: {image: alpine}}
      - name: echo
        inputs: {parameters: [{name: m}]}
        container: {image: alpine}
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([]);
  });
});
