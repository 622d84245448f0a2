/**
 * What every client command shares: the output streams, the environment, Argo's connection flags
 * (`--argo-server`, `--token`, `-e/--secure`, `-k`, `-n`, …), and the connection made from them
 * and the configuration. Commands register themselves on the program through `CliRuntime`.
 */
import { type Command, Option } from "commander";
import { loadConfig } from "../config/config.js";
import { invalid } from "../util/errors.js";
import { ArgoApi } from "./client/api.js";

/** A stream the CLI writes to (process.stdout or a test's buffer). */
export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  /** The environment configuration is read from. */
  env: NodeJS.ProcessEnv;
}

/** Handed to each command module's `register` function. */
export interface CliRuntime {
  io: CliIo;
  /** Sets the process's exit code (the last call wins). */
  setCode(code: number): void;
}

export interface ClientFlags {
  argoServer?: string;
  token?: string;
  secure?: boolean;
  insecureSkipVerify?: boolean;
  argoBaseHref?: string;
  header?: string[];
  namespace?: string;
  allNamespaces?: boolean;
}

/** The default server when neither `--argo-server` nor ARGO_SERVER names one. */
export const defaultServer = "localhost:2746";

/** Commander's collector for a repeatable flag (`-p a=1 -p b=2`). */
export const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** Adds Argo's connection flags (and `-n`, unless the command defines its own). */
export function clientOptions(cmd: Command, o: { namespace?: boolean } = {}): Command {
  cmd
    .option("-s, --argo-server <host:port>", "API server host:port, e.g. localhost:2746 (env ARGO_SERVER)")
    .option("--token <token>", "bearer token for the API server (env ARGO_TOKEN)")
    .option("-e, --secure", "the server uses TLS (env ARGO_SECURE)")
    .option("-k, --insecure-skip-verify", "do not check the server's certificate")
    .option("--argo-base-href <path>", "path prefix the server is served under")
    .addOption(
      new Option("-H, --header <name:value>", "extra request header (repeatable)")
        .argParser(collect)
        .default([]),
    );
  if (o.namespace !== false) cmd.option("-n, --namespace <namespace>", "namespace (env ARGO_NAMESPACE)");
  return cmd;
}

function parseHeaders(values: string[] = []): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const v of values.flatMap((x) => x.split(","))) {
    const i = v.indexOf(":");
    if (i <= 0) throw invalid(`additional headers must be colon(:)-separated: ${v}`);
    headers[v.slice(0, i).trim()] = v.slice(i + 1).trim();
  }
  return headers;
}

export interface Connection {
  api: ArgoApi;
  /** The namespace to act in: `-n`, else ARGO_NAMESPACE, else `default`. */
  namespace: string;
}

/** Connects to the server named by the flags, the environment or the default. */
export function connect(flags: ClientFlags, io: CliIo): Connection {
  const config = loadConfig({}, io.env);
  const api = new ArgoApi({
    server: flags.argoServer || config.server || defaultServer,
    secure: flags.secure ?? config.secure,
    insecureSkipVerify: flags.insecureSkipVerify ?? false,
    ...((flags.token ?? config.token) ? { token: flags.token ?? config.token } : {}),
    ...(flags.argoBaseHref ? { baseHref: flags.argoBaseHref } : {}),
    headers: parseHeaders(flags.header),
  });
  return { api, namespace: flags.namespace || config.namespace };
}

/** Checks an `-o` value against the formats a command accepts. */
export function outputOption(formats: string[], description = "Output format"): Option {
  return new Option("-o, --output <format>", `${description}. One of: ${formats.join("|")}`).choices(formats);
}

/** Resolves `@latest` to the most recently created workflow of the namespace. */
export async function resolveWorkflowName(conn: Connection, name: string): Promise<string> {
  if (name !== "@latest") return name;
  const all = await conn.api.listWorkflows(conn.namespace);
  const latest = all.reduce<(typeof all)[number] | undefined>(
    (best, wf) =>
      !best ||
      Date.parse(wf.metadata.creationTimestamp ?? "") > Date.parse(best.metadata.creationTimestamp ?? "")
        ? wf
        : best,
    undefined,
  );
  if (!latest?.metadata.name) throw invalid(`no workflows found in namespace ${conn.namespace}`);
  return latest.metadata.name;
}
