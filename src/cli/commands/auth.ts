/**
 * `argosy auth token …`: Argo's `argo auth token` (print the token this CLI sends) plus the
 * commands that manage the server's token file, since Argosy has no Kubernetes service accounts
 * to mint tokens from. `create` prints the new token once; only its hash is stored.
 *
 * These commands edit the token file directly (no server needed); a running `argosy server
 * --auth-mode client` picks the change up within about a second.
 */
import { type Command, Option } from "commander";
import type { Config } from "../../config/config.js";
import {
  createToken,
  deleteToken,
  isExpired,
  listTokens,
  parseExpires,
  parseNamespaces,
  roles,
  type TokenEntry,
  tokenFilePath,
} from "../../server/auth/index.js";
import { invalid } from "../../util/errors.js";

export interface AuthCommandDeps {
  /** Builds the configuration from flags (main.ts's `config`). */
  config: (flags?: Partial<Config>) => Config;
  io: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream };
  setCode: (code: number) => void;
  /** @default Date.now */
  now?: () => number;
}

const tokenFileOption = () =>
  new Option("--token-file <path>", "token file (default <ARGOSY_HOME>/tokens.json)");

/** Entries as `list -o json` shows them: everything but the hash. */
const publicView = ({ sha256: _hash, ...rest }: TokenEntry) => rest;

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  return rows
    .map(
      (r) =>
        `${r
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join("   ")
          .trimEnd()}\n`,
    )
    .join("");
}

export function renderTokenList(entries: TokenEntry[], now: number): string {
  const rows = entries.map((e) => [
    e.id,
    e.name,
    e.role,
    e.namespaces.join(","),
    e.createdAt,
    e.expiresAt === undefined ? "never" : `${e.expiresAt}${isExpired(e, now) ? " (expired)" : ""}`,
  ]);
  return table([["ID", "NAME", "ROLE", "NAMESPACES", "CREATED", "EXPIRES"], ...rows]);
}

/**
 * Adds `auth token`, `auth token create|list|delete` to `program`. Use from main.ts:
 * `registerAuthCommands(program, { config, io, setCode })`.
 */
export function registerAuthCommands(program: Command, deps: AuthCommandDeps): void {
  const { io } = deps;
  const now = deps.now ?? Date.now;
  const fileOf = (opts: { tokenFile?: string }) =>
    tokenFilePath(deps.config(opts.tokenFile ? { tokenFile: opts.tokenFile } : {}));

  const auth = program.command("auth").description("manage the tokens of argosy server --auth-mode client");
  const token = auth
    .command("token")
    .description("print the token this CLI sends (ARGO_TOKEN), or manage tokens with a subcommand")
    .action(() => {
      const current = deps.config().token;
      if (current === undefined || current === "") {
        io.stderr.write("argosy: no token: ARGO_TOKEN is not set\n");
        deps.setCode(1);
        return;
      }
      io.stdout.write(`${current}\n`);
    });

  token
    .command("create")
    .description("create a token, print it once, and store only its hash")
    .requiredOption("--name <name>", "a name for the token, shown by list")
    .requiredOption("-n, --namespace <list>", "comma-separated namespaces the token reaches, or '*' for all")
    .addOption(new Option("--role <role>", "what the token may do").choices([...roles]).makeOptionMandatory())
    .option("--expires <duration>", "lifetime, e.g. 30d, 12h, 1d12h (default: never)")
    .addOption(tokenFileOption())
    .action(
      async (opts: {
        name: string;
        namespace: string;
        role: string;
        expires?: string;
        tokenFile?: string;
      }) => {
        const created = await createToken({
          tokenFile: fileOf(opts),
          name: opts.name,
          namespaces: parseNamespaces(opts.namespace),
          role: opts.role,
          ...(opts.expires !== undefined ? { expiresInMs: parseExpires(opts.expires) } : {}),
          now,
        });
        const e = created.entry;
        io.stdout.write(`${created.token}\n`);
        io.stderr.write(
          `created token ${e.id} '${e.name}' (role ${e.role}, namespaces ${e.namespaces.join(",")}, ` +
            `expires ${e.expiresAt ?? "never"}); it is shown only this once\n`,
        );
      },
    );

  token
    .command("list")
    .description("list tokens (never their secrets)")
    .addOption(new Option("-o, --output <format>", "print as").choices(["wide", "json"]))
    .addOption(tokenFileOption())
    .action(async (opts: { output?: string; tokenFile?: string }) => {
      const entries = await listTokens(fileOf(opts));
      if (opts.output === "json") io.stdout.write(`${JSON.stringify(entries.map(publicView), null, 2)}\n`);
      else if (entries.length === 0) io.stderr.write("No tokens found\n");
      else io.stdout.write(renderTokenList(entries, now()));
    });

  token
    .command("delete")
    .description("delete a token by id (or unique name); a running server refuses it within a second")
    .argument("<id>", "token id from list")
    .addOption(tokenFileOption())
    .action(async (id: string, opts: { tokenFile?: string }) => {
      if (id.trim() === "") throw invalid("token id must not be empty");
      const removed = await deleteToken(fileOf(opts), id);
      io.stdout.write(`token ${removed.id} '${removed.name}' deleted\n`);
    });
}
