import { describe, expect, it } from "vitest";
import { errorsIn, problemsIn, yaml } from "../testing.js";
import { checkSchema } from "./check.js";
import { rootStructs, structNamed, structs } from "./registry.js";
import { isPrimitive, type Shape } from "./shape.js";

describe("schema: unknown fields", () => {
  const text = yaml`
    apiVersion: argoproj.io/v1alpha1
    kind: Workflow
    metadata:
      generateName: typo-
    spec:
      entrypoint: main
      entrypont: main
      templtes: []
      templates:
      - name: main
        steps:
        - - name: a
            template: leaf
            agruments: {}
      - name: d
        dag:
          tasks:
          - name: t
            template: leaf
            dependecies: []
      - name: leaf
        container:
          image: alpine
          comand: [echo]
  `;

  it("reports each misspelt field of an Argo type with its line", () => {
    expect(errorsIn(text)).toEqual([
      { code: "unknown-field", path: "spec.entrypont", line: 7 },
      { code: "unknown-field", path: "spec.templtes", line: 8 },
      { code: "unknown-field", path: "spec.templates[0].steps[0][0].agruments", line: 14 },
      { code: "unknown-field", path: "spec.templates[1].dag.tasks[0].dependecies", line: 20 },
      { code: "unknown-field", path: "spec.templates[2].container.comand", line: 24 },
    ]);
  });

  it("names the field and suggests the closest known one", () => {
    const messages = problemsIn(text).map((p) => p.message);
    expect(messages).toContain('unknown field "entrypont" (did you mean "entrypoint"?)');
    expect(messages).toContain('unknown field "templtes" (did you mean "templates"?)');
    expect(messages).toContain('unknown field "agruments" (did you mean "arguments"?)');
    expect(messages).toContain('unknown field "dependecies" (did you mean "dependencies"?)');
  });

  it("leaves Kubernetes pod fields open", () => {
    const issues = checkSchema("Workflow", {
      spec: {
        affinity: { nodeAffinity: { anything: [1, 2] } },
        templates: [
          { name: "x", container: { image: "a", securityContext: { whatever: true } }, tolerations: [{}] },
        ],
      },
    });
    expect(issues).toEqual([]);
  });
});

describe("schema: types", () => {
  const cases: { name: string; template: string; path: string; message: RegExp }[] = [
    {
      name: "withItems that is not a list",
      template: "steps: [[{name: a, template: b, withItems: 3}]]",
      path: "spec.templates[0].steps[0][0].withItems",
      message: /expected a list, got number 3/,
    },
    {
      name: "steps that are not a list of lists",
      template: "steps: [{name: a, template: b}]",
      path: "spec.templates[0].steps[0]",
      message: /expected a list \(a group of parallel steps\), got a map/,
    },
    {
      name: "parallelism that is not an integer",
      template: "parallelism: abc\n    steps: [[{name: a, template: b}]]",
      path: "spec.templates[0].parallelism",
      message: /expected an integer, got string "abc"/,
    },
    {
      name: "a boolean given a string",
      template: 'daemon: "yes"\n    container: {image: a}',
      path: "spec.templates[0].daemon",
      message: /expected a boolean/,
    },
    {
      name: "a map given a list",
      template: "container: [image, a]",
      path: "spec.templates[0].container",
      message: /expected a map, got a list/,
    },
  ];

  it.each(cases)("reports $name", ({ template, path, message }) => {
    const text = `apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: w}\nspec:\n  entrypoint: t\n  templates:\n  - name: t\n    ${template}\n`;
    const problems = problemsIn(text).filter((p) => p.code === "type");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path, line: 8 });
    expect(problems[0]?.message).toMatch(message);
  });

  it("accepts strings, numbers and booleans for AnyString parameter fields", () => {
    const spec = {
      arguments: {
        parameters: [
          { name: "a", value: 1 },
          { name: "b", value: true, enum: [true, "x", 2] },
        ],
      },
      templates: [{ name: "t", inputs: { parameters: [{ name: "c", default: 1.5 }] }, suspend: {} }],
    };
    expect(checkSchema("Workflow", { spec })).toEqual([]);
  });

  it("accepts both forms of IntOrString and scalars for string fields", () => {
    const template = {
      name: "t",
      retryStrategy: { limit: "{{inputs.parameters.n}}", backoff: { duration: 1, factor: 2 } },
      activeDeadlineSeconds: 30,
      suspend: { duration: 10 },
    };
    expect(checkSchema("Workflow", { spec: { templates: [template] } })).toEqual([]);
  });

  it("reports a float where IntOrString wants an integer", () => {
    const issues = checkSchema("Workflow", {
      spec: { templates: [{ name: "t", retryStrategy: { limit: 1.5 } }] },
    });
    expect(issues.map((i) => i.code)).toEqual(["type"]);
  });

  it("treats null as absent, as Go does", () => {
    expect(checkSchema("Workflow", { spec: { templates: null, arguments: null } })).toEqual([]);
  });
});

