/**
 * `argosy eventsource|sensor|eventbus create|get|list|delete|logs`: Argo Events' kinds on the
 * server (Argo Server's `/api/v1/event-sources/{ns}`, `/api/v1/sensors/{ns}`, and Argosy's
 * `/api/v1/event-buses/{ns}`). Files are validated before anything is sent. `logs` prints the
 * events controller's log of one EventSource or Sensor: what happened to each event and why
 * (`-f` keeps following it).
 */
import type { Command } from "commander";
import type { StoredObject } from "../../store/types.js";
import { invalid } from "../../util/errors.js";
import type { ArgoApi } from "../client/api.js";
import { decodeStream } from "../client/stream.js";
import { type ClientFlags, type CliRuntime, clientOptions, connect, outputOption } from "../context.js";
import { shortDuration, timestamp } from "../format/humanize.js";
import { formatTable } from "../format/table.js";
import { loadObjects } from "../object-files.js";
import { field } from "../render-get.js";
import { renderObject } from "../render-objects.js";

interface EventKind {
  kind: "EventSource" | "Sensor" | "EventBus";
  command: string;
  aliases: string[];
  noun: string;
  path: string;
  /** The request body field holding the object. */
  field: string;
  /** The logs path, for kinds that have logs. */
  logs?: string;
}

const kinds: EventKind[] = [
  {
    kind: "EventSource",
    command: "eventsource",
    aliases: ["es", "event-source"],
    noun: "event source",
    path: "/api/v1/event-sources",
    field: "eventSource",
    logs: "/api/v1/stream/event-sources",
  },
  {
    kind: "Sensor",
    command: "sensor",
    aliases: ["sn"],
    noun: "sensor",
    path: "/api/v1/sensors",
    field: "sensor",
    logs: "/api/v1/stream/sensors",
  },
  {
    kind: "EventBus",
    command: "eventbus",
    aliases: ["eb"],
    noun: "event bus",
    path: "/api/v1/event-buses",
    field: "eventBus",
  },
];

type OutFlags = ClientFlags & { output?: string };
const seg = encodeURIComponent;

/** `-o name|json|yaml`, or a short summary (name, namespace, creation time). */
function render(obj: StoredObject, output: string | undefined): string {
  const summary = () =>
    `${[
      field("Name:", obj.metadata.name ?? ""),
      field("Namespace:", obj.metadata.namespace ?? ""),
      field("Created:", timestamp(obj.metadata.creationTimestamp, Date.now())),
    ].join("\n")}\n`;
  return renderObject(obj as never, output, summary);
}

/** What an object runs, for the list's third column. */
function summary(k: EventKind, o: StoredObject): string {
  const spec = (o.spec ?? {}) as Record<string, unknown>;
  if (k.kind === "Sensor") {
    const deps = Array.isArray(spec.dependencies) ? spec.dependencies.length : 0;
    const triggers = Array.isArray(spec.triggers) ? spec.triggers.length : 0;
    return `${deps} dependencies, ${triggers} triggers`;
  }
  if (k.kind === "EventBus")
    return spec.jetstreamExotic ? "jetstream (external)" : spec.jetstream ? "jetstream" : "embedded";
  const skip = new Set(["eventBusName", "template", "service", "replicas"]);
  return Object.entries(spec)
    .filter(([key, v]) => !skip.has(key) && v && typeof v === "object")
    .map(([key, v]) => `${key}(${Object.keys(v as object).join(",")})`)
    .join(" ");
}

