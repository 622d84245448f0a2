/**
 * Creating, listing and deleting tokens in the token file (what `argosy auth token …` does).
 * A new token is 32 random bytes, base64url, prefixed `argosy_` so that it is easy to recognise
 * in a leaked log or a secret scanner; only its hash is stored and the token is returned once.
 */
import { randomBytes } from "node:crypto";
import { conflict, invalid, notFound } from "../../util/errors.js";
import {
  hashToken,
  isRole,
  type Role,
  readTokenFile,
  type TokenEntry,
  writeTokenFile,
} from "./token-file.js";

export const tokenPrefix = "argosy_";

const unitMs: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3 };

/** Parses `--expires`: one or more `<whole number><s|m|h|d|w>`, e.g. `30d`, `12h`, `1d12h`. */
export function parseExpires(text: string): number {
  const trimmed = text.trim();
  if (!/^(\d+[smhdw])+$/.test(trimmed))
    throw invalid(`--expires must look like 30d, 12h, 90m or 1d12h (units s, m, h, d, w), not '${text}'`);
  let ms = 0;
  for (const [, n, unit] of trimmed.matchAll(/(\d+)([smhdw])/g)) ms += Number(n) * (unitMs[unit ?? ""] ?? 0);
  if (ms <= 0) throw invalid(`--expires must be longer than zero, not '${text}'`);
  return ms;
}

/** Parses `--namespace a,b` or `'*'` into the stored list. */
export function parseNamespaces(text: string): string[] {
  const list = [...new Set(text.split(",").map((s) => s.trim()))].filter((s) => s !== "");
  if (list.length === 0) throw invalid("--namespace needs at least one namespace, or '*' for all of them");
  if (list.includes("*") && list.length > 1)
    throw invalid("--namespace '*' means every namespace: list no others");
  const bad = list.find((n) => n !== "*" && !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(n));
  if (bad !== undefined) throw invalid(`namespace '${bad}' is not a valid Kubernetes namespace name`);
  return list;
}

export interface CreateTokenRequest {
  tokenFile: string;
  name: string;
  namespaces: string[];
  role: string;
  /** Lifetime in milliseconds; absent means it never expires. */
  expiresInMs?: number;
  /** @default Date.now */
  now?: () => number;
}

/** Adds a token to the file and returns it: the only time the token itself is ever available. */
export async function createToken(req: CreateTokenRequest): Promise<{ token: string; entry: TokenEntry }> {
  const name = req.name.trim();
  if (name === "") throw invalid("--name must not be empty");
  if (!isRole(req.role)) throw invalid(`--role must be view, edit or admin, not '${req.role}'`);
  const role: Role = req.role;
  const entries = await readTokenFile(req.tokenFile);
  if (entries.some((e) => e.name === name))
    throw conflict(`a token named '${name}' already exists; delete it first or choose another name`);
  const now = (req.now ?? Date.now)();
  const token = `${tokenPrefix}${randomBytes(32).toString("base64url")}`;
  const entry: TokenEntry = {
    id: randomBytes(6).toString("hex"),
    name,
    sha256: hashToken(token),
    namespaces: req.namespaces,
    role,
    createdAt: new Date(now).toISOString(),
    ...(req.expiresInMs !== undefined ? { expiresAt: new Date(now + req.expiresInMs).toISOString() } : {}),
  };
  await writeTokenFile(req.tokenFile, [...entries, entry]);
  return { token, entry };
}

/** The stored entries, oldest first (they hold hashes only, never tokens). */
export const listTokens = (tokenFile: string): Promise<TokenEntry[]> => readTokenFile(tokenFile);

/** Removes the token whose id (or, failing that, unique name) is `idOrName`; returns what was removed. */
export async function deleteToken(tokenFile: string, idOrName: string): Promise<TokenEntry> {
  const entries = await readTokenFile(tokenFile);
  const byId = entries.find((e) => e.id === idOrName);
  const byName = entries.filter((e) => e.name === idOrName);
  const victim = byId ?? (byName.length === 1 ? byName[0] : undefined);
  if (victim === undefined) throw notFound(`token '${idOrName}'`);
  await writeTokenFile(
    tokenFile,
    entries.filter((e) => e !== victim),
  );
  return victim;
}

/** True once `expiresAt` has passed. */
export const isExpired = (entry: TokenEntry, now: number): boolean =>
  entry.expiresAt !== undefined && Date.parse(entry.expiresAt) <= now;
