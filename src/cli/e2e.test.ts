/**
 * The client commands end to end: a real store, controller and Argo-compatible server in this
 * process on 127.0.0.1 (port 0), and the CLI driven through `main(argv)` with its output captured.
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config/config.js";
import { type Controller, startController } from "../controller/controller.js";
import { LifecycleController } from "../controller/lifecycle/index.js";
import { createHostExecutor } from "../executor/host/index.js";
import type { Executor } from "../executor/types.js";
import { MetricsRegistry, type RunningServer, startServer } from "../server/index.js";
import { openSqliteStore } from "../store/index.js";
import type { Store } from "../store/types.js";
import { main } from "./main.js";

let home: string;
let store: Store;
let executor: Executor;
let controller: Controller;
let server: RunningServer;
let lifecycle: LifecycleController;
let env: NodeJS.ProcessEnv;

class Capture {
  text = "";
  isTTY = false;
  write(s: string) {
    this.text += s;
    return true;
  }
}

/** Runs `argosy …args` against the test server. */
async function argosy(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const code = await main(["node", "argosy", ...args], { stdout, stderr, env });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

async function manifest(name: string, text: string): Promise<string> {
  const path = join(home, name);
  await writeFile(path, text);
  return path;
}

const hello = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: hello-
spec:
  entrypoint: main
  arguments:
    parameters: [{name: message, value: hello world}]
  templates:
    - name: main
      steps:
        - - name: say
            template: say
            arguments:
              parameters: [{name: message, value: "{{workflow.parameters.message}}"}]
    - name: say
      inputs:
        parameters: [{name: message}]
      container:
        image: busybox
        command: [echo]
        args: ["{{inputs.parameters.message}}"]
`;

const failing = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: fails-
spec:
  entrypoint: fail
  templates:
    - name: fail
      container:
        image: busybox
        command: [sh, -c, "exit 3"]
`;

const approval = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: approval-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - name: approve
            template: approve
        - - name: after
            template: after
    - name: approve
      suspend: {}
    - name: after
      container:
        image: busybox
        command: [echo, approved]
`;

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "argosy-cli-e2e-"));
  store = openSqliteStore({ path: join(home, "argosy.db") });
  executor = createHostExecutor({ home });
  const config = loadConfig({ home, maxPods: 4 }, {});
  controller = await startController({ store, executor, config });
  lifecycle = new LifecycleController({
    store,
    config,
    deleteWorkflow: (ns, name) => controller.deleteWorkflow(ns, name),
    removePod: (pod) => executor.remove(pod),
    coalesceMs: 10,
  });
  await lifecycle.start();
  server = await startServer({
    store,
    controller,
    metrics: new MetricsRegistry(),
    version: "0.0.0-test",
    port: 0,
    timings: { heartbeatMs: 1000, coalesceMs: 20, logPollMs: 50 },
  });
  env = { ARGO_SERVER: `127.0.0.1:${server.port}`, ARGO_NAMESPACE: "argo", ARGOSY_HOME: home };
});

afterAll(async () => {
  await server?.close();
  lifecycle?.stop();
  await controller?.close();
  await executor?.close();
  await store?.close();
  await rm(home, { recursive: true, force: true });
});

describe("argosy submit, list, get, logs, watch, wait, delete", () => {
  let name = "";

  it("submit --wait prints the name and exits 0 once the workflow succeeded", async () => {
    const r = await argosy("submit", await manifest("hello.yaml", hello), "--wait", "-o", "name");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    name = r.stdout.trim();
    expect(name).toMatch(/^hello-[a-z0-9]{5}$/);
  });

  it("list shows it Succeeded", async () => {
    const r = await argosy("list");
    expect(r.code, r.stderr).toBe(0);
    const [header, ...rows] = r.stdout.trim().split("\n");
    expect(header).toMatch(/^NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY\s+MESSAGE$/);
    expect(rows.find((row) => row.startsWith(name))).toMatch(
      new RegExp(`^${name}\\s+Succeeded\\s+\\d+s\\s+\\d+s\\s+0`),
    );
    expect((await argosy("list", "--running")).stdout).not.toContain(name);
    expect((await argosy("list", "--completed", "-o", "name")).stdout).toContain(name);
  });

  it("get shows the summary and the node tree", async () => {
    const r = await argosy("get", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+hello-/m);
    expect(r.stdout).toMatch(/^Namespace:\s+argo$/m);
    expect(r.stdout).toMatch(/^Status:\s+Succeeded$/m);
    expect(r.stdout).toMatch(/^ {2}message:\s+hello world$/m);
    expect(r.stdout).toMatch(/^STEP\s+TEMPLATE\s+PODNAME\s+DURATION\s+MESSAGE$/m);
    expect(r.stdout).toMatch(new RegExp(`^ ✔ ${name}\\s+main$`, "m"));
    expect(r.stdout).toMatch(/^ └───✔ say\s+say\s+hello-\w+-say-\d+\s+\d+s$/m);
    const json = JSON.parse((await argosy("get", name, "-o", "json")).stdout);
    expect(json.status.phase).toBe("Succeeded");
  });

  it("logs prints each line as pod: line", async () => {
    const r = await argosy("logs", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${name}-say-\\d+: hello world$`, "m"));
  });

  it("watch prints the finished workflow and ends", async () => {
    const r = await argosy("watch", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Status:\s+Succeeded$/m);
  });

  it("wait prints the phase and the finish time, and exits 1 for a failed workflow", async () => {
    const ok = await argosy("wait", name);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^${name} Succeeded at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d`));
    const submitted = await argosy("submit", await manifest("fails.yaml", failing), "-o", "name");
    expect(submitted.code, submitted.stderr).toBe(0);
    const failed = await argosy("wait", submitted.stdout.trim());
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/^fails-\w+ Failed at /);
  });

  it("delete removes it; get of an unknown workflow fails with Argo's NotFound", async () => {
    const r = await argosy("delete", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`Workflow '${name}' deleted\n`);
    const gone = await argosy("get", "never-was");
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/^Error: rpc error: code = NotFound desc = /);
    expect((await argosy("delete", name)).stdout).toBe(`Workflow '${name}' not found\n`);
  });
});

describe("argosy submit, following the workflow", () => {
  it("submit --watch follows a running workflow until it ends", async () => {
    const r = await argosy(
      "submit",
      await manifest("hello2.yaml", hello),
      "--watch",
      "-p",
      "message=watched",
    );
    expect(r.code, r.stderr).toBe(0);
    const views = r.stdout.split(/^Name:/m).filter((v) => v.trim() !== "");
    expect(views.length).toBeGreaterThanOrEqual(2);
    expect(views[views.length - 1]).toMatch(/^Status:\s+Succeeded$/m);
    expect(r.stdout).toMatch(/^ {2}message:\s+watched$/m);
  });

  it("submit --log streams the pod logs, then ends", async () => {
    const r = await argosy(
      "submit",
      await manifest("hello3.yaml", hello),
      "--log",
      "-o",
      "name",
      "-p",
      "message=logged",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^hello-\w+-say-\d+: logged$/m);
  });

  it("submit --dry-run and --server-dry-run print the workflow without creating it", async () => {
    const before = (await argosy("list", "-o", "name")).stdout;
    const file = await manifest("dry.yaml", hello);
    const dry = await argosy("submit", file, "--dry-run", "-o", "yaml", "-p", "message=dry");
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/^kind: Workflow$/m);
    expect(dry.stdout).toMatch(/value: dry/);
    const server = await argosy("submit", file, "--server-dry-run", "-o", "json");
    expect(server.code, server.stderr).toBe(0);
    expect(JSON.parse(server.stdout).kind).toBe("Workflow");
    expect((await argosy("submit", file, "--dry-run")).stderr).toBe(
      "Error: --dry-run should have an output option\n",
    );
    expect((await argosy("list", "-o", "name")).stdout).toBe(before);
  });

  it("exits 2 with each problem and its line for an invalid manifest, submitting nothing", async () => {
    const before = (await argosy("list", "-o", "name")).stdout;
    const bad = await manifest(
      "bad.yaml",
      hello.replace("template: say\n", "template: nope\n").replace("command: [echo]", "comand: [echo]"),
    );
    const r = await argosy("submit", bad);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+.*nope/);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+.*comand/);
    expect((await argosy("list", "-o", "name")).stdout).toBe(before);
  });
});

describe("argosy suspend, resume, node set, stop, terminate, retry", () => {
  it("resumes a workflow waiting at a suspend step", async () => {
    const s = await argosy("submit", await manifest("approval.yaml", approval), "-o", "name");
    const name = s.stdout.trim();
    let got = await argosy("get", name);
    for (let i = 0; i < 2000 && !/ǁ approve/.test(got.stdout); i++) got = await argosy("get", name);
    expect(got.stdout).toMatch(/^ └───ǁ approve\s+approve$/m);
    expect(got.stdout).toMatch(/^Status:\s+Running \(Suspended\)$/m);
    const r = await argosy("resume", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`workflow ${name} resumed\n`);
    expect((await argosy("wait", name)).code).toBe(0);
  });

  it("node set completes a suspend node", async () => {
    const name = (
      await argosy("submit", await manifest("approval2.yaml", approval), "-o", "name")
    ).stdout.trim();
    for (let i = 0; i < 2000 && !/ǁ approve/.test((await argosy("get", name)).stdout); i++);
    const r = await argosy(
      "node",
      "set",
      name,
      "--node-field-selector",
      "displayName=approve",
      "--phase",
      "Succeeded",
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("workflow values set\n");
    expect((await argosy("wait", name)).code).toBe(0);
  });

  it("terminate ends a suspended workflow as Failed (Terminated)", async () => {
    const name = (
      await argosy("submit", await manifest("approval3.yaml", approval), "-o", "name")
    ).stdout.trim();
    const r = await argosy("terminate", name);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`workflow ${name} terminated\n`);
    expect((await argosy("wait", name)).code).toBe(1);
    expect((await argosy("get", name)).stdout).toMatch(/^Status:\s+Failed( \(Terminated\))?$/m);
  });

  it("retry runs a failed workflow again", async () => {
    const name = (
      await argosy("submit", await manifest("fails2.yaml", failing), "-o", "name", "--wait")
    ).stdout.trim();
    const r = await argosy("retry", name, "--wait", "-o", "name");
    expect(r.stdout.trim()).toBe(name);
    expect(r.code).toBe(1);
  });
});

describe("argosy template, cron and submit --from", () => {
  const template = `apiVersion: argoproj.io/v1alpha1
kind: WorkflowTemplate
metadata:
  name: greeter
spec:
  entrypoint: say
  arguments:
    parameters: [{name: message, value: from a template}]
  templates:
    - name: say
      inputs:
        parameters: [{name: message}]
      container:
        image: busybox
        command: [echo, "{{inputs.parameters.message}}"]
`;
  const cron = `apiVersion: argoproj.io/v1alpha1
kind: CronWorkflow
metadata:
  name: nightly
spec:
  schedules: ["0 2 * * *"]
  workflowSpec:
    entrypoint: main
    templates:
      - name: main
        container:
          image: busybox
          command: [true]
`;

  it("creates, lists and gets a workflow template, submits from it, and deletes it", async () => {
    const created = await argosy("template", "create", await manifest("tmpl.yaml", template));
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/^Name:\s+greeter\nNamespace:\s+argo\nCreated:\s+/);
    expect((await argosy("template", "list")).stdout).toMatch(/^NAME\ngreeter\n$/);
    expect((await argosy("template", "get", "greeter", "-o", "name")).stdout).toBe("greeter\n");
    const run = await argosy(
      "submit",
      "--from",
      "workflowtemplate/greeter",
      "-p",
      "message=hi",
      "--wait",
      "-o",
      "name",
    );
    expect(run.code, run.stderr).toBe(0);
    expect((await argosy("logs", run.stdout.trim())).stdout).toMatch(/: hi$/m);
    expect((await argosy("template", "delete", "greeter")).stdout).toBe(
      "WorkflowTemplate 'greeter' deleted\n",
    );
  });

  it("lints a template locally and exits 1 with the problem", async () => {
    const r = await argosy(
      "template",
      "lint",
      await manifest("tmpl-bad.yaml", template.replace("entrypoint: say", "entrypoint: nope")),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/tmpl-bad\.yaml:\d+:\d+.*nope/);
  });

  it("creates a cron workflow and shows its next scheduled time", async () => {
    const r = await argosy("cron", "create", await manifest("cron.yaml", cron));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Name:\s+nightly$/m);
    expect(r.stdout).toMatch(/^Schedules:\s+0 2 \* \* \*$/m);
    const got = await argosy("cron", "get", "nightly");
    expect(got.stdout).toMatch(
      /^NextScheduledTime:\s+\w{3} \w{3} \d\d \d\d:00:00 [+-]\d{4} \(.+ from now\) \(assumes workflow-controller is in UTC\)$/m,
    );
    const list = await argosy("cron", "list");
    expect(list.stdout).toMatch(/^NAME\s+AGE\s+LAST RUN\s+NEXT RUN\s+SCHEDULES\s+TIMEZONE\s+SUSPENDED\n/);
    expect(list.stdout).toMatch(/^nightly\s+\d+s\s+N\/A\s+\d+[hm]\s+0 2 \* \* \*\s+false$/m);
    expect((await argosy("cron", "suspend", "nightly")).stdout).toBe("CronWorkflow 'nightly' suspended\n");
    expect((await argosy("cron", "get", "nightly")).stdout).toMatch(/^Suspended:\s+true$/m);
    expect((await argosy("cron", "delete", "nightly")).code).toBe(0);
  });
});

const sleepy = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: sleepy-
spec:
  entrypoint: main
  templates:
    - name: main
      steps:
        - - {name: a, template: nap}
        - - {name: b, template: nap}
    - name: nap
      container:
        image: busybox
        command: [sh, -c, "sleep 0.5; echo rested"]
`;

const produces = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: produce-
spec:
  entrypoint: produce
  templates:
    - name: produce
      container:
        image: busybox
        command: [sh, -c, "echo payload > /tmp/result.txt"]
      outputs:
        artifacts: [{name: result, path: /tmp/result.txt, archive: {none: {}}}]
`;

describe("argosy logs -f, resubmit, stop, delete filters, archive and cp", () => {
  it("logs -f follows a running workflow's pods until it ends", async () => {
    const name = (await argosy("submit", await manifest("sleepy.yaml", sleepy), "-o", "name")).stdout.trim();
    const r = await argosy("logs", name, "-f");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^sleepy-\w+-nap-\d+: rested$/gm)).toHaveLength(2);
  });

  it("resubmit creates a new workflow from a finished one", async () => {
    const first = (
      await argosy("submit", await manifest("hello4.yaml", hello), "-o", "name", "--wait")
    ).stdout.trim();
    const r = await argosy("resubmit", first, "-o", "name", "--wait");
    expect(r.code, r.stderr).toBe(0);
    const second = r.stdout.trim();
    expect(second).toMatch(/^hello-\w+$/);
    expect(second).not.toBe(first);
    expect((await argosy("list", "--resubmitted", "-o", "name")).stdout).toContain(second);
  });

  it("stop ends a suspended workflow", async () => {
    const name = (
      await argosy("submit", await manifest("approval4.yaml", approval), "-o", "name")
    ).stdout.trim();
    const r = await argosy("stop", name, "--message", "enough");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`workflow ${name} stopped\n`);
    expect((await argosy("wait", name)).code).toBe(1);
  });

  it("delete --completed --dry-run names what it would delete and deletes nothing", async () => {
    const before = (await argosy("list", "-o", "name")).stdout;
    const r = await argosy("delete", "--completed", "--prefix", "fails-", "--dry-run");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^Workflow 'fails-\w+' deleted \(dry-run\)$/m);
    expect(r.stdout).not.toMatch(/hello-/);
    expect((await argosy("list", "-o", "name")).stdout).toBe(before);
    expect((await argosy("delete", "--prefix", "no-such-")).stdout).toBe("No resources found\n");
  });

  it("archive list and get show finished workflows by UID or name", async () => {
    const name = (
      await argosy("submit", await manifest("hello5.yaml", hello), "-o", "name", "--wait")
    ).stdout.trim();
    // Archiving follows the workflow's end asynchronously.
    let list = await argosy("archive", "list");
    for (let i = 0; i < 500 && !list.stdout.includes(name); i++) list = await argosy("archive", "list");
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toMatch(
      /^NAMESPACE\s+NAME\s+STATUS\s+AGE\s+DURATION\s+PRIORITY\s+MESSAGE\s+P\/R\/C\s+PARAMETERS\s+UID$/m,
    );
    const row = list.stdout.split("\n").find((l) => l.includes(name)) ?? "";
    const uid = row.trim().split(/\s+/).pop() ?? "";
    expect(uid).toMatch(/^[0-9a-f-]{36}$/);
    expect((await argosy("archive", "get", uid)).stdout).toMatch(new RegExp(`^Name:\\s+${name}$`, "m"));
    expect(JSON.parse((await argosy("archive", "get", name, "-o", "json")).stdout).metadata.uid).toBe(uid);
  });

  it("cp downloads output artifacts under namespace/workflow/node/outputs/artifact", async () => {
    const name = (
      await argosy("submit", await manifest("produce.yaml", produces), "-o", "name", "--wait")
    ).stdout.trim();
    const dir = join(home, "copied");
    const r = await argosy("cp", name, dir, "--artifact-name", "result");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('Created "result.txt"\n');
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(join(dir, "argo", name, name, "outputs", "result", "result.txt"), "utf8")).toBe(
      "payload\n",
    );
  });
});

describe("argosy completion", () => {
  it("prints a bash script that knows the verbs and their flags", async () => {
    const r = await argosy("completion", "bash");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("complete -o default -F _argosy_complete argosy");
    expect(r.stdout).toMatch(/'submit'\) words='[^']*--watch[^']*'/);
    expect(r.stdout).toMatch(/''\) words='[^']*\bsubmit\b[^']*\blist\b/);
    expect((await argosy("completion", "fish")).stdout).toContain(
      "complete -c argosy -n '__fish_use_subcommand' -a 'submit'",
    );
    expect((await argosy("completion", "tcsh")).code).toBe(2);
  });
});
