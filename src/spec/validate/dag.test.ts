import { describe, expect, it } from "vitest";
import { errorsIn, type Found, problemsIn, workflowWith, yaml } from "../testing.js";

interface Case {
  name: string;
  tasks: string;
  expected: Found[];
}

/** A Workflow whose entrypoint `main` is a DAG with the given tasks; the first task is on line 10. */
const dag = (tasks: string): string => {
  const indented = tasks
    .split("\n")
    .map((l) => (l.trim() === "" ? l : `    ${l}`))
    .join("\n");
  return workflowWith(`- name: main\n  dag:\n    tasks:\n${indented}- name: leaf\n  suspend: {}\n`);
};

const cases: Case[] = [
  {
    name: "a two-task cycle",
    tasks: yaml`
      - {name: A, template: leaf, dependencies: [B]}
      - {name: B, template: leaf, dependencies: [A]}
    `,
    expected: [{ code: "dag-cycle", path: "spec.templates[0].dag.tasks[0].dependencies", line: 10 }],
  },
  {
    name: "a task depending on itself",
    tasks: yaml`
      - {name: A, template: leaf, depends: A.Succeeded}
    `,
    expected: [{ code: "dag-cycle", path: "spec.templates[0].dag.tasks[0].depends", line: 10 }],
  },
  {
    name: "an unknown task in dependencies",
    tasks: yaml`
      - {name: A, template: leaf, dependencies: [Z]}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[0].dependencies", line: 10 }],
  },
  {
    name: "an unknown task in depends",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: B, template: leaf, depends: "A && (Z.Failed || A.Errored)"}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[1].depends", line: 11 }],
  },
  {
    name: "depends and dependencies in one DAG",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: B, template: leaf, depends: A}
      - {name: C, template: leaf, dependencies: [A]}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[2].dependencies", line: 12 }],
  },
  {
    name: "continueOn with depends",
    tasks: yaml`
      - {name: A, template: leaf, continueOn: {failed: true}}
      - {name: B, template: leaf, depends: A}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[0].continueOn", line: 10 }],
  },
  {
    name: "an invalid task result",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: B, template: leaf, depends: A.Finished}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[1].depends", line: 11 }],
  },
  {
    name: "an items condition on a task without items",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: B, template: leaf, depends: A.AnySucceeded}
    `,
    expected: [{ code: "dependency", path: "spec.templates[0].dag.tasks[1].depends", line: 11 }],
  },
  {
    name: "a task name starting with a digit in a DAG with dependencies",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: 2nd, template: leaf, dependencies: [A]}
    `,
    expected: [{ code: "invalid-name", path: "spec.templates[0].dag.tasks[1].name", line: 11 }],
  },
  {
    name: "a duplicate task name",
    tasks: yaml`
      - {name: A, template: leaf}
      - {name: A, template: leaf}
    `,
    expected: [{ code: "duplicate-name", path: "spec.templates[0].dag.tasks[1].name", line: 11 }],
  },
  {
    name: "an invalid task name",
    tasks: yaml`
      - {name: a_b, template: leaf}
    `,
    expected: [{ code: "invalid-name", path: "spec.templates[0].dag.tasks[0].name", line: 10 }],
  },
];

describe("DAG rules", () => {
  it.each(cases)("reports $name", ({ tasks, expected }) => {
    expect(errorsIn(dag(tasks))).toEqual(expected);
  });

  it("names the cycle in dependency order", () => {
    const text = dag(
      yaml`
        - {name: A, template: leaf, depends: C}
        - {name: B, template: leaf, depends: A}
        - {name: C, template: leaf, depends: B}
        - {name: D, template: leaf, depends: A}
      `,
    );
    const cycles = problemsIn(text).filter((p) => p.code === "dag-cycle");
    expect(cycles.map((p) => p.message)).toEqual([
      "templates.main dependency cycle detected: A -> C -> B -> A",
    ]);
  });

  it("reports each separate cycle once", () => {
    const text = dag(
      yaml`
        - {name: A, template: leaf, dependencies: [B]}
        - {name: B, template: leaf, dependencies: [A]}
        - {name: C, template: leaf, dependencies: [D]}
        - {name: D, template: leaf, dependencies: [C]}
      `,
    );
    expect(errorsIn(text).map((p) => p.path)).toEqual([
      "spec.templates[0].dag.tasks[0].dependencies",
      "spec.templates[0].dag.tasks[2].dependencies",
    ]);
  });

  it("accepts a diamond with enhanced depends and items conditions", () => {
    const text = dag(
      yaml`
        - {name: A, template: leaf, withItems: [1, 2]}
        - {name: B, template: leaf, depends: "A.AnySucceeded"}
        - {name: C, template: leaf, depends: "A.Succeeded || A.Failed"}
        - {name: D, template: leaf, depends: "(B && C) || !C.Skipped"}
      `,
    );
    expect(errorsIn(text)).toEqual([]);
  });

  it("reports an unknown target and an empty task list", () => {
    const text = workflowWith(yaml`
      - name: main
        dag:
          target: A Z
          tasks: [{name: A, template: other}]
      - name: other
        dag: {tasks: []}
    `);
    expect(errorsIn(text)).toEqual([
      { code: "dependency", path: "spec.templates[0].dag.target", line: 9 },
      { code: "required", path: "spec.templates[1].dag.tasks", line: 12 },
    ]);
  });
});
