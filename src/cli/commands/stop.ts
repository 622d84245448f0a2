/** `argosy stop WORKFLOW... | -l SELECTOR`: stops workflows, still running their exit handlers. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect } from "../context.js";
import { normalisedSelector, selectedWorkflows } from "./retry.js";

interface StopFlags extends ClientFlags {
  message?: string;
  nodeFieldSelector?: string;
  selector?: string;
  fieldSelector?: string;
  dryRun?: boolean;
}

export function registerStop(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("stop")
    .description("stop zero or more workflows allowing all exit handlers to run")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option("--message <message>", "Message to add to previously running nodes")
    .option(
      "--node-field-selector <selector>",
      "selector of node to stop, eg: --node-field-selector inputs.parameters.myparam.value=abc",
    )
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    )
    .option("--dry-run", "If true, only print the workflows that would be stopped, without stopping them.");
  clientOptions(cmd).action(async (names: string[], f: StopFlags) => {
    if (names.length === 0 && !f.selector && !f.fieldSelector)
      throw invalid("requires either selector or workflow");
    const nodeFieldSelector = normalisedSelector(f.nodeFieldSelector);
    const conn = connect(f, cli.io);
    for (const name of await selectedWorkflows(conn, names, f)) {
      if (f.dryRun) {
        cli.io.stdout.write(`workflow ${name} stopped (dry-run)\n`);
        continue;
      }
      const wf = await conn.api.workflowAction(conn.namespace, name, "stop", {
        ...(nodeFieldSelector ? { nodeFieldSelector } : {}),
        ...(f.message ? { message: f.message } : {}),
      });
      cli.io.stdout.write(`workflow ${wf.metadata.name ?? name} stopped\n`);
    }
  });
}
