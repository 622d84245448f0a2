/**
 * Argo's own examples (../shared/conformance) through bin/argosy, scored by the shared runner:
 * the documents the core issue commits to must all pass. Skipped when ../shared is absent.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasShared, repo, shared } from "./helpers.js";

const core = [
  "hello-world",
  "arguments-parameters",
  "steps",
  "dag-diamond",
  "dag-multiroot",
  "dag-nested",
  "dag-enhanced-depends",
  "scripts-bash",
  "scripts-python",
  "output-parameter",
  "global-parameters",
  "exit-code-output-variable",
  "title-and-description-with-markdown",
  "node-selector",
  "dns-config",
  "image-pull-secrets",
  "default-pdb-support",
  "pod-resources",
  "pod-metadata",
  "pod-metadata-wf-field",
];

interface Verdict {
  file: string;
  verdict: string;
  outputs: boolean | null;
  message?: string;
}

describe.skipIf(!hasShared)("conformance: Argo's examples", () => {
  it("passes every document of the core set", () => {
    const out = join(mkdtempSync(join(tmpdir(), "conformance-")), "results.json");
    const filter = `/(${core.join("|")})\\.yaml`;
    const r = spawnSync(
      process.execPath,
      [join(shared, "conformance/run.mjs"), "--filter", filter, "--json", out, "--jobs", "2"],
      {
        cwd: repo,
        encoding: "utf8",
        timeout: 600_000,
      },
    );
    expect(r.status, r.stderr).toBe(0);
    const results = JSON.parse(readFileSync(out, "utf8")) as Verdict[];
    expect(results.length).toBeGreaterThanOrEqual(core.length);
    const failures = results.filter((x) => x.verdict !== "pass" || x.outputs === false);
    expect(failures, r.stdout).toEqual([]);
  });
});
