/** `argosy logs WORKFLOW [POD]`: the pods' log lines as `<pod>: <line>`, or followed with `-f`. */
import type { Command } from "commander";
import { invalid } from "../../util/errors.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  connect,
  resolveWorkflowName,
} from "../context.js";
import { logWorkflow } from "../follow.js";
import { parseDuration } from "../format/humanize.js";

interface LogsFlags extends ClientFlags {
  container: string;
  follow?: boolean;
  previous?: boolean;
  since?: string;
  sinceTime?: string;
  tail?: string;
  grep?: string;
  selector?: string;
  timestamps?: boolean;
  color?: boolean;
}

export function registerLogs(program: Command, cli: CliRuntime): void {
  const cmd = program
    .command("logs")
    .description("view logs of a pod or workflow")
    .argument("<workflow>", "workflow name (@latest for the newest)")
    .argument("[pod]", "only this pod's logs")
    .option("-c, --container <name>", "Print the logs of this container", "main")
    .option("-f, --follow", "Specify if the logs should be streamed.")
    .option("-p, --previous", "Specify if the previously terminated container logs should be returned.")
    .option(
      "--since <duration>",
      "Only return logs newer than a relative duration like 5s, 2m, or 3h. Defaults to all logs.",
    )
    .option("--since-time <time>", "Only return logs after a specific date (RFC3339). Defaults to all logs.")
    .option("--tail <lines>", "If set, the number of lines from the end of the logs to show.")
    .option("--grep <pattern>", "grep for lines")
    .option("-l, --selector <selector>", "log selector for some pod")
    .option("--timestamps", "Include timestamps on each line in the log output")
    .option("--no-color", "Disable colorized output");
  clientOptions(cmd).action(async (workflow: string, pod: string | undefined, flags: LogsFlags) => {
    if (flags.since && flags.sinceTime) throw invalid("--since-time and --since cannot be used together");
    const sinceMs = flags.since ? parseDuration(flags.since) : undefined;
    if (flags.since && sinceMs === undefined)
      throw invalid(`--since must be a duration such as 5s, 2m or 3h, not '${flags.since}'`);
    if (flags.sinceTime && Number.isNaN(Date.parse(flags.sinceTime)))
      throw invalid(`--since-time must be an RFC3339 time, not '${flags.sinceTime}'`);
    const tail = flags.tail === undefined ? -1 : Number(flags.tail);
    if (!Number.isInteger(tail)) throw invalid(`--tail must be a whole number, not '${flags.tail}'`);
    const conn = connect(flags, cli.io);
    await logWorkflow({
      api: conn.api,
      namespace: conn.namespace,
      name: await resolveWorkflowName(conn, workflow),
      io: cli.io,
      ...(pod ? { podName: pod } : {}),
      ...(flags.grep ? { grep: flags.grep } : {}),
      ...(flags.selector ? { selector: flags.selector } : {}),
      noColor: flags.color === false,
      options: {
        container: flags.container,
        ...(flags.follow ? { follow: true } : {}),
        ...(flags.previous ? { previous: true } : {}),
        ...(sinceMs ? { sinceSeconds: Math.floor(sinceMs / 1000) } : {}),
        ...(flags.sinceTime ? { sinceTime: flags.sinceTime } : {}),
        ...(tail >= 0 ? { tailLines: tail } : {}),
        ...(flags.timestamps ? { timestamps: true } : {}),
      },
    });
  });
}
