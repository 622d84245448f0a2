/**
 * The CLI end to end: real processes, a real (temporary) store, the built bin/argosy.
 */
import { describe, expect, it } from "vitest";
import type { Workflow } from "../src/spec/types.js";
import { argosy } from "./helpers.js";

describe("argosy run", () => {
  it("runs the README's example and prints the final Workflow as JSON", () => {
    const r = argosy(["run", "examples/hello-world.yaml", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const wf = JSON.parse(r.stdout) as Workflow;
    expect(wf.status?.phase).toBe("Succeeded");
    const root = wf.status?.nodes?.[wf.metadata.name ?? ""];
    expect(root).toMatchObject({
      type: "Pod",
      phase: "Succeeded",
      outputs: { result: "hello world", exitCode: "0" },
    });
  });

  it("runs a DAG whose tasks pass outputs through python, busybox and alpine pods", () => {
    const r = argosy(["run", "examples/diamond.yaml", "-o", "json"]);
    expect(r.code, r.stderr).toBe(0);
    const wf = JSON.parse(r.stdout) as Workflow;
    const d = Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === "D");
    expect(d?.outputs?.result).toBe("ARGOSY HAS 6 LETTERS");
  });

  it("applies -p and exits 1 when the workflow fails", () => {
    const r = argosy(["run", "examples/hello-world.yaml", "-p", "message=overridden", "-o", "json"]);
    expect(JSON.parse(r.stdout).status.nodes).toBeDefined();
    const wf = JSON.parse(r.stdout) as Workflow;
    expect(Object.values(wf.status?.nodes ?? {})[0]?.outputs?.result).toBe("overridden");
    const failing = argosy(["run", "test/fixtures/fails.yaml", "-o", "name"]);
    expect(failing.code).toBe(1);
    expect(failing.stdout.trim()).toMatch(/^fails-[a-z0-9]{5}$/);
  });

  it("exits 2 without running anything when the manifest is invalid", () => {
    const r = argosy(["run", "test/fixtures/broken.yaml", "-o", "json"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/broken\.yaml:\d+:\d+/);
  });

  it("prints the argo get view without -o", () => {
    const r = argosy(["run", "examples/hello-world.yaml"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Status:\s+Succeeded/);
    expect(r.stdout).toMatch(/STEP\s+TEMPLATE\s+PODNAME\s+DURATION\s+MESSAGE/);
    expect(r.stdout).toMatch(/✔ hello-world-\w+\s+hello/);
  });
});

describe("argosy lint", () => {
  it("reports an unknown template, a cycle, a duplicate step name and a misspelt field, each with its line", () => {
    const r = argosy(["lint", "test/fixtures/broken.yaml"]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split("\n");
    const find = (re: RegExp) => lines.find((l) => re.test(l));
    expect(find(/missing-template/)).toMatch(/broken\.yaml:13:\d+/);
    expect(find(/cycle/)).toMatch(/broken\.yaml:1[5-9]:\d+|broken\.yaml:2\d:\d+/);
    expect(find(/greet/)).toMatch(/broken\.yaml:1[0-3]:\d+/);
    expect(find(/comand/)).toMatch(/broken\.yaml:26:\d+/);
  });

  it("passes a valid manifest", () => {
    const r = argosy([
      "lint",
      "examples/hello-world.yaml",
      "examples/diamond.yaml",
      "examples/events/webhook.yaml",
    ]);
    expect(r.code, r.stdout).toBe(0);
  });
});

describe("argosy version", () => {
  it("prints the package version", () => {
    expect(argosy(["version"]).stdout).toMatch(/^argosy: v\d+\.\d+\.\d+/);
  });
});
