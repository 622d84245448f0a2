/**
 * Resource templates on the embedded store, end to end: a child workflow that really runs, a
 * ConfigMap created then read back, and a kind that needs Kubernetes.
 */
import { describe, expect, it } from "vitest";
import type { NodeStatus, Workflow } from "../src/spec/types.js";
import { argosy } from "./helpers.js";

describe("resource templates", () => {
  const r = argosy(["run", "test/fixtures/child-workflow.yaml", "-o", "json"]);
  const wf = JSON.parse(r.stdout || "{}") as Workflow;
  const node = (name: string): NodeStatus | undefined =>
    Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === name);
  const param = (n: NodeStatus | undefined, name: string) =>
    n?.outputs?.parameters?.find((p) => p.name === name)?.value;

  it("creates a child workflow, waits for its success condition and reads its name", () => {
    expect(wf.status?.phase, r.stderr).toBe("Succeeded");
    expect(node("child")).toMatchObject({ type: "Pod", phase: "Succeeded" });
    expect(param(node("child"), "child-name")).toMatch(/^child-[a-z0-9]{5}$/);
  });

  it("creates a ConfigMap and gets it back with a condition and a jsonPath output", () => {
    expect(param(node("read-config"), "colour")).toBe("green");
  });

  it("fails a resource of a kind only Kubernetes has, saying so", () => {
    expect(node("unsupported")).toMatchObject({
      phase: "Failed",
      message: "resource kind Job needs the Kubernetes executor",
    });
  });
});
