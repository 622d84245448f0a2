/** `argosy get NAME...`: a workflow's summary and node tree, or the object as JSON/YAML. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import type { OutStream } from "../context.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  outputOption,
  resolveWorkflowName,
} from "../context.js";
import { paintFor } from "../format/color.js";
import { parseFieldSelector } from "../format/selectors.js";
import { printWorkflow } from "../output.js";
import type { TreeOptions } from "../render-tree.js";

export interface TreeFlags {
  status?: string;
  nodeFieldSelector?: string;
  color?: boolean;
  utf8?: boolean;
}

/** The tree options of `--status`, `--node-field-selector`, `--no-color` and `--no-utf8`. */
export function treeOptions(flags: TreeFlags, out: OutStream, output?: string): TreeOptions {
  if (flags.status && flags.nodeFieldSelector)
    throw invalid("cannot use both --status and --node-field-selector");
  const selector = flags.status ? `phase=${flags.status}` : (flags.nodeFieldSelector ?? "");
  return {
    selector: parseFieldSelector(selector),
    paint: paintFor(out, flags.color === false),
    ...(flags.utf8 === false ? { noUtf8: true } : {}),
    ...(output ? { output } : {}),
  };
}

export function registerGet(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("get")
    .description("display details about a workflow")
    .argument("<workflows...>", "workflow names (@latest for the newest)")
    .addOption(outputOption(["name", "json", "yaml", "short", "wide"]))
    .option("--no-color", "Disable colorized output")
    .option("--no-utf8", "Use plain 7-bits ascii characters")
    .option("--status <phase>", "Filter by status (Pending, Running, Succeeded, Skipped, Failed, Error)")
    .option(
      "--node-field-selector <selector>",
      "selector of node to display, eg: --node-field-selector phase=abc",
    );
  clientOptions(cmd).action(async (names: string[], flags: ClientFlags & TreeFlags & { output?: string }) => {
    const conn = connect(flags, cli.io);
    const tree = treeOptions(flags, cli.io.stdout, flags.output);
    for (const name of names) {
      const wf = await conn.api.getWorkflow(conn.namespace, await resolveWorkflowName(conn, name));
      printWorkflow(wf, flags.output, cli.io.stdout, { ...tree, jsonIndent: 4 });
    }
  });
}
