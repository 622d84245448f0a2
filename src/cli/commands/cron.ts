/** `argosy cron create|get|list|delete|suspend|resume|lint|update`: CronWorkflows on the server. */
import type { Command } from "commander";
import type { CronWorkflow } from "../../spec/types.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { lintKind, loadObjects } from "../object-files.js";
import { cronSummary, cronTable, renderObject } from "../render-objects.js";
import { applySubmitOptions, readParameterFile, workflowOverrideOptions } from "../submit-options.js";

const formats = ["name", "json", "yaml", "wide"];

interface CreateFlags extends ClientFlags {
  output?: string;
  schedule?: string;
  name?: string;
  generateName?: string;
  entrypoint?: string;
  parameter: string[];
  serviceaccount?: string;
  parameterFile?: string;
  labels?: string;
}

/** Applies `--schedule` and the submit options to a cron workflow's workflowSpec, as Argo does. */
export function prepareCron(cwf: CronWorkflow, f: CreateFlags, namespace: string): CronWorkflow {
  const out = structuredClone(cwf);
  if (f.schedule) {
    (out.spec as { schedules?: string[] }).schedules = [f.schedule];
    delete (out.spec as { schedule?: string }).schedule;
  }
  const wf = applySubmitOptions(
    { apiVersion: "argoproj.io/v1alpha1", kind: "Workflow", metadata: {}, spec: out.spec.workflowSpec ?? {} },
    {
      parameters: [...f.parameter, ...(f.parameterFile ? readParameterFile(f.parameterFile) : [])],
      ...(f.entrypoint ? { entrypoint: f.entrypoint } : {}),
      ...(f.serviceaccount ? { serviceAccount: f.serviceaccount } : {}),
      ...(f.labels ? { labels: f.labels } : {}),
    },
  );
  out.spec.workflowSpec = wf.spec;
  if (f.generateName) {
    out.metadata.generateName = f.generateName;
    delete out.metadata.name;
  }
  if (f.name) {
    out.metadata.name = f.name;
    delete out.metadata.generateName;
  }
  out.metadata.namespace ||= namespace;
  return out;
}

export function registerCron(program: Command, cli: CliRuntime): void {
  const group = program.command("cron").description("manage cron workflows");
  const print = (c: CronWorkflow, output?: string) =>
    cli.io.stdout.write(renderObject(c, output, cronSummary));

  const write = async (files: string[], f: CreateFlags, update: boolean) => {
    const conn = connect(f, cli.io);
    const loaded = await loadObjects<CronWorkflow>({
      files,
      kind: "CronWorkflow",
      namespace: conn.namespace,
      stderr: cli.io.stderr,
      noun: "CronWorkflows",
    });
    if (loaded.code) return cli.setCode(loaded.code);
    for (const c of loaded.objects) {
      if (update) {
        const namespace = c.metadata.namespace || conn.namespace;
        const current = await conn.api.getCronWorkflow(namespace, c.metadata.name ?? "").catch((e: Error) => {
          throw new Error(
            `failed to get existing cron workflow "${c.metadata.name}" to update: ${e.message}`,
            { cause: e },
          );
        });
        const body = {
          ...c,
          metadata: { ...c.metadata, namespace, resourceVersion: current.metadata.resourceVersion },
        };
        print(await conn.api.updateCronWorkflow(namespace, body), f.output);
      } else {
        const prepared = prepareCron(c, f, conn.namespace);
        const created = await conn.api
          .createCronWorkflow(prepared.metadata.namespace ?? conn.namespace, prepared)
          .catch((e: Error) => {
            throw new Error(`failed to create cron workflow: ${e.message}`, { cause: e });
          });
        cli.io.stdout.write(cronSummary(created));
      }
    }
  };

  clientOptions(
    workflowOverrideOptions(
      group.command("create").description("create a cron workflow").argument("<files...>"),
    )
      .addOption(outputOption(formats))
      .option("--schedule <cron>", "override cron workflow schedule")
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: CreateFlags) => write(files, f, false));

  clientOptions(
    group
      .command("update")
      .description("update a cron workflow")
      .argument("<files...>")
      .addOption(outputOption(formats))
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: CreateFlags) => write(files, { ...f, parameter: [] }, true));

  clientOptions(
    group
      .command("get")
      .description("display details about a cron workflow")
      .argument("<names...>")
      .addOption(outputOption(formats)),
  ).action(async (names: string[], f: ClientFlags & { output?: string }) => {
    const conn = connect(f, cli.io);
    for (const name of names) print(await conn.api.getCronWorkflow(conn.namespace, name), f.output);
  });

  clientOptions(
    group
      .command("list")
      .description("list cron workflows")
      .option("-A, --all-namespaces", "Show workflows from all namespaces")
      .addOption(outputOption(["wide", "name"]))
      .option(
        "-l, --selector <selector>",
        "Selector (label query) to filter on, supports '=', '==', and '!='",
      ),
  ).action(async (f: ClientFlags & { output?: string; selector?: string }) => {
    const conn = connect(f, cli.io);
    const items = await conn.api.listCronWorkflows(f.allNamespaces ? "" : conn.namespace, {
      ...(f.selector ? { labelSelector: f.selector } : {}),
    });
    if (f.output === "name") cli.io.stdout.write(items.map((c) => `${c.metadata.name}\n`).join(""));
    else cli.io.stdout.write(cronTable(items, Boolean(f.allNamespaces)));
  });

  clientOptions(
    group
      .command("delete")
      .description("delete a cron workflow")
      .argument("[names...]")
      .option("--all", "Delete all cron workflows"),
  ).action(async (names: string[], f: ClientFlags & { all?: boolean }) => {
    const conn = connect(f, cli.io);
    const targets = f.all
      ? (await conn.api.listCronWorkflows(conn.namespace)).map((c) => c.metadata.name ?? "")
      : names;
    for (const name of targets) await conn.api.deleteCronWorkflow(conn.namespace, name);
  });

  for (const action of ["suspend", "resume"] as const) {
    clientOptions(
      group.command(action).description(`${action} zero or more cron workflows`).argument("[names...]"),
    ).action(async (names: string[], f: ClientFlags) => {
      const conn = connect(f, cli.io);
      for (const name of names) {
        await conn.api.cronAction(conn.namespace, name, action);
        cli.io.stdout.write(`CronWorkflow '${name}' ${action === "suspend" ? "suspended" : "resumed"}\n`);
      }
    });
  }

  clientOptions(
    group
      .command("lint")
      .description("validate files or directories of cron workflow manifests")
      .argument("<files...>")
      .option("--strict", "perform strict validation (always on)"),
  ).action(async (files: string[], f: ClientFlags) => {
    const conn = connect(f, cli.io);
    cli.setCode(
      await lintKind({ files, kind: "CronWorkflow", namespace: conn.namespace, out: cli.io.stdout }),
    );
  });
}
