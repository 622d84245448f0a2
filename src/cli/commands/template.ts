/** `argosy template create|get|list|delete|lint|update`: WorkflowTemplates on the server. */
import type { Command } from "commander";
import type { WorkflowTemplate } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { lintKind, loadObjects } from "../object-files.js";
import { renderObject, templateSummary, templateTable } from "../render-objects.js";

const formats = ["name", "json", "yaml", "wide"];
type OutFlags = ClientFlags & { output?: string };

export function registerTemplate(program: Command, cli: CliRuntime): void {
  const group = program.command("template").description("manipulate workflow templates");
  const print = (t: WorkflowTemplate, output?: string) =>
    cli.io.stdout.write(renderObject(t, output, templateSummary));

  const write = async (files: string[], f: OutFlags, update: boolean) => {
    const conn = connect(f, cli.io);
    const loaded = await loadObjects<WorkflowTemplate>({
      files,
      kind: "WorkflowTemplate",
      namespace: conn.namespace,
      stderr: cli.io.stderr,
      noun: "workflow template",
    });
    if (loaded.code) return cli.setCode(loaded.code);
    for (const t of loaded.objects) {
      const namespace = t.metadata.namespace || conn.namespace;
      const body = { ...t, metadata: { ...t.metadata, namespace } };
      if (update) {
        const current = await conn.api
          .getWorkflowTemplate(namespace, t.metadata.name ?? "")
          .catch((e: Error) => {
            throw new Error(
              `failed to get existing workflow template "${t.metadata.name}" to update: ${e.message}`,
              { cause: e },
            );
          });
        if (current.metadata.resourceVersion)
          body.metadata.resourceVersion = current.metadata.resourceVersion;
        print(await conn.api.updateWorkflowTemplate(namespace, body), f.output);
      } else {
        const created = await conn.api.createWorkflowTemplate(namespace, body).catch((e: Error) => {
          throw new Error(`failed to create workflow template: ${e.message}`, { cause: e });
        });
        print(created, f.output);
      }
    }
  };

  clientOptions(
    group
      .command("create")
      .description("create a workflow template")
      .argument("<files...>")
      .addOption(outputOption(formats))
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: OutFlags) => write(files, f, false));

  clientOptions(
    group
      .command("update")
      .description("update a workflow template")
      .argument("<files...>")
      .addOption(outputOption(formats))
      .option("--strict", "perform strict workflow validation (always on)"),
  ).action((files: string[], f: OutFlags) => write(files, f, true));

  clientOptions(
    group
      .command("get")
      .description("display details about a workflow template")
      .argument("<names...>")
      .addOption(outputOption(formats)),
  ).action(async (names: string[], f: OutFlags) => {
    const conn = connect(f, cli.io);
    for (const name of names) print(await conn.api.getWorkflowTemplate(conn.namespace, name), f.output);
  });

  clientOptions(
    group
      .command("list")
      .description("list workflow templates")
      .option("-A, --all-namespaces", "Show workflows from all namespaces")
      .addOption(outputOption(["wide", "name"]))
      .option(
        "-l, --selector <selector>",
        "Selector (label query) to filter on, supports '=', '==', and '!='",
      ),
  ).action(async (f: OutFlags & { selector?: string }) => {
    const conn = connect(f, cli.io);
    const items = await conn.api.listWorkflowTemplates(f.allNamespaces ? "" : conn.namespace, {
      ...(f.selector ? { labelSelector: f.selector } : {}),
    });
    if (f.output === "name") cli.io.stdout.write(items.map((t) => `${t.metadata.name}\n`).join(""));
    else cli.io.stdout.write(templateTable(items, Boolean(f.allNamespaces)));
  });

  clientOptions(
    group
      .command("delete")
      .description("delete a workflow template")
      .argument("[names...]")
      .option("--all", "Delete all workflow templates"),
  ).action(async (names: string[], f: ClientFlags & { all?: boolean }) => {
    const conn = connect(f, cli.io);
    if (!f.all && names.length === 0) throw invalid("requires a workflow template name or --all");
    const targets = f.all
      ? (await conn.api.listWorkflowTemplates(conn.namespace)).map((t) => t.metadata.name ?? "")
      : names;
    for (const name of targets) {
      await conn.api.deleteWorkflowTemplate(conn.namespace, name);
      cli.io.stdout.write(`WorkflowTemplate '${name}' deleted\n`);
    }
  });

  clientOptions(
    group
      .command("lint")
      .description("validate a file or directory of workflow template manifests")
      .argument("<files...>")
      .option("--strict", "perform strict validation (always on)"),
  ).action(async (files: string[], f: ClientFlags) => {
    const conn = connect(f, cli.io);
    cli.setCode(
      await lintKind({ files, kind: "WorkflowTemplate", namespace: conn.namespace, out: cli.io.stdout }),
    );
  });
}
