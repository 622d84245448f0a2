/**
 * The `argosy` command line. Each command module registers itself; errors are printed once,
 * here, as `Error: …` (Argo's wording). Exit codes: 0 success; 1 a failed workflow or an error
 * from the server (as Argo's CLI); 2 bad input (usage, an invalid manifest, a bad flag value).
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { Command, Option } from "commander";
import { type Config, loadConfig } from "../config/config.js";
import { isArgosyError } from "../util/errors.js";
import { registerArchive } from "./commands/archive.js";
import { registerAuthCommands } from "./commands/auth.js";
import { registerClusterTemplate } from "./commands/cluster-template.js";
import { registerCompletion } from "./commands/completion.js";
import { registerCp } from "./commands/cp.js";
import { registerCron } from "./commands/cron.js";
import { registerDelete } from "./commands/delete.js";
import { registerEventKinds } from "./commands/event-kinds.js";
import { exprCommand } from "./commands/expr.js";
import { registerGet } from "./commands/get.js";
import { lintCommand } from "./commands/lint.js";
import { registerList } from "./commands/list.js";
import { registerLogs } from "./commands/logs.js";
import { registerNode } from "./commands/node.js";
import { registerResubmit } from "./commands/resubmit.js";
import { registerResume } from "./commands/resume.js";
import { registerRetry } from "./commands/retry.js";
import type { Io as RunIo } from "./commands/run.js";
import { registerStop } from "./commands/stop.js";
import { registerSubmit } from "./commands/submit.js";
import { registerSuspend } from "./commands/suspend.js";
import { registerTemplate } from "./commands/template.js";
import { registerTerminate } from "./commands/terminate.js";
import { registerWait } from "./commands/wait.js";
import { registerWatch } from "./commands/watch.js";
import type { CliIo, CliRuntime } from "./context.js";
import { collect } from "./context.js";
import { version } from "./version.js";

/** Commands that run without a server: run, lint, expr, server, version. */
function registerLocal(program: Command, cli: CliRuntime, config: (flags?: Partial<Config>) => Config): void {
  // run and server write to real streams (live views, long-running output).
  const io = cli.io as unknown as RunIo;
  program
    .command("run")
    .description("run a workflow to completion in this process (no server) and print it")
    .argument("[file]", "file holding the Workflow to run")
    .option(
      "--load <file>",
      "also load the templates, ConfigMaps and Secrets of FILE (repeatable)",
      collect,
      [],
    )
    .option(
      "--from <kind/name>",
      "run a workflow made from a loaded workflowtemplate, clusterworkflowtemplate or cronworkflow",
    )
    .option("-p, --parameter <name=value>", "set a workflow argument (repeatable)", collect, [])
    .option("-f, --parameter-file <file>", "YAML or JSON file of workflow arguments")
    .option("--entrypoint <template>", "override spec.entrypoint")
    .option("-n, --namespace <namespace>", "namespace of the workflow")
    .addOption(
      new Option("-o, --output <format>", "print the final workflow as").choices([
        "json",
        "yaml",
        "name",
        "wide",
      ]),
    )
    .option("--log", "print each pod's logs when it finishes")
    .addOption(new Option("--sandbox <mode>", "how pods are isolated").choices(["auto", "bwrap", "none"]))
    .option("--keep", "keep the private store and pod directories (their path is printed)")
    .action(async (file: string | undefined, opts) => {
      const cfg = config(opts.sandbox ? { sandbox: opts.sandbox } : {});
      // Loaded on use: the in-process controller and the server are the heaviest imports.
      const { runCommand } = await import("./commands/run.js");
      cli.setCode(await runCommand(file, opts, cfg, io));
    });

  program
    .command("lint")
    .description("check manifests and print every problem with its line")
    .argument("<files...>", "files to check")
    .option("-n, --namespace <namespace>", "namespace for templateRef lookups")
    .action(async (files: string[], opts: { namespace?: string }) => {
      cli.setCode(
        await lintCommand(
          files,
          opts.namespace ?? config().namespace,
          cli.io.stdout as NodeJS.WritableStream,
        ),
      );
    });

  program
    .command("expr")
    .description("evaluate an expression or a {{…}} template string")
    .argument("<expression>", "an expr-lang expression, or text with {{…}} tags")
    .option("--vars <file>", "JSON file of variables")
    .option("-v, --var <name=value>", "set a variable; dotted names nest (repeatable)", collect, [])
    .action((expression: string, opts: { vars?: string; var: string[] }) => {
      const vars = opts.vars ? (JSON.parse(readFileSync(opts.vars, "utf8")) as Record<string, unknown>) : {};
      cli.setCode(exprCommand(expression, vars, opts.var, io));
    });

  // ── Wired by the lead: `argosy server` (src/cli/commands/server.ts) ──
  program
    .command("server")
    .description("run the controller and the Argo-Server-compatible REST API on 127.0.0.1:2746")
    .option("--port <port>", "port to listen on (0 picks a free one)", "2746")
    .option("--host <host>", "address to bind", "127.0.0.1")
    .option("--auth-mode <mode>", "server (no auth) or client (bearer tokens)", "server")
    .option("--namespaced", "serve one namespace only (with --managed-namespace)")
    .option("--managed-namespace <namespace>", "only serve this namespace")
    .option("--no-access-log", "do not log each request")
    .action(async (opts) => {
      const { serverCommand } = await import("./commands/server.js");
      cli.setCode(await serverCommand(opts, config(), io));
    });

  // ── `argosy auth token …` (src/cli/commands/auth.ts) ──
  registerAuthCommands(program, {
    config,
    io: cli.io as unknown as { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
    setCode: cli.setCode,
  });

  program
    .command("version")
    .description("print the version")
    .action(() => {
      cli.io.stdout.write(`argosy: v${version}\n`);
    });
}

/** Commands that talk to an Argo Server (`argosy server`, or Argo's own). */
function registerClient(program: Command, cli: CliRuntime): void {
  for (const register of [
    registerSubmit,
    registerList,
    registerGet,
    registerLogs,
    registerWatch,
    registerWait,
    registerDelete,
    registerRetry,
    registerResubmit,
    registerSuspend,
    registerResume,
    registerStop,
    registerTerminate,
    registerNode,
    registerTemplate,
    registerClusterTemplate,
    registerCron,
    registerArchive,
    registerCp,
    registerEventKinds,
  ])
    register(program, cli);
  registerCompletion(program, cli);
}

function buildProgram(cli: CliRuntime): Command {
  const config = (flags: Partial<Config> = {}): Config => loadConfig(flags, cli.io.env, cpus().length);
  const program = new Command("argosy")
    .description("Run Argo Workflows manifests anywhere: on this machine, on several, or on Kubernetes")
    .version(version, "--version")
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void cli.io.stdout.write(s),
      writeErr: (s) => void cli.io.stderr.write(s),
    });
  registerLocal(program, cli, config);
  registerClient(program, cli);
  return program;
}

const processIo = (): CliIo => ({ stdout: process.stdout, stderr: process.stderr, env: process.env });

/** Runs the CLI on `argv` (node, script, args…) and resolves with the exit code. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let code = 0;
  const program = buildProgram({
    io,
    setCode: (c) => {
      code = c;
    },
  });
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
    }
    io.stderr.write(`Error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (isArgosyError(e) && (e.code === "Invalid" || e.code === "NotFound")) return 2;
    return 1;
  }
  return code;
}
