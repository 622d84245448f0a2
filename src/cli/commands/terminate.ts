/** `argosy terminate WORKFLOW... | -l SELECTOR`: stops workflows at once, skipping exit handlers. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect } from "../context.js";
import { selectedWorkflows } from "./retry.js";

interface TerminateFlags extends ClientFlags {
  selector?: string;
  fieldSelector?: string;
  dryRun?: boolean;
}

export function registerTerminate(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("terminate")
    .description("terminate zero or more workflows immediately")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    )
    .option("--dry-run", "Do not terminate the workflow, only print what would happen");
  clientOptions(cmd).action(async (names: string[], f: TerminateFlags) => {
    if (names.length === 0 && !f.selector && !f.fieldSelector)
      throw invalid("requires either selector or workflow");
    const conn = connect(f, cli.io);
    for (const name of await selectedWorkflows(conn, names, f)) {
      if (f.dryRun) {
        cli.io.stdout.write(`workflow ${name} terminated (dry-run)\n`);
        continue;
      }
      const wf = await conn.api.workflowAction(conn.namespace, name, "terminate");
      cli.io.stdout.write(`workflow ${wf.metadata.name ?? name} terminated\n`);
    }
  });
}
