/**
 * `template …` and `cluster-template …` share every verb (create, update, get, list, delete, lint);
 * they differ in the kind, the words used and whether a namespace is involved. This registers the
 * verbs once for a {@link TemplateKind}.
 */
import type { Command } from "commander";
import type { WorkflowTemplate } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import type { ArgoApi as ApiClient } from "../client/api.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { lintKind, loadObjects } from "../object-files.js";
import { renderObject, templateSummary, templateTable } from "../render-objects.js";

const formats = ["name", "json", "yaml", "wide"];
type OutFlags = ClientFlags & { output?: string };

/** How one template kind is reached on the server; `namespace` is "" for all namespaces (list) or cluster scope. */
export interface TemplateKind {
  kind: "WorkflowTemplate" | "ClusterWorkflowTemplate";
  command: string;
  alias?: string;
  /** The noun in messages: "workflow template". */
  noun: string;
  namespaced: boolean;
  get(api: ApiClient, namespace: string, name: string): Promise<WorkflowTemplate>;
  create(api: ApiClient, namespace: string, t: WorkflowTemplate): Promise<WorkflowTemplate>;
  update(api: ApiClient, namespace: string, t: WorkflowTemplate): Promise<WorkflowTemplate>;
  list(api: ApiClient, namespace: string, labelSelector?: string): Promise<WorkflowTemplate[]>;
  delete(api: ApiClient, namespace: string, name: string): Promise<void>;
}

export function registerTemplateKind(program: Command, cli: CliRuntime, k: TemplateKind): void {
  const group = program.command(k.command).description(`manipulate ${k.noun}s`);
  if (k.alias) group.alias(k.alias);
  const print = (t: WorkflowTemplate, output?: string) =>
    cli.io.stdout.write(renderObject(t, output, templateSummary));

  const write = async (files: string[], f: OutFlags, update: boolean) => {
    const conn = connect(f, cli.io);
    const loaded = await loadObjects<WorkflowTemplate>({
      files,
      kind: k.kind,
      namespace: conn.namespace,
      stderr: cli.io.stderr,
      noun: k.noun,
    });
    if (loaded.code) return cli.setCode(loaded.code);
    for (const t of loaded.objects) {
      const namespace = k.namespaced ? t.metadata.namespace || conn.namespace : "";
      const body = { ...t, metadata: { ...t.metadata, ...(k.namespaced ? { namespace } : {}) } };
      if (update) {
        const current = await k.get(conn.api, namespace, t.metadata.name ?? "").catch((e: Error) => {
          throw new Error(`failed to get existing ${k.noun} "${t.metadata.name}" to update: ${e.message}`, {
            cause: e,
          });
        });
        if (current.metadata.resourceVersion)
          body.metadata.resourceVersion = current.metadata.resourceVersion;
        print(await k.update(conn.api, namespace, body), f.output);
      } else {
        const created = await k.create(conn.api, namespace, body).catch((e: Error) => {
          throw new Error(`failed to create ${k.noun}: ${e.message}`, { cause: e });
        });
        print(created, f.output);
      }
    }
  };

  for (const verb of ["create", "update"] as const) {
    clientOptions(
      group
        .command(verb)
        .description(`${verb} a ${k.noun}`)
        .argument("<files...>")
        .addOption(outputOption(formats))
        .option("--strict", "perform strict workflow validation (always on)"),
    ).action((files: string[], f: OutFlags) => write(files, f, verb === "update"));
  }

  clientOptions(
    group
      .command("get")
      .description(`display details about a ${k.noun}`)
      .argument("<names...>")
      .addOption(outputOption(formats)),
  ).action(async (names: string[], f: OutFlags) => {
    const conn = connect(f, cli.io);
    const namespace = k.namespaced ? conn.namespace : "";
    for (const name of names) print(await k.get(conn.api, namespace, name), f.output);
  });

  const list = group.command("list").description(`list ${k.noun}s`);
  if (k.namespaced) list.option("-A, --all-namespaces", "Show workflows from all namespaces");
  list.addOption(outputOption(["wide", "name"]));
  if (k.namespaced)
    list.option(
      "-l, --selector <selector>",
      "Selector (label query) to filter on, supports '=', '==', and '!='",
    );
  clientOptions(list).action(async (f: OutFlags & { selector?: string }) => {
    const conn = connect(f, cli.io);
    const namespace = k.namespaced && !f.allNamespaces ? conn.namespace : "";
    const items = await k.list(conn.api, namespace, f.selector);
    if (f.output === "name") cli.io.stdout.write(items.map((t) => `${t.metadata.name}\n`).join(""));
    else cli.io.stdout.write(templateTable(items, Boolean(k.namespaced && f.allNamespaces)));
  });

  clientOptions(
    group
      .command("delete")
      .description(`delete a ${k.noun}`)
      .argument("[names...]")
      .option("--all", `Delete all ${k.noun}s`),
  ).action(async (names: string[], f: ClientFlags & { all?: boolean }) => {
    const conn = connect(f, cli.io);
    const namespace = k.namespaced ? conn.namespace : "";
    if (!f.all && names.length === 0) throw invalid(`requires a ${k.noun} name or --all`);
    const targets = f.all ? (await k.list(conn.api, namespace)).map((t) => t.metadata.name ?? "") : names;
    for (const name of targets) {
      await k.delete(conn.api, namespace, name);
      cli.io.stdout.write(`${k.kind} '${name}' deleted\n`);
    }
  });

  clientOptions(
    group
      .command("lint")
      .description(`validate files or directories of ${k.noun} manifests`)
      .argument("<files...>")
      .option("--strict", "perform strict validation (always on)"),
  ).action(async (files: string[], f: ClientFlags) => {
    const conn = connect(f, cli.io);
    cli.setCode(await lintKind({ files, kind: k.kind, namespace: conn.namespace, out: cli.io.stdout }));
  });
}
