/** `argosy resubmit WORKFLOW... | -l SELECTOR`: submits completed workflows again as new ones. */
import type { Command } from "commander";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  outputOption,
} from "../context.js";
import { type FollowFlags, waitWatchOrLog } from "../follow.js";
import { printWorkflow } from "../output.js";
import { selectedWorkflows } from "./retry.js";

interface ResubmitFlags extends ClientFlags, FollowFlags {
  parameter: string[];
  priority?: string;
  memoized?: boolean;
  selector?: string;
  fieldSelector?: string;
}

export function registerResubmit(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("resubmit")
    .description("resubmit one or more workflows")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option(
      "-p, --parameter <name=value>",
      "input parameter to override on the original workflow spec",
      collect,
      [],
    )
    .option("--priority <n>", "workflow priority")
    .addOption(outputOption(["name", "json", "yaml", "wide"]))
    .option(
      "-w, --wait",
      "wait for the workflow to complete, only works when a single workflow is resubmitted",
    )
    .option(
      "--watch",
      "watch the workflow until it completes, only works when a single workflow is resubmitted",
    )
    .option("--log", "log the workflow until it completes")
    .option("--memoized", "re-use successful steps & outputs from the previous run")
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    );
  clientOptions(cmd).action(async (names: string[], f: ResubmitFlags) => {
    const conn = connect(f, cli.io);
    const targets = await selectedWorkflows(conn, names, f);
    let last = "";
    for (const name of targets) {
      const wf = await conn.api.workflowAction(conn.namespace, name, "resubmit", {
        memoized: Boolean(f.memoized),
        parameters: f.parameter,
      });
      printWorkflow(wf, f.output, cli.io.stdout, { jsonIndent: 4 });
      last = wf.metadata.name ?? "";
    }
    if (targets.length === 1)
      cli.setCode(
        await waitWatchOrLog({
          api: conn.api,
          namespace: conn.namespace,
          names: [last],
          io: cli.io,
          flags: f,
        }),
      );
  });
}
