/**
 * `argosy archive list|get|delete|retry|resubmit|list-label-keys|list-label-values`: archived
 * workflows, named by UID or (resolved through the server) by name.
 */
import type { Command } from "commander";
import { stringify } from "yaml";
import type { Workflow } from "../../spec/types.js";
import { invalid } from "../../util/errors.js";
import type { ArgoApi } from "../client/api.js";
import {
  type ClientFlags,
  type CliRuntime,
  clientOptions,
  collect,
  connect,
  outputOption,
} from "../context.js";
import { type FollowFlags, waitWatchOrLog } from "../follow.js";
import { relativeDuration, timestamp } from "../format/humanize.js";
import { printWorkflow } from "../output.js";
import { field } from "../render-get.js";
import { renderWorkflowList, sortWorkflows } from "../render-list.js";
import { normalisedSelector } from "./retry.js";

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface IdFlags extends ClientFlags {
  name?: boolean;
  uid?: boolean;
}

/** A UID as given, or the UID of the one archived workflow with that name. */
export async function resolveUid(api: ArgoApi, id: string, namespace: string, f: IdFlags): Promise<string> {
  if (f.name && f.uid) throw invalid("--name and --uid cannot be used together");
  if (f.uid || (!f.name && uuid.test(id))) return id;
  const matches = await api.listArchivedWorkflows(namespace, { namePrefix: id, nameFilter: "Exact" });
  const exact = matches.filter((w) => w.metadata.name === id);
  if (exact.length === 0) throw new Error(`resolve UID: archived workflow '${id}' not found`);
  if (exact.length > 1) {
    const lines = exact.map(
      (w) =>
        `  ${w.metadata.uid} (Created: ${timestamp(w.metadata.creationTimestamp)}, Finished: ${timestamp(w.status?.finishedAt)})`,
    );
    throw new Error(
      `resolve UID: Multiple archived workflows found with name '${id}':\n${lines.join("\n")}\nPlease specify the UID.`,
    );
  }
  return exact[0]?.metadata.uid ?? "";
}

/** `archive get`'s summary (no node tree). */
export function archivedSummary(wf: Workflow, nowMs = Date.now()): string {
  const s = wf.status ?? {};
  const sa = (wf.spec as { serviceAccountName?: string }).serviceAccountName;
  const lines = [
    field("Name:", wf.metadata.name ?? ""),
    field("Namespace:", wf.metadata.namespace ?? ""),
    field("ServiceAccount:", sa || "unset (will run with the default ServiceAccount)"),
    field("Status:", s.phase ?? ""),
  ];
  if (s.message) lines.push(field("Message:", s.message));
  lines.push(field("Created:", timestamp(wf.metadata.creationTimestamp, nowMs)));
  if (s.startedAt) lines.push(field("Started:", timestamp(s.startedAt, nowMs)));
  if (s.finishedAt) lines.push(field("Finished:", timestamp(s.finishedAt, nowMs)));
  if (s.startedAt) lines.push(field("Duration:", relativeDuration(s.startedAt, s.finishedAt, nowMs)));
  return `${lines.join("\n")}\n`;
}

interface AgainFlags extends IdFlags, FollowFlags {
  parameter: string[];
  memoized?: boolean;
  priority?: string;
  restartSuccessful?: boolean;
  nodeFieldSelector?: string;
  selector?: string;
}

function registerAgain(group: Command, cli: CliRuntime, action: "retry" | "resubmit"): void {
  const cmd = group
    .command(action)
    .description(action === "retry" ? "retry zero or more workflows" : "resubmit one or more workflows")
    .argument("[workflows...]", "UIDs or names")
    .option(
      "-p, --parameter <name=value>",
      "input parameter to override on the original workflow spec",
      collect,
      [],
    )
    .addOption(outputOption(["name", "json", "yaml", "wide"]))
    .option("-w, --wait", "wait for the workflow to complete")
    .option("--watch", "watch the workflow until it completes")
    .option("--log", "log the workflow until it completes")
    .option("-l, --selector <selector>", "Selector (label query) to filter on")
    .option("--name", "force the argument to be treated as a name")
    .option("--uid", "force the argument to be treated as a UID");
  if (action === "retry")
    cmd
      .option(
        "--restart-successful",
        "indicates to restart successful nodes matching the --node-field-selector",
      )
      .option("--node-field-selector <selector>", "selector of nodes to reset");
  else
    cmd
      .option("--memoized", "re-use successful steps & outputs from the previous run")
      .option("--priority <n>", "workflow priority");
  clientOptions(cmd).action(async (ids: string[], f: AgainFlags) => {
    if (ids.length === 0 && !f.selector) throw invalid("requires either selector or workflow");
    const conn = connect(f, cli.io);
    const uids: string[] = [];
    if (f.selector)
      uids.push(
        ...(await conn.api.listArchivedWorkflows(conn.namespace, { labelSelector: f.selector })).map(
          (w) => w.metadata.uid ?? "",
        ),
      );
    for (const id of ids) uids.push(await resolveUid(conn.api, id, conn.namespace, f));
    const unique = [...new Set(uids)];
    let last: Workflow | undefined;
    for (const uid of unique) {
      const body =
        action === "retry"
          ? {
              namespace: conn.namespace,
              restartSuccessful: Boolean(f.restartSuccessful),
              nodeFieldSelector: normalisedSelector(f.nodeFieldSelector),
              parameters: f.parameter,
            }
          : { namespace: conn.namespace, memoized: Boolean(f.memoized), parameters: f.parameter };
      last = await conn.api.archivedAction(uid, action, body);
      printWorkflow(last, f.output, cli.io.stdout, { jsonIndent: 4 });
    }
    if (unique.length === 1 && last) {
      const namespace = last.metadata.namespace || conn.namespace;
      const names = [last.metadata.name ?? ""];
      cli.setCode(await waitWatchOrLog({ api: conn.api, namespace, names, io: cli.io, flags: f }));
    }
  });
}

