/**
 * The token file: the only place `argosy server --auth-mode client` learns which bearer tokens
 * exist. It holds a SHA-256 hash of each token, never the token itself, so a leaked file grants
 * nothing. Writes go to a temporary file in the same directory and are renamed over the old one,
 * so a running server never reads half a file; the file is readable by its owner only (0600).
 */
import { createHash, randomBytes } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { Config } from "../../config/config.js";
import { invalid } from "../../util/errors.js";

/** What a token may do: `view` reads; `edit` also writes; `admin` also writes cluster-scoped objects. */
export type Role = "view" | "edit" | "admin";
export const roles: readonly Role[] = ["view", "edit", "admin"];
export const isRole = (v: unknown): v is Role => typeof v === "string" && (roles as string[]).includes(v);

/** One token as stored. `namespaces: ["*"]` means every namespace. */
export interface TokenEntry {
  id: string;
  name: string;
  /** Hex SHA-256 of the whole token string (what follows `Bearer `). */
  sha256: string;
  namespaces: string[];
  role: Role;
  /** RFC 3339. */
  createdAt: string;
  /** RFC 3339; absent means the token never expires. */
  expiresAt?: string;
}

/** Where tokens live: `config.tokenFile`, else `<home>/tokens.json`. */
export const tokenFilePath = (config: Pick<Config, "home" | "tokenFile">): string =>
  config.tokenFile ?? join(config.home, "tokens.json");

interface TokenFileShape {
  tokens: TokenEntry[];
}

/** Hex SHA-256 of a token, the form the file stores. */
export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

const hexHash = /^[0-9a-f]{64}$/;

function isEntry(v: unknown): v is TokenEntry {
  if (v === null || typeof v !== "object") return false;
  const e = v as Record<string, unknown>;
  return (
    typeof e.id === "string" &&
    typeof e.name === "string" &&
    typeof e.sha256 === "string" &&
    hexHash.test(e.sha256) &&
    Array.isArray(e.namespaces) &&
    e.namespaces.every((n) => typeof n === "string" && n !== "") &&
    isRole(e.role) &&
    typeof e.createdAt === "string" &&
    (e.expiresAt === undefined || (typeof e.expiresAt === "string" && !Number.isNaN(Date.parse(e.expiresAt))))
  );
}

/**
 * Parses the file's text. Entries that are not well formed are dropped and named in `problems`
 * (one bad entry must not disable the others); text that is not a token file at all throws.
 */
export function parseTokenFile(text: string, path: string): { entries: TokenEntry[]; problems: string[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw invalid(`token file ${path} is not valid JSON`, { cause: e });
  }
  const tokens = (data as Partial<TokenFileShape> | null)?.tokens;
  if (!Array.isArray(tokens)) throw invalid(`token file ${path} has no "tokens" list`);
  const entries: TokenEntry[] = [];
  const problems: string[] = [];
  tokens.forEach((t: unknown, i) => {
    if (isEntry(t)) entries.push(t);
    else problems.push(`token file ${path}: entry ${i} is malformed and is ignored`);
  });
  return { entries, problems };
}

/** Reads the token file; a missing file is an empty list. */
export async function readTokenFile(path: string): Promise<TokenEntry[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw e;
  }
  return parseTokenFile(text, path).entries;
}

/** Replaces the token file atomically (temporary file + rename), mode 0600, directory 0700 if created. */
export async function writeTokenFile(path: string, entries: TokenEntry[]): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const body: TokenFileShape = { tokens: entries };
  const handle = await open(tmp, "wx", 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(body, null, 2)}\n`, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The umask can only remove bits from 0600, but be explicit: this file is a credential store.
    await chmod(tmp, 0o600);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
