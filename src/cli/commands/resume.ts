/** `argosy resume WORKFLOW...`: resumes suspended workflows, or the suspend nodes a selector names. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { normalisedSelector } from "./retry.js";

export function registerResume(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("resume")
    .description("resume zero or more workflows (opposite of suspend)")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option(
      "--node-field-selector <selector>",
      "selector of node to resume, eg: --node-field-selector inputs.parameters.myparam.value=abc",
    );
  clientOptions(cmd).action(async (names: string[], f: ClientFlags & { nodeFieldSelector?: string }) => {
    if (names.length === 0 && !f.nodeFieldSelector)
      throw invalid("requires either node field selector or workflow");
    const nodeFieldSelector = normalisedSelector(f.nodeFieldSelector);
    const conn = connect(f, cli.io);
    for (const given of names) {
      const name = await resolveWorkflowName(conn, given);
      try {
        await conn.api.workflowAction(
          conn.namespace,
          name,
          "resume",
          nodeFieldSelector ? { nodeFieldSelector } : {},
        );
      } catch (e) {
        throw new Error(`failed to resume ${name}: ${(e as Error).message}`, { cause: e });
      }
      cli.io.stdout.write(`workflow ${name} resumed\n`);
    }
  });
}