function register(program: Command, cli: CliRuntime, k: EventKind): void {
  const group = program.command(k.command).description(`manage ${k.noun}s`).aliases(k.aliases);
  const api = (f: ClientFlags) => connect(f, cli.io);
  const one = (a: ArgoApi, ns: string, name: string) =>
    a.http.json<StoredObject>("GET", `${k.path}/${seg(ns)}/${seg(name)}`);

  clientOptions(
    group
      .command("create")
      .description(`create ${k.noun}s from files`)
      .argument("<files...>")
      .addOption(outputOption(["name", "json", "yaml", "wide"])),
  ).action(async (files: string[], f: OutFlags) => {
    const conn = api(f);
    const loaded = await loadObjects<StoredObject>({
      files,
      kind: k.kind,
      namespace: conn.namespace,
      stderr: cli.io.stderr,
      noun: k.noun,
    });
    if (loaded.code) return cli.setCode(loaded.code);
    for (const o of loaded.objects) {
      const namespace = o.metadata.namespace || conn.namespace;
      const body = { namespace, [k.field]: { ...o, metadata: { ...o.metadata, namespace } } };
      const created = await conn.api.http
        .json<StoredObject>("POST", `${k.path}/${seg(namespace)}`, { body })
        .catch((e: Error) => {
          throw new Error(`failed to create ${k.noun}: ${e.message}`, { cause: e });
        });
      cli.io.stdout.write(render(created, f.output));
    }
  });

  clientOptions(
    group
      .command("get")
      .description(`display a ${k.noun}`)
      .argument("<names...>")
      .addOption(outputOption(["name", "json", "yaml", "wide"])),
  ).action(async (names: string[], f: OutFlags) => {
    const conn = api(f);
    for (const name of names)
      cli.io.stdout.write(render(await one(conn.api, conn.namespace, name), f.output));
  });

  clientOptions(
    group
      .command("list")
      .description(`list ${k.noun}s`)
      .option("-A, --all-namespaces", "list in every namespace")
      .addOption(outputOption(["name", "wide"])),
  ).action(async (f: OutFlags & { allNamespaces?: boolean }) => {
    const conn = api(f);
    const ns = f.allNamespaces ? "" : conn.namespace;
    const list = await conn.api.http.json<{ items?: StoredObject[] | null }>("GET", `${k.path}/${seg(ns)}`);
    const items = list.items ?? [];
    if (f.output === "name")
      return void cli.io.stdout.write(items.map((o) => `${o.metadata.name}\n`).join(""));
    const rows = [[...(f.allNamespaces ? ["NAMESPACE"] : []), "NAME", "AGE", "SPEC"]];
    for (const o of items) {
      rows.push([
        ...(f.allNamespaces ? [o.metadata.namespace ?? ""] : []),
        o.metadata.name ?? "",
        shortDuration(o.metadata.creationTimestamp),
        summary(k, o),
      ]);
    }
    cli.io.stdout.write(formatTable(rows, 3));
  });

  clientOptions(
    group
      .command("delete")
      .description(`delete ${k.noun}s`)
      .argument("[names...]")
      .option("--all", `delete every ${k.noun}`),
  ).action(async (names: string[], f: ClientFlags & { all?: boolean }) => {
    const conn = api(f);
    if (!f.all && names.length === 0) throw invalid(`requires a ${k.noun} name or --all`);
    const targets = f.all
      ? (
          (
            await conn.api.http.json<{ items?: StoredObject[] | null }>(
              "GET",
              `${k.path}/${seg(conn.namespace)}`,
            )
          ).items ?? []
        ).map((o) => o.metadata.name ?? "")
      : names;
    for (const name of targets) {
      await conn.api.http.json("DELETE", `${k.path}/${seg(conn.namespace)}/${seg(name)}`);
      cli.io.stdout.write(`${k.kind} '${name}' deleted\n`);
    }
  });

  const logsPath = k.logs;
  if (logsPath === undefined) return;
  const logs = group
    .command("logs")
    .description(
      `print what the ${k.noun} did with each event (published, filtered and why, triggered, failed)`,
    )
    .argument("<name>")
    .option("-f, --follow", "keep printing new entries")
    .option("--grep <regexp>", "only entries whose message matches")
    .option("--tail <n>", "only the last n entries")
    .option("-o, --output <format>", "text or json", "text");
  if (k.kind === "Sensor") logs.option("--trigger-name <name>", "only entries of this trigger");
  else logs.option("--event-name <name>", "only entries of this event");
  clientOptions(logs).action(
    async (
      name: string,
      f: ClientFlags & {
        follow?: boolean;
        grep?: string;
        tail?: string;
        output?: string;
        triggerName?: string;
        eventName?: string;
      },
    ) => {
      const conn = api(f);
      const body = await conn.api.http.stream(`${logsPath}/${seg(conn.namespace)}/logs`, {
        name,
        grep: f.grep,
        triggerName: f.triggerName,
        eventName: f.eventName,
        "podLogOptions.follow": f.follow ? "true" : undefined,
        "podLogOptions.tailLines": f.tail,
      });
      // Each message's `result` is one log entry.
      for await (const e of decodeStream(body) as AsyncIterable<Record<string, string> | undefined>) {
        if (!e) continue;
        if (f.output === "json") {
          cli.io.stdout.write(`${JSON.stringify(e)}\n`);
          continue;
        }
        const where = [
          e.eventName,
          e.dependencyName && `dep=${e.dependencyName}`,
          e.triggerName && `trigger=${e.triggerName}`,
        ]
          .filter(Boolean)
          .join(" ");
        cli.io.stdout.write(
          `${e.time} ${String(e.level).toUpperCase().padEnd(5)} ${where ? `[${where}] ` : ""}${e.msg}\n`,
        );
      }
    },
  );
}

export function registerEventKinds(program: Command, cli: CliRuntime): void {
  for (const k of kinds) register(program, cli, k);
}