export function registerArchive(program: Command, cli: CliRuntime): void {
  const group = program.command("archive").description("manage the workflow archive");

  clientOptions(
    group
      .command("list")
      .description("list workflows in the archive")
      .addOption(outputOption(["name", "json", "yaml", "wide"]).default("wide"))
      .option(
        "-l, --selector <selector>",
        "Selector (label query) to filter on, supports '=', '==', and '!='",
      )
      .option("--chunk-size <n>", "Return large lists in chunks rather than all at once. Pass 0 to disable."),
  ).action(async (f: ClientFlags & { output: string; selector?: string; chunkSize?: string }) => {
    const conn = connect(f, cli.io);
    const items = await conn.api.listArchivedWorkflows(conn.namespace, {
      ...(f.selector ? { labelSelector: f.selector } : {}),
      ...(f.chunkSize ? { limit: Number(f.chunkSize) } : {}),
    });
    cli.io.stdout.write(
      renderWorkflowList(sortWorkflows(items), { output: f.output, namespace: true, uid: true }),
    );
  });

  clientOptions(
    group
      .command("get")
      .description("get a workflow in the archive")
      .argument("<workflow>", "UID or name")
      .addOption(outputOption(["json", "yaml", "wide"]).default("wide"))
      .option("--name", "force the argument to be treated as a name")
      .option("--uid", "force the argument to be treated as a UID"),
  ).action(async (id: string, f: IdFlags & { output: string }) => {
    const conn = connect(f, cli.io);
    const wf = await conn.api.getArchivedWorkflow(
      await resolveUid(conn.api, id, conn.namespace, f),
      conn.namespace,
    );
    if (f.output === "json") cli.io.stdout.write(`${JSON.stringify(wf)}\n`);
    else if (f.output === "yaml") cli.io.stdout.write(`${stringify(wf)}\n`);
    else cli.io.stdout.write(archivedSummary(wf));
  });

  clientOptions(
    group
      .command("delete")
      .description("delete a workflow in the archive")
      .argument("<workflows...>", "UIDs or names")
      .option("--name", "force the argument to be treated as a name")
      .option("--uid", "force the argument to be treated as a UID"),
  ).action(async (ids: string[], f: IdFlags) => {
    const conn = connect(f, cli.io);
    for (const id of ids) {
      await conn.api.deleteArchivedWorkflow(
        await resolveUid(conn.api, id, conn.namespace, f),
        conn.namespace,
      );
      cli.io.stdout.write(`Archived workflow '${id}' deleted\n`);
    }
  });

  registerAgain(group, cli, "retry");
  registerAgain(group, cli, "resubmit");

  clientOptions(
    group.command("list-label-keys").description("list workflows label keys in the archive"),
  ).action(async (f: ClientFlags) => {
    const conn = connect(f, cli.io);
    const keys = await conn.api.http.json<{ items?: string[] | null }>(
      "GET",
      "/api/v1/archived-workflows-label-keys",
      {
        query: { namespace: conn.namespace },
      },
    );
    cli.io.stdout.write((keys.items ?? []).map((k) => `${k}\n`).join(""));
  });

  clientOptions(
    group
      .command("list-label-values")
      .description("get workflow label values in the archive")
      .requiredOption(
        "-l, --selector <key>",
        "Selector (label query) to query on, allows 1 value (e.g. -l key1)",
      ),
  ).action(async (f: ClientFlags & { selector: string }) => {
    const conn = connect(f, cli.io);
    const values = await conn.api.http.json<{ items?: string[] | null }>(
      "GET",
      "/api/v1/archived-workflows-label-values",
      {
        query: { "listOptions.labelSelector": f.selector, namespace: conn.namespace },
      },
    );
    cli.io.stdout.write((values.items ?? []).map((v) => `${v}\n`).join(""));
  });
}
