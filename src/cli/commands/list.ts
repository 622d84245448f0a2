/** `argosy list`: the workflows of a namespace (or all), filtered and printed as Argo does. */
import type { Command } from "commander";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  outputOption,
} from "../context.js";
import { listWorkflows } from "../list-filter.js";
import { renderWorkflowList } from "../render-list.js";

interface ListFlags extends ClientFlags {
  prefix?: string;
  older?: string;
  status: string[];
  completed?: boolean;
  running?: boolean;
  resubmitted?: boolean;
  output?: string;
  since?: string;
  chunkSize?: string;
  noHeaders?: boolean;
  selector?: string;
  fieldSelector?: string;
}

export function registerList(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("list")
    .description("list workflows")
    .option("-A, --all-namespaces", "Show workflows from all namespaces")
    .option("--prefix <prefix>", "Filter workflows by prefix")
    .option(
      "--older <duration>",
      "List completed workflows finished before the specified duration (e.g. 10m, 3h, 1d)",
    )
    .option("--status <status>", "Filter by status (comma separated)", collect, [])
    .option("--completed", "Show completed workflows. Mutually exclusive with --running.")
    .option("--running", "Show running workflows. Mutually exclusive with --completed.")
    .option("--resubmitted", "Show resubmitted workflows")
    .addOption(outputOption(["name", "json", "yaml", "wide"]))
    .option("--since <duration>", "Show only workflows created after than a relative duration")
    .option("--chunk-size <n>", "Return large lists in chunks rather than all at once. Pass 0 to disable.")
    .option("--no-headers", "Don't print headers (default print headers).")
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    );
  clientOptions(cmd).action(async (flags: ListFlags & { headers?: boolean }) => {
    const conn = connect(flags, cli.io);
    const workflows = await listWorkflows(conn.api, {
      namespace: flags.allNamespaces ? "" : conn.namespace,
      status: flags.status,
      ...(flags.completed ? { completed: true } : {}),
      ...(flags.running ? { running: true } : {}),
      ...(flags.resubmitted ? { resubmitted: true } : {}),
      ...(flags.prefix ? { prefix: flags.prefix } : {}),
      ...(flags.since ? { since: flags.since } : {}),
      ...(flags.older ? { older: flags.older } : {}),
      ...(flags.selector ? { labels: flags.selector } : {}),
      ...(flags.fieldSelector ? { fields: flags.fieldSelector } : {}),
      ...(flags.chunkSize ? { chunkSize: Number(flags.chunkSize) } : {}),
      ...(flags.output === "wide" ? { withNodes: true } : {}),
    });
    cli.io.stdout.write(
      renderWorkflowList(workflows, {
        ...(flags.output ? { output: flags.output } : {}),
        noHeaders: flags.headers === false,
        namespace: Boolean(flags.allNamespaces),
      }),
    );
  });
}
