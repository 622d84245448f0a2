import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CronWorkflow, Workflow } from "../spec/types.js";
import { authorization, Transport } from "./client/transport.js";
import { commandTree } from "./commands/completion.js";
import { outputParametersJson } from "./commands/node.js";
import { validateSubmitFlags } from "./commands/submit.js";
import { workflowPredicate } from "./list-filter.js";
import { cronSummary, cronTable } from "./render-objects.js";
import { applySubmitOptions, parseLabels, readParameterFile, toSubmitOpts } from "./submit-options.js";

const now = Date.parse("2024-05-01T10:00:00Z");
const ago = (s: number) => new Date(now - s * 1000).toISOString();

function wf(
  name: string,
  phase: string,
  created: number,
  finished?: number,
  labels?: Record<string, string>,
): Workflow {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, creationTimestamp: ago(created), ...(labels ? { labels } : {}) },
    spec: {},
    status: { phase: phase as "Running", ...(finished !== undefined ? { finishedAt: ago(finished) } : {}) },
  };
}

describe("list filters", () => {
  const all = [
    wf("a-running", "Running", 60),
    wf("a-old-done", "Succeeded", 7200, 7000, { app: "x" }),
    wf("b-failed", "Failed", 300, 100, { "workflows.argoproj.io/resubmitted-from-workflow": "b0" }),
  ];
  const names = (f: Parameters<typeof workflowPredicate>[0]) =>
    all.filter(workflowPredicate(f, now)).map((w) => w.metadata.name);

  it("selects by status, completion, prefix, labels and resubmission", () => {
    expect(names({ namespace: "", status: ["Failed,Succeeded"] })).toEqual(["a-old-done", "b-failed"]);
    expect(names({ namespace: "", running: true })).toEqual(["a-running"]);
    expect(names({ namespace: "", completed: true, prefix: "a-" })).toEqual(["a-old-done"]);
    expect(names({ namespace: "", labels: "app=x" })).toEqual(["a-old-done"]);
    expect(names({ namespace: "", resubmitted: true })).toEqual(["b-failed"]);
  });

  it("selects by age: created within --since, finished before --older", () => {
    expect(names({ namespace: "", since: "10m" })).toEqual(["a-running", "b-failed"]);
    expect(names({ namespace: "", older: "1h" })).toEqual(["a-old-done"]);
  });

  it("rejects --completed with --running and a bad duration", () => {
    expect(() => workflowPredicate({ namespace: "", completed: true, running: true })).toThrow(
      "--completed and --running cannot be used together",
    );
    expect(() => workflowPredicate({ namespace: "", since: "yesterday" })).toThrow(
      /--since must be a duration/,
    );
  });
});

describe("submit options", () => {
  const base: Workflow = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { generateName: "x-", labels: { keep: "1" } },
    spec: {
      entrypoint: "main",
      arguments: {
        parameters: [
          { name: "a", value: "1" },
          { name: "b", value: "2", enum: ["2", "3"] },
        ],
      },
    },
  };

  it("puts given parameters first, replacing those of the same name, the last value winning", () => {
    const out = applySubmitOptions(base, { parameters: ["b=3", "c=4", "b=5"] });
    expect(out.spec.arguments?.parameters).toEqual([
      { name: "b", value: "5" },
      { name: "c", value: "4" },
      { name: "a", value: "1" },
    ]);
    expect(base.spec.arguments?.parameters?.[1]?.value).toBe("2");
  });

  it("applies entrypoint, service account, priority, labels and names", () => {
    const out = applySubmitOptions(base, {
      parameters: [],
      entrypoint: "other",
      serviceAccount: "sa",
      priority: 5,
      labels: "team=a,env=b",
      name: "fixed",
    });
    expect(out.spec.entrypoint).toBe("other");
    expect((out.spec as { serviceAccountName?: string }).serviceAccountName).toBe("sa");
    expect(out.spec.priority).toBe(5);
    expect(out.metadata).toMatchObject({ name: "fixed", labels: { keep: "1", team: "a", env: "b" } });
    expect(() => parseLabels("novalue")).toThrow(/expected labels of the form/);
  });

  it("reads a parameter file and builds Argo's SubmitOpts for --from", async () => {
    const dir = await mkdtemp(join(tmpdir(), "argosy-params-"));
    const file = join(dir, "p.yaml");
    await writeFile(file, "message: hi\ncount: 3\n");
    expect(readParameterFile(file)).toEqual(["message=hi", "count=3"]);
    expect(toSubmitOpts({ parameters: ["a=1"], entrypoint: "e", priority: 0, dryRun: true })).toEqual({
      parameters: ["a=1"],
      entryPoint: "e",
      priority: 0,
      dryRun: true,
    });
  });

  it("checks flag combinations with Argo's messages", () => {
    const base = { parameter: [] };
    expect(() => validateSubmitFlags({ ...base, watch: true }, 2)).toThrow(
      "cannot watch more than one workflow",
    );
    expect(() => validateSubmitFlags({ ...base, watch: true, wait: true }, 1)).toThrow(
      "--wait cannot be combined with --watch",
    );
    expect(() => validateSubmitFlags({ ...base, dryRun: true }, 1)).toThrow(
      "--dry-run should have an output option",
    );
    expect(() => validateSubmitFlags({ ...base, dryRun: true, output: "yaml" }, 1)).not.toThrow();
  });
});

