/** `argosy delete [WORKFLOW...] [--all --completed --prefix --older --status -l …]`. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import { isNotFound } from "../client/errors.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { listWorkflows } from "../list-filter.js";

interface DeleteFlags extends ClientFlags {
  all?: boolean;
  completed?: boolean;
  resubmitted?: boolean;
  prefix?: string;
  selector?: string;
  fieldSelector?: string;
  older?: string;
  status: string[];
  queryChunkSize?: string;
  dryRun?: boolean;
  force?: boolean;
}

const hasFilter = (f: DeleteFlags) =>
  Boolean(
    f.all ||
      f.allNamespaces ||
      f.completed ||
      f.resubmitted ||
      f.prefix ||
      f.selector ||
      f.fieldSelector ||
      f.older ||
      f.status.length,
  );

export function registerDelete(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("delete")
    .description("delete workflows")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option("-A, --all-namespaces", "Delete workflows from all namespaces")
    .option("--all", "Delete all workflows")
    .option("--completed", "Delete completed workflows")
    .option("--resubmitted", "Delete resubmitted workflows")
    .option("--prefix <prefix>", "Delete workflows by prefix")
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    )
    .option(
      "--older <duration>",
      "Delete completed workflows finished before the specified duration (e.g. 10m, 3h, 1d)",
    )
    .option("--status <status>", "Delete by status (comma separated)", collect, [])
    .option(
      "--query-chunk-size <n>",
      "Run the list query in chunks (deletes will still be executed individually)",
    )
    .option("--dry-run", "Do not delete the workflow, only print what would happen")
    .option("--force", "Force delete workflows by removing finalizers");
  clientOptions(cmd).action(async (names: string[], f: DeleteFlags) => {
    if (names.length === 0 && !hasFilter(f)) throw invalid("requires either a workflow or other argument");
    const conn = connect(f, cli.io);
    const targets = await Promise.all(
      names.map(async (n) => ({ name: await resolveWorkflowName(conn, n), namespace: conn.namespace })),
    );
    if (hasFilter(f)) {
      const listed = await listWorkflows(conn.api, {
        namespace: f.allNamespaces ? "" : conn.namespace,
        status: f.status,
        ...(f.completed ? { completed: true } : {}),
        ...(f.resubmitted ? { resubmitted: true } : {}),
        ...(f.prefix ? { prefix: f.prefix } : {}),
        ...(f.older ? { older: f.older } : {}),
        ...(f.selector ? { labels: f.selector } : {}),
        ...(f.fieldSelector ? { fields: f.fieldSelector } : {}),
        ...(f.queryChunkSize ? { chunkSize: Number(f.queryChunkSize) } : {}),
      });
      for (const wf of listed)
        targets.push({ name: wf.metadata.name ?? "", namespace: wf.metadata.namespace || conn.namespace });
    }
    if (targets.length === 0) {
      cli.io.stdout.write("No resources found\n");
      return;
    }
    for (const t of targets) {
      if (f.dryRun) {
        cli.io.stdout.write(`Workflow '${t.name}' deleted (dry-run)\n`);
        continue;
      }
      try {
        await conn.api.deleteWorkflow(t.namespace, t.name, Boolean(f.force));
        cli.io.stdout.write(`Workflow '${t.name}' deleted\n`);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        cli.io.stdout.write(`Workflow '${t.name}' not found\n`);
      }
    }
  });
}
