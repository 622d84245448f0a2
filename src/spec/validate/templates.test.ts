import { describe, expect, it } from "vitest";
import { errorsIn, type Found, problemsIn, workflowWith, yaml } from "../testing.js";

interface Case {
  name: string;
  templates: string;
  expected: Found[];
}

const cases: Case[] = [
  {
    name: "a template with no type",
    templates: yaml`
      - name: main
        inputs: {}
    `,
    expected: [{ code: "template-type", path: "spec.templates[0]", line: 7 }],
  },
  {
    name: "a template with two types",
    templates: yaml`
      - name: main
        container: {image: a}
        script: {image: a, source: x}
    `,
    expected: [{ code: "template-type", path: "spec.templates[0].script", line: 9 }],
  },
  {
    name: "an invalid template name",
    templates: yaml`
      - name: main
        steps: [[{name: s, template: bad_name}]]
      - name: bad_name
        suspend: {}
    `,
    expected: [{ code: "invalid-name", path: "spec.templates[1].name", line: 9 }],
  },
  {
    name: "a template name over 128 characters",
    templates: `- name: main\n  suspend: {}\n- name: ${"a".repeat(129)}\n  suspend: {}\n`,
    expected: [{ code: "invalid-name", path: "spec.templates[1].name", line: 9 }],
  },
  {
    name: "a duplicate template name",
    templates: yaml`
      - name: main
        suspend: {}
      - name: main
        suspend: {}
    `,
    expected: [{ code: "duplicate-name", path: "spec.templates[1].name", line: 9 }],
  },
  {
    name: "parallelism on a leaf template",
    templates: yaml`
      - name: main
        parallelism: 2
        container: {image: a}
    `,
    expected: [{ code: "template-field", path: "spec.templates[0].parallelism", line: 8 }],
  },
  {
    name: "activeDeadlineSeconds on a steps template",
    templates: yaml`
      - name: main
        activeDeadlineSeconds: 5
        steps: [[{name: s, template: leaf}]]
      - name: leaf
        suspend: {}
    `,
    expected: [{ code: "template-field", path: "spec.templates[0].activeDeadlineSeconds", line: 8 }],
  },
  {
    name: "a timeout on a suspend template",
    templates: yaml`
      - name: main
        timeout: 10s
        suspend: {}
    `,
    expected: [{ code: "template-field", path: "spec.templates[0].timeout", line: 8 }],
  },
  {
    name: "a container without an image",
    templates: yaml`
      - name: main
        container:
          command: [echo]
    `,
    expected: [{ code: "required", path: "spec.templates[0].container", line: 8 }],
  },
  {
    name: "an invalid and a repeated input parameter name",
    templates: yaml`
      - name: main
        inputs:
          parameters:
          - {name: "a b", value: x}
          - {name: ok, value: x}
          - {name: ok, value: y}
        suspend: {}
    `,
    expected: [
      { code: "invalid-name", path: "spec.templates[0].inputs.parameters[0].name", line: 10 },
      { code: "duplicate-name", path: "spec.templates[0].inputs.parameters[2].name", line: 12 },
    ],
  },
];

describe("template rules", () => {
  it.each(cases)("reports $name", ({ templates, expected }) => {
    expect(errorsIn(workflowWith(templates))).toEqual(expected);
  });

  it("uses Argo's wording for a missing template type", () => {
    const [problem] = problemsIn(workflowWith("- name: main\n  inputs: {}\n"));
    expect(problem?.message).toBe(
      "templates.main template type unspecified. choose one of: container, containerSet, steps, script, resource, dag, suspend, data, http, plugin",
    );
  });

  it("accepts a container without an image when templateDefaults gives one", () => {
    const text = workflowWith("- name: main\n  container: {command: [echo]}\n").replace(
      "  templates:",
      "  templateDefaults:\n    container: {image: alpine}\n  templates:",
    );
    expect(errorsIn(text)).toEqual([]);
  });

  it("checks inline templates too", () => {
    const templates = yaml`
      - name: main
        steps:
        - - name: s
            inline:
              container: {}
              suspend: {}
    `;
    expect(errorsIn(workflowWith(templates))).toEqual([
      { code: "required", path: "spec.templates[0].steps[0][0].inline.container", line: 11 },
      { code: "template-type", path: "spec.templates[0].steps[0][0].inline.suspend", line: 12 },
    ]);
  });
});
