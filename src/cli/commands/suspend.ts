/** `argosy suspend WORKFLOW...`: pauses workflows (opposite of resume). */
import type { Command } from "commander";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";

export function registerSuspend(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("suspend")
    .description("suspend zero or more workflows (opposite of resume)")
    .argument("[workflows...]", "workflow names (@latest for the newest)");
  clientOptions(cmd).action(async (names: string[], f: ClientFlags) => {
    const conn = connect(f, cli.io);
    for (const given of names) {
      const name = await resolveWorkflowName(conn, given);
      try {
        await conn.api.workflowAction(conn.namespace, name, "suspend");
      } catch (e) {
        throw new Error(`failed to suspend ${name}: ${(e as Error).message}`, { cause: e });
      }
      cli.io.stdout.write(`workflow ${name} suspended\n`);
    }
  });
}
