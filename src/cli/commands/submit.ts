/**
 * `argosy submit FILE... | --from kind/name`: lints the files here (exit 2 with each problem and
 * its line, nothing submitted), creates the workflows on the server, prints them, then follows
 * them with `--wait`, `--watch` or `--log`.
 */
import type { Command } from "commander";
import { formatProblem } from "../../spec/index.js";
import type { Workflow } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { waitWatchOrLog } from "../follow.js";
import { hasErrors, lintDocuments, loadManifests, workflowsIn } from "../manifests.js";
import { printWorkflow } from "../output.js";
import {
  applySubmitOptions,
  type CliSubmitOptions,
  readParameterFile,
  splitParameter,
  toSubmitOpts,
  workflowOverrideOptions,
} from "../submit-options.js";
import { treeOptions } from "./get.js";

export interface SubmitFlags extends ClientFlags {
  name?: string;
  generateName?: string;
  entrypoint?: string;
  parameter: string[];
  serviceaccount?: string;
  parameterFile?: string;
  labels?: string;
  dryRun?: boolean;
  serverDryRun?: boolean;
  output?: string;
  wait?: boolean;
  watch?: boolean;
  log?: boolean;
  priority?: string;
  from?: string;
  status?: string;
  nodeFieldSelector?: string;
  scheduledTime?: string;
}

/** Argo's checks of flag combinations, with its messages. */
export function validateSubmitFlags(f: SubmitFlags, count: number): void {
  if (f.watch) {
    if (count > 1) throw invalid("cannot watch more than one workflow");
    if (f.wait) throw invalid("--wait cannot be combined with --watch");
    if (f.dryRun) throw invalid("--watch cannot be combined with --dry-run");
    if (f.serverDryRun) throw invalid("--watch cannot be combined with --server-dry-run");
  }
  if (f.wait) {
    if (f.dryRun) throw invalid("--wait cannot be combined with --dry-run");
    if (f.serverDryRun) throw invalid("--wait cannot be combined with --server-dry-run");
  }
  if (f.dryRun) {
    if (!f.output) throw invalid("--dry-run should have an output option");
    if (f.serverDryRun) throw invalid("--dry-run cannot be combined with --server-dry-run");
  }
  if (f.serverDryRun && !f.output) throw invalid("--server-dry-run should have an output option");
}

function submitOptions(f: SubmitFlags): CliSubmitOptions {
  const priority = f.priority === undefined ? undefined : Number(f.priority);
  if (priority !== undefined && !Number.isInteger(priority))
    throw invalid(`--priority must be a whole number, not '${f.priority}'`);
  return {
    parameters: [...f.parameter, ...(f.parameterFile ? readParameterFile(f.parameterFile) : [])],
    ...(f.entrypoint ? { entrypoint: f.entrypoint } : {}),
    ...(f.serviceaccount ? { serviceAccount: f.serviceaccount } : {}),
    ...(priority !== undefined ? { priority } : {}),
    ...(f.labels ? { labels: f.labels } : {}),
    ...(f.name ? { name: f.name } : {}),
    ...(f.generateName ? { generateName: f.generateName } : {}),
  };
}

async function submitFiles(files: string[], f: SubmitFlags, cli: CliRuntime): Promise<number> {
  const conn = connect(f, cli.io);
  const opts = submitOptions(f);
  const paths = files.map((file) => (file === "-" ? "/dev/stdin" : file));
  const { documents, problems } = await loadManifests(paths);
  problems.push(
    ...lintDocuments(documents, conn.namespace, {
      kinds: new Set(["Workflow"]),
      unknownTemplateRefs: "ignore",
      suppliedParameters: opts.parameters.map((p) => splitParameter(p)[0]),
    }),
  );
  if (hasErrors(problems)) {
    for (const p of problems) cli.io.stderr.write(`${formatProblem(p)}\n`);
    return 2;
  }
  const workflows = workflowsIn(documents);
  validateSubmitFlags(f, workflows.length);
  if (workflows.length === 0) throw invalid("no workflow found in given files");
  const names: string[] = [];
  let followNamespace = conn.namespace;
  const tree = treeOptions(f, cli.io.stdout, f.output);
  for (const wf of workflows) {
    const namespace = wf.metadata.namespace || conn.namespace;
    const prepared: Workflow = applySubmitOptions({ ...wf, metadata: { ...wf.metadata, namespace } }, opts);
    const created = await conn.api.createWorkflow(namespace, prepared, {
      ...(f.dryRun ? { dryRun: true } : {}),
      ...(f.serverDryRun ? { serverDryRun: true } : {}),
    });
    printWorkflow(created, f.output, cli.io.stdout, { ...tree, jsonIndent: 4 });
    names.push(created.metadata.name ?? "");
    followNamespace = created.metadata.namespace || namespace;
  }
  return waitWatchOrLog({ api: conn.api, namespace: followNamespace, names, io: cli.io, flags: f, tree });
}

