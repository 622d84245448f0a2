import { describe, expect, it } from "vitest";
import { lintedKinds } from "../lint.js";
import { problemsIn, summarize, yaml } from "../testing.js";

describe("Argo Events kinds in lintText", () => {
  it("are linted kinds", () => {
    expect(lintedKinds).toEqual(expect.arrayContaining(["EventSource", "Sensor", "EventBus"]));
  });

  it("lints each document of a multi-document file, with lines counted across the file", () => {
    const text = yaml`
      apiVersion: argoproj.io/v1alpha1
      kind: EventBus
      metadata: {name: default}
      spec:
        jetstream: {version: latest}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: EventSource
      metadata: {name: webhook}
      spec:
        webhook:
          example: {port: "12000", endpoint: example, method: POST}
      ---
      apiVersion: argoproj.io/v1alpha1
      kind: Sensor
      metadata: {name: webhook}
      spec:
        dependencies:
        - {name: dep, eventSourceName: webhook, eventName: example}
        triggers:
        - template:
            name: log
            conditions: dep && dpe
            log: {}
    `;
    expect(summarize(problemsIn(text))).toEqual([
      { code: "invalid-value", path: "spec.webhook.example.endpoint", line: 12 },
      { code: "condition", path: "spec.triggers[0].template.conditions", line: 23 },
    ]);
  });

  it("suggests the right kind for a misspelt one", () => {
    const [problem] = problemsIn("apiVersion: argoproj.io/v1alpha1\nkind: Sensr\nmetadata: {name: s}\n");
    expect(problem).toMatchObject({ code: "unknown-kind", severity: "warning", line: 2 });
    expect(problem?.message).toMatch(/did you mean "Sensor"/);
  });
});
