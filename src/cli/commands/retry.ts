/**
 * `argosy retry WORKFLOW... | -l SELECTOR`: re-runs the failed nodes of workflows (the same
 * workflow object), optionally following the one retried with `--wait/--watch/--log`.
 */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  outputOption,
  resolveWorkflowName,
} from "../context.js";
import { type FollowFlags, waitWatchOrLog } from "../follow.js";
import { fieldSelectorString, parseFieldSelector } from "../format/selectors.js";
import { listWorkflows } from "../list-filter.js";
import { printWorkflow } from "../output.js";

export interface RetryFlags extends ClientFlags, FollowFlags {
  parameter: string[];
  restartSuccessful?: boolean;
  nodeFieldSelector?: string;
  selector?: string;
  fieldSelector?: string;
}

/** Parses and normalises a node field selector as Argo does before sending it. */
export function normalisedSelector(text: string | undefined): string {
  try {
    return fieldSelectorString(parseFieldSelector(text ?? ""));
  } catch (e) {
    throw invalid(`unable to parse node field selector '${text}': ${(e as Error).message}`, { cause: e });
  }
}

/** The workflows named or selected, each once. */
export async function selectedWorkflows(
  conn: ReturnType<typeof connect>,
  names: string[],
  f: { selector?: string; fieldSelector?: string },
): Promise<string[]> {
  const chosen: string[] = [];
  if (f.selector || f.fieldSelector) {
    const listed = await listWorkflows(conn.api, {
      namespace: conn.namespace,
      ...(f.selector ? { labels: f.selector } : {}),
      ...(f.fieldSelector ? { fields: f.fieldSelector } : {}),
    });
    chosen.push(...listed.map((w) => w.metadata.name ?? ""));
  }
  for (const n of names) chosen.push(await resolveWorkflowName(conn, n));
  return [...new Set(chosen)];
}

export function registerRetry(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("retry")
    .description("retry zero or more workflows")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option(
      "-p, --parameter <name=value>",
      "input parameter to override on the original workflow spec",
      collect,
      [],
    )
    .addOption(outputOption(["name", "json", "yaml", "wide"]))
    .option("-w, --wait", "wait for the workflow to complete, only works when a single workflow is retried")
    .option("--watch", "watch the workflow until it completes, only works when a single workflow is retried")
    .option("--log", "log the workflow until it completes")
    .option(
      "--restart-successful",
      "indicates to restart successful nodes matching the --node-field-selector",
    )
    .option(
      "--node-field-selector <selector>",
      "selector of nodes to reset, eg: --node-field-selector inputs.parameters.myparam.value=abc",
    )
    .option("-l, --selector <selector>", "Selector (label query) to filter on, supports '=', '==', and '!='")
    .option(
      "--field-selector <selector>",
      "Selector (field query) to filter on, supports '=', '==', and '!='",
    );
  clientOptions(cmd).action(async (names: string[], f: RetryFlags) => {
    if (names.length === 0 && !f.selector && !f.fieldSelector)
      throw invalid("requires either node field selector or workflow");
    const nodeFieldSelector = normalisedSelector(f.nodeFieldSelector);
    const conn = connect(f, cli.io);
    const targets = await selectedWorkflows(conn, names, f);
    let last = "";
    for (const name of targets) {
      const wf = await conn.api.workflowAction(conn.namespace, name, "retry", {
        restartSuccessful: Boolean(f.restartSuccessful),
        nodeFieldSelector,
        parameters: f.parameter,
      });
      printWorkflow(wf, f.output, cli.io.stdout, { jsonIndent: 4 });
      last = wf.metadata.name ?? name;
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