async function submitFrom(from: string, f: SubmitFlags, cli: CliRuntime): Promise<number> {
  const slash = from.indexOf("/");
  if (slash <= 0 || slash === from.length - 1)
    throw invalid(
      `resource identifier '${from}' is malformed. Should be \`kind/name\`, e.g. cronwf/hello-world-cwf`,
    );
  validateSubmitFlags(f, 1);
  const conn = connect(f, cli.io);
  const opts = toSubmitOpts({
    ...submitOptions(f),
    ...(f.dryRun ? { dryRun: true } : {}),
    ...(f.serverDryRun ? { serverDryRun: true } : {}),
  });
  if (f.scheduledTime) {
    if (Number.isNaN(Date.parse(f.scheduledTime)))
      throw invalid(
        "scheduled-time contains invalid time.RFC3339 format. (e.g.: `2006-01-02T15:04:05-07:00`)",
      );
    opts.annotations = `workflows.argoproj.io/scheduled-time=${f.scheduledTime}`;
  }
  const created = await conn.api.submitFrom(
    conn.namespace,
    from.slice(0, slash),
    from.slice(slash + 1),
    opts,
  );
  const tree = treeOptions(f, cli.io.stdout, f.output);
  printWorkflow(created, f.output, cli.io.stdout, { ...tree, jsonIndent: 4 });
  const names = [created.metadata.name ?? ""];
  return waitWatchOrLog({ api: conn.api, namespace: conn.namespace, names, io: cli.io, flags: f, tree });
}

export function registerSubmit(program: Command, cli: CliRuntime): void {
  const cmd = workflowOverrideOptions(
    program
      .command("submit")
      .description("submit a workflow")
      .argument("[files...]", "files holding Workflows (- reads standard input)"),
  )
    .option("--dry-run", "modify the workflow on the client-side without creating it")
    .option(
      "--server-dry-run",
      "send request to server with dry-run flag which will modify the workflow without creating it",
    )
    .addOption(outputOption(["name", "json", "yaml", "wide"]))
    .option("-w, --wait", "wait for the workflow to complete")
    .option("--watch", "watch the workflow until it completes")
    .option("--log", "log the workflow until it completes")
    .option("--strict", "perform strict workflow validation (always on)")
    .option("--priority <n>", "workflow priority")
    .option("--from <kind/name>", "Submit from an existing kind/name E.g., --from=cronwf/hello-world-cwf")
    .option(
      "--status <phase>",
      "Filter by status (Pending, Running, Succeeded, Skipped, Failed, Error). Should only be used with --watch.",
    )
    .option(
      "--node-field-selector <selector>",
      "selector of node to display, eg: --node-field-selector phase=abc",
    )
    .option(
      "--scheduled-time <time>",
      "Override the workflow's scheduledTime parameter (useful for backfilling). The time must be RFC3339",
    );
  clientOptions(cmd).action(async (files: string[], flags: SubmitFlags) => {
    if (flags.from && files.length) throw invalid("cannot combine --from with file arguments");
    if (!flags.from && files.length === 0) throw invalid("submit needs FILE... or --from kind/name");
    cli.setCode(flags.from ? await submitFrom(flags.from, flags, cli) : await submitFiles(files, flags, cli));
  });
}
