/**
 * The `argosy` command line. Each command returns an exit code; errors are printed once, here,
 * with exit code 2 for bad input and 1 for anything else.
 */
import { readFileSync } from "node:fs";
import { cpus } from "node:os";
import { Command, Option } from "commander";
import { type Config, loadConfig } from "../config/config.js";
import { isArgosyError } from "../util/errors.js";
import { exprCommand } from "./commands/expr.js";
import { lintCommand } from "./commands/lint.js";
import { runCommand } from "./commands/run.js";
import { version } from "./version.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function buildProgram(setCode: (code: number) => void): Command {
  const io = { stdout: process.stdout, stderr: process.stderr };
  const config = (flags: Partial<Config> = {}): Config => loadConfig(flags, process.env, cpus().length);
  const program = new Command("argosy")
    .description("Run Argo Workflows manifests anywhere: on this machine, on several, or on Kubernetes")
    .version(version, "--version")
    .showHelpAfterError();

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
      setCode(await runCommand(file, opts, cfg, io));
    });

  program
    .command("lint")
    .description("check manifests and print every problem with its line")
    .argument("<files...>", "files to check")
    .option("-n, --namespace <namespace>", "namespace for templateRef lookups")
    .action(async (files: string[], opts: { namespace?: string }) => {
      setCode(await lintCommand(files, opts.namespace ?? config().namespace, io.stdout));
    });

  program
    .command("expr")
    .description("evaluate an expression or a {{…}} template string")
    .argument("<expression>", "an expr-lang expression, or text with {{…}} tags")
    .option("--vars <file>", "JSON file of variables")
    .option("-v, --var <name=value>", "set a variable; dotted names nest (repeatable)", collect, [])
    .action((expression: string, opts: { vars?: string; var: string[] }) => {
      const vars = opts.vars ? (JSON.parse(readFileSync(opts.vars, "utf8")) as Record<string, unknown>) : {};
      setCode(exprCommand(expression, vars, opts.var, io));
    });

  program
    .command("version")
    .description("print the version")
    .action(() => {
      io.stdout.write(`argosy: v${version}\n`);
    });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = buildProgram((c) => {
    code = c;
  });
  program.exitOverride();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    const err = e as { code?: string; exitCode?: number };
    if (typeof err.code === "string" && err.code.startsWith("commander.")) {
      return err.code === "commander.helpDisplayed" || err.code === "commander.version" ? 0 : 2;
    }
    process.stderr.write(`argosy: ${e instanceof Error ? e.message : String(e)}\n`);
    if (isArgosyError(e) && (e.code === "Invalid" || e.code === "NotFound")) return 2;
    return 1;
  }
  return code;
}