describe("node set output parameters", () => {
  it("sends name=value pairs as a JSON object, unquoting quoted values", () => {
    expect(outputParametersJson(['msg="Hello, world!"', "n=3"])).toBe('{"msg":"Hello, world!","n":"3"}');
    expect(outputParametersJson([])).toBe("");
    expect(() => outputParametersJson(["nope"])).toThrow(/NAME=VALUE/);
  });
});

describe("connection settings", () => {
  it("adds Bearer to a bare token and keeps a token that names its scheme", () => {
    expect(authorization("abc")).toBe("Bearer abc");
    expect(authorization("Bearer abc")).toBe("Bearer abc");
    expect(authorization("Basic dXNlcg==")).toBe("Basic dXNlcg==");
    expect(authorization(undefined)).toBeUndefined();
  });

  it("builds URLs from host:port, TLS and a base href", () => {
    expect(new Transport({ server: "localhost:2746", secure: false }).baseUrl).toBe("http://localhost:2746");
    expect(new Transport({ server: "h:1", secure: true, baseHref: "/argo/" }).baseUrl).toBe(
      "https://h:1/argo",
    );
    expect(new Transport({ server: "http://h:2", secure: true }).url("/x", { a: "1", b: undefined })).toBe(
      "http://h:2/x?a=1",
    );
  });
});

describe("cron workflows", () => {
  const cron = (extra: Record<string, unknown> = {}): CronWorkflow => ({
    apiVersion: "argoproj.io/v1alpha1",
    kind: "CronWorkflow",
    metadata: { name: "nightly", namespace: "argo", creationTimestamp: ago(3600) },
    spec: { schedules: ["0 2 * * *"], workflowSpec: { entrypoint: "main" }, ...extra },
  });

  it("shows the next scheduled time in UTC, or in the cron's timezone", () => {
    // 10:00 UTC → next 02:00 UTC is 16 hours away.
    expect(cronSummary(cron(), now)).toMatch(
      /^NextScheduledTime: +.* \(16 hours from now\) \(assumes workflow-controller is in UTC\)$/m,
    );
    // 02:00 in Tokyo (UTC+9) is 17:00 UTC: 7 hours away.
    expect(cronSummary(cron({ timezone: "Asia/Tokyo" }), now)).toMatch(/\(7 hours from now\)/);
    expect(cronSummary(cron(), now)).toMatch(/^Schedules: {21}0 2 \* \* \*$/m);
  });

  it("lists cron workflows with their last and next runs", () => {
    const text = cronTable([cron({ suspend: true })], false, now);
    expect(text.split("\n")[1]?.split(/\s{3,}/)).toEqual([
      "nightly",
      "1h",
      "N/A",
      "16h",
      "0 2 * * *",
      "true",
    ]);
  });
});

describe("completion", () => {
  it("walks every command path with its subcommands and flags", () => {
    const program = new Command("x");
    program.command("a").option("-f, --flag");
    program.command("g").command("sub").option("--deep");
    const tree = commandTree(program);
    expect(tree.map((n) => n.path.join(" "))).toEqual(["", "a", "g", "g sub"]);
    expect(tree[1]?.flags).toEqual(["--flag", "-f"]);
    expect(tree[3]?.flags).toEqual(["--deep"]);
  });
});