describe("schema: values and required fields", () => {
  it("reports a value outside a fixed set, but accepts a {{…}} tag there", () => {
    const bad = checkSchema("Workflow", {
      spec: { templates: [{ name: "t", retryStrategy: { retryPolicy: "Sometimes" } }] },
    });
    expect(bad).toMatchObject([
      { code: "invalid-value", at: ["spec", "templates", 0, "retryStrategy", "retryPolicy"] },
    ]);
    expect(bad[0]?.message).toBe(
      'unsupported value "Sometimes": must be one of Always, OnFailure, OnError, OnTransientError',
    );
    const tagged = { name: "t", resource: { action: "{{inputs.parameters.action}}" } };
    expect(checkSchema("Workflow", { spec: { templates: [tagged] } })).toEqual([]);
  });

  it("reports a missing name on a step", () => {
    const issues = checkSchema("Workflow", {
      spec: { templates: [{ name: "t", steps: [[{ template: "x" }]] }] },
    });
    expect(issues).toMatchObject([{ code: "required", at: ["spec", "templates", 0, "steps", 0, 0, "name"] }]);
  });

  it("explains that v4 CronWorkflows use schedules", () => {
    const issues = checkSchema("CronWorkflow", { spec: { schedule: "* * * * *", workflowSpec: {} } });
    expect(issues).toMatchObject([{ code: "unknown-field", at: ["spec", "schedule"] }]);
    expect(issues[0]?.message).toMatch(
      /unknown field "schedule" \(Argo v4 removed "schedule": use "schedules"/,
    );
  });

  it("checks ConfigMaps and Secrets", () => {
    expect(checkSchema("ConfigMap", { metadata: { name: "c" }, data: { a: "1", b: 2 } })).toEqual([]);
    expect(checkSchema("Secret", { stringData: { a: "x" }, dta: {} })).toMatchObject([
      { code: "unknown-field" },
    ]);
  });

  it("ignores kinds it does not describe", () => {
    expect(checkSchema("PersistentVolumeClaim", { spec: { anything: 1 } })).toEqual([]);
  });
});

describe("schema registry", () => {
  it("resolves every struct name it uses", () => {
    const missing: string[] = [];
    const visit = (shape: Shape, where: string): void => {
      if (typeof shape === "string") {
        if (!isPrimitive(shape) && structNamed(shape) === undefined) missing.push(`${where}: ${shape}`);
      } else if ("list" in shape) visit(shape.list, where);
      else if ("map" in shape) visit(shape.map, where);
    };
    for (const [name, def] of Object.entries(structs)) {
      for (const [field, shape] of Object.entries(def.fields)) visit(shape, `${name}.${field}`);
    }
    for (const root of Object.values(rootStructs)) visit(root, "root");
    expect(missing).toEqual([]);
  });
});
