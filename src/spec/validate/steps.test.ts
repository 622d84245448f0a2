import { describe, expect, it } from "vitest";
import { errorsIn, type Found, workflowWith, yaml } from "../testing.js";

interface Case {
  name: string;
  templates: string;
  expected: Found[];
}

const cases: Case[] = [
  {
    name: "a step name repeated in a later group",
    templates: yaml`
      - name: main
        steps:
        - - {name: a, template: leaf}
        - - {name: a, template: leaf}
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "duplicate-name", path: "spec.templates[0].steps[1][0].name", line: 10 }],
  },
  {
    name: "an invalid step name",
    templates: yaml`
      - name: main
        steps:
        - - {name: -a, template: leaf}
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "invalid-name", path: "spec.templates[0].steps[0][0].name", line: 9 }],
  },
  {
    name: "two loop kinds on one step",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: leaf
            withItems: [1]
            withParam: "[1]"
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "loop", path: "spec.templates[0].steps[0][0].withParam", line: 12 }],
  },
  {
    name: "a sequence with both count and end",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: leaf
            withSequence: {count: 3, end: 5}
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "loop", path: "spec.templates[0].steps[0][0].withSequence", line: 11 }],
  },
  {
    name: "a hook without an expression",
    templates: yaml`
      - name: main
        steps:
        - - name: a
            template: leaf
            hooks:
              running: {template: leaf}
      - {name: leaf, suspend: {}}
    `,
    expected: [{ code: "hook", path: "spec.templates[0].steps[0][0].hooks.running", line: 12 }],
  },
];

describe("steps rules", () => {
  it.each(cases)("reports $name", ({ templates, expected }) => {
    expect(errorsIn(workflowWith(templates))).toEqual(expected);
  });

  it("accepts step names built from parameters and an exit hook without expression", () => {
    const templates = yaml`
      - name: main
        inputs: {parameters: [{name: p, value: x}]}
        steps:
        - - name: "run-{{inputs.parameters.p}}"
            template: leaf
            hooks:
              exit: {template: leaf}
      - {name: leaf, suspend: {}}
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([]);
  });
});
