/** `argosy watch WORKFLOW`: the get view, kept current until the workflow completes. */
import type { Command } from "commander";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { watchWorkflow } from "../follow.js";
import { type TreeFlags, treeOptions } from "./get.js";

export function registerWatch(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("watch")
    .description("watch a workflow until it completes")
    .argument("<workflow>", "workflow name (@latest for the newest)")
    .option("--status <phase>", "Filter by status (Pending, Running, Succeeded, Skipped, Failed, Error)")
    .option(
      "--node-field-selector <selector>",
      "selector of node to display, eg: --node-field-selector phase=abc",
    );
  clientOptions(cmd).action(async (workflow: string, flags: ClientFlags & TreeFlags) => {
    const conn = connect(flags, cli.io);
    await watchWorkflow({
      api: conn.api,
      namespace: conn.namespace,
      name: await resolveWorkflowName(conn, workflow),
      io: cli.io,
      tree: treeOptions(flags, cli.io.stdout),
    });
  });
}
