/**
 * `argosy node set WORKFLOW --node-field-selector … [--phase P] [--message M] [-p name=value]`:
 * sets the phase, message or supplied output parameters of the nodes a selector names.
 */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { normalisedSelector } from "./retry.js";

interface NodeFlags extends ClientFlags {
  nodeFieldSelector?: string;
  phase?: string;
  outputParameter: string[];
  message?: string;
}

/** Go's `strconv.Unquote` for the common case: a double-quoted value loses its quotes. */
function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v;
    }
  }
  return v;
}

/** `name=value` pairs as the JSON object string Argo's set request carries. */
export function outputParametersJson(pairs: string[]): string {
  if (pairs.length === 0) return "";
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const eq = p.indexOf("=");
    if (eq < 0) throw invalid(`expected parameter of the form: NAME=VALUE. Received: ${p}`);
    out[p.slice(0, eq)] = unquote(p.slice(eq + 1));
  }
  return JSON.stringify(out);
}

export function registerNode(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("node")
    .description("perform action on a node in a workflow")
    .argument("<action>", "the action: set")
    .argument("<workflow>", "workflow name (@latest for the newest)")
    .option(
      "--node-field-selector <selector>",
      "Selector of node to set, eg: --node-field-selector inputs.parameters.myparam.value=abc",
    )
    .option("--phase <phase>", "Phase to set the node to, eg: --phase Succeeded")
    .option(
      "-p, --output-parameter <name=value>",
      'Set a "supplied" output parameter of node, eg: --output-parameter parameter-name="Hello, world!"',
      collect,
      [],
    )
    .option("-m, --message <message>", 'Set the message of a node, eg: --message "Hello, world!"');
  clientOptions(cmd).action(async (action: string, workflow: string, f: NodeFlags) => {
    if (action !== "set") throw invalid(`unknown action '${action}'`);
    const outputParameters = outputParametersJson(f.outputParameter);
    const nodeFieldSelector = normalisedSelector(f.nodeFieldSelector);
    const conn = connect(f, cli.io);
    await conn.api.workflowAction(conn.namespace, await resolveWorkflowName(conn, workflow), "set", {
      nodeFieldSelector,
      ...(f.message ? { message: f.message } : {}),
      ...(f.phase ? { phase: f.phase } : {}),
      ...(outputParameters ? { outputParameters } : {}),
    });
    cli.io.stdout.write("workflow values set\n");
  });
}
