import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { lintText, localTemplates } from "./lint.js";
import { loadDocuments } from "./load.js";
import { formatProblem } from "./problem.js";
import type { WorkflowSpec } from "./types.js";

/**
 * The false-positive guard: Argo's own examples must lint clean. The few listed here are invalid in
 * Argo too (the Kubernetes API or Argo's strict YAML decoder rejects them); each must keep failing
 * for the stated reason, so the list cannot silently go stale.
 */
const knownInvalid: Record<string, { code: string; reason: string }> = {
  "fun-with-gifs.yaml": {
    code: "required",
    reason:
      "generateName is indented under metadata.labels, so the Workflow has no name (Kubernetes rejects it)",
  },
  "k8s-jobs.yaml": {
    code: "required",
    reason: "the name line is swallowed by the block scalar above it, so the Workflow has no name",
  },
  "k8s-patch-json-workflow.yaml": {
    code: "yaml",
    reason: "metadata has two annotations keys; Argo's strict YAML decoder rejects duplicate keys",
  },
};

const root = fileURLToPath(new URL("../../../shared/conformance/argo-examples", import.meta.url));

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(entry.name) ? [path] : [];
  });
}

const files = yamlFiles(root).map((path) => ({
  name: relative(root, path),
  text: readFileSync(path, "utf8"),
}));

// Every WorkflowTemplate and ClusterWorkflowTemplate of the corpus, as a cluster would hold them.
const corpusTemplates = localTemplates(files.flatMap((f) => loadDocuments(f.text, f.name).documents));
const resolveTemplateRef = (name: string, clusterScope: boolean): WorkflowSpec | undefined =>
  corpusTemplates.get(`${clusterScope ? "cluster" : "namespace"}/${name}`);

describe("Argo's examples", () => {
  it("are all present", () => {
    expect(files.length).toBeGreaterThanOrEqual(196);
  });

  it.each(files.filter((f) => !(f.name in knownInvalid)))("$name lints without errors", ({ name, text }) => {
    const errors = lintText(text, name, { resolveTemplateRef }).filter((p) => p.severity === "error");
    expect(errors.map(formatProblem)).toEqual([]);
  });

  it.each(Object.entries(knownInvalid))("%s is rejected as in Argo", (name, { code }) => {
    const file = files.find((f) => f.name === name);
    expect(file).toBeDefined();
    const errors = lintText(file?.text ?? "", name, { resolveTemplateRef }).filter(
      (p) => p.severity === "error",
    );
    expect(errors.map((p) => p.code)).toEqual([code]);
  });
});
