/** `argosy wait WORKFLOW...`: waits for each to complete; exit 1 when any failed or errored. */
import type { Command } from "commander";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { waitWorkflows } from "../follow.js";

export function registerWait(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("wait")
    .description("waits for workflows to complete")
    .argument("[workflows...]", "workflow names (@latest for the newest)")
    .option("--ignore-not-found", "Ignore the wait if the workflow is not found");
  clientOptions(cmd).action(
    async (workflows: string[], flags: ClientFlags & { ignoreNotFound?: boolean }) => {
      const conn = connect(flags, cli.io);
      const names = await Promise.all(workflows.map((w) => resolveWorkflowName(conn, w)));
      const ok = await waitWorkflows({
        api: conn.api,
        namespace: conn.namespace,
        names,
        io: cli.io,
        ...(flags.ignoreNotFound ? { ignoreNotFound: true } : {}),
      });
      cli.setCode(ok ? 0 : 1);
    },
  );
}
