/** `argosy cluster-template create|get|list|delete|lint|update`: ClusterWorkflowTemplates. */
import type { Command } from "commander";
import type { WorkflowTemplate } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { lintKind, loadObjects } from "../object-files.js";
import { renderObject, templateSummary, templateTable } from "../render-objects.js";

const formats = ["name", "json", "yaml", "wide"];
type OutFlags = ClientFlags & { output?: string };

export function registerClusterTemplate(program: Command, cli: CliRuntime): void {
  const group = program
    .command("cluster-template")
    .alias("cwftmpl")
    .description("manipulate cluster workflow templates");
  const print = (t: WorkflowTemplate, output?: string) =>
    cli.io.stdout.write(renderObject(t, output, templateSummary));

  const write = async (files: string[], f: OutFlags, update: boolean) => {
    const conn = connect(f, cli.io);
    const loaded = await loadObjects<WorkflowTemplate>({
      files,
      kind: "ClusterWorkflowTemplate",
      namespace: conn.namespace,
      stderr: cli.io.stderr,
      noun: "cluster workflow template",
    });
    if (loaded.code) return cli.setCode(loaded.code);
    for (const t of loaded.objects) {
      if (update) {
        const current = await conn.api.getClusterWorkflowTemplate(t.metadata.name ?? "").catch((e: Error) => {
          throw new Error(
            `failed to get existing cluster workflow template "${t.metadata.name}" to update: ${e.message}`,
            { cause: e },
          );
        });
        const body = { ...t, metadata: { ...t.metadata, resourceVersion: current.metadata.resourceVersion } };
        print(await conn.api.updateClusterWorkflowTemplate(body), f.output);
      } else {
        const created = await conn.api.createClusterWorkflowTemplate(t).catch((e: Error) => {
          throw new Error(`failed to create cluster workflow template: ${e.message}`, { cause: e });
        });
        print(created, f.output);
      }
    }
  };

  clientOptions(
    group
      .command("create")
      .description("create a cluster workflow template")
      .argument("<files...>")
      .addOption(outputOption(formats))
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: OutFlags) => write(files, f, false));

  clientOptions(
    group
      .command("update")
      .description("update a cluster workflow template")
      .argument("<files...>")
      .addOption(outputOption(formats))
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: OutFlags) => write(files, f, true));

  clientOptions(
    group
      .command("get")
      .description("display details about a cluster workflow template")
      .argument("<names...>")
      .addOption(outputOption(formats)),
  ).action(async (names: string[], f: OutFlags) => {
    const conn = connect(f, cli.io);
    for (const name of names) print(await conn.api.getClusterWorkflowTemplate(name), f.output);
  });

  clientOptions(
    group
      .command("list")
      .description("list cluster workflow templates")
      .addOption(outputOption(["wide", "name"])),
  ).action(async (f: OutFlags) => {
    const conn = connect(f, cli.io);
    const items = await conn.api.listClusterWorkflowTemplates();
    if (f.output === "name") cli.io.stdout.write(items.map((t) => `${t.metadata.name}\n`).join(""));
    else cli.io.stdout.write(templateTable(items));
  });

  clientOptions(
    group
      .command("delete")
      .description("delete a cluster workflow template")
      .argument("[names...]")
      .option("--all", "Delete all cluster workflow templates"),
  ).action(async (names: string[], f: ClientFlags & { all?: boolean }) => {
    const conn = connect(f, cli.io);
    if (!f.all && names.length === 0) throw invalid("requires a cluster workflow template name or --all");
    const targets = f.all
      ? (await conn.api.listClusterWorkflowTemplates()).map((t) => t.metadata.name ?? "")
      : names;
    for (const name of targets) {
      await conn.api.deleteClusterWorkflowTemplate(name);
      cli.io.stdout.write(`ClusterWorkflowTemplate '${name}' deleted\n`);
    }
  });

  clientOptions(
    group
      .command("lint")
      .description("validate files or directories of cluster workflow template manifests")
      .argument("<files...>")
      .option("--strict", "perform strict validation (always on)"),
  ).action(async (files: string[], f: ClientFlags) => {
    const conn = connect(f, cli.io);
    cli.setCode(
      await lintKind({
        files,
        kind: "ClusterWorkflowTemplate",
        namespace: conn.namespace,
        out: cli.io.stdout,
      }),
    );
  });
}
