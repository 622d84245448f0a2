/**
 * The server's view of the token file. It re-reads the file when its identity (inode, mtime,
 * size) changes, checking at most once a second, so `argosy auth token create|delete` takes effect
 * on a running server without a restart. Verification hashes the presented token and compares it
 * with every stored hash in constant time, so response timing says nothing about which hashes exist.
 *
 * It fails closed: a file that cannot be read or parsed leaves no valid tokens until it is fixed.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { parseTokenFile, type TokenEntry } from "./token-file.js";
import { isExpired } from "./tokens.js";

export interface TokenRegistryOptions {
  tokenFile: string;
  /** @default Date.now */
  now?: () => number;
  /** Receives reload problems (never a token: the file holds none). */
  log?: (line: string) => void;
  /** Minimum time between two checks of the file. @default 1000 */
  recheckMs?: number;
}

export class TokenRegistry {
  private entries: { entry: TokenEntry; hash: Buffer }[] = [];
  private identity: string | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private readonly now: () => number;
  private readonly recheckMs: number;

  constructor(private readonly options: TokenRegistryOptions) {
    this.now = options.now ?? Date.now;
    this.recheckMs = options.recheckMs ?? 1000;
  }

  /** The live, unexpired entry whose hash matches `token`, or undefined. */
  async verify(token: string): Promise<TokenEntry | undefined> {
    await this.refresh();
    const presented = createHash("sha256").update(token, "utf8").digest();
    let found: TokenEntry | undefined;
    // Compare against every entry, without stopping at the first match.
    for (const { entry, hash } of this.entries) {
      if (timingSafeEqual(hash, presented) && found === undefined) found = entry;
    }
    return found !== undefined && !isExpired(found, this.now()) ? found : undefined;
  }

  /** Re-reads the file if it changed and the last check is at least `recheckMs` old. */
  async refresh(): Promise<void> {
    const now = this.now();
    if (now - this.checkedAt < this.recheckMs) return;
    this.checkedAt = now;
    const path = this.options.tokenFile;
    let identity: string;
    try {
      const s = await stat(path);
      identity = `${s.ino}:${s.mtimeMs}:${s.size}`;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") this.fail(`cannot read token file ${path}`, e);
      else this.replace([], "absent");
      return;
    }
    if (identity === this.identity) return;
    try {
      const { entries, problems } = parseTokenFile(await readFile(path, "utf8"), path);
      for (const p of problems) this.options.log?.(p);
      this.replace(entries, identity);
    } catch (e) {
      this.fail(`cannot load token file ${path}; no token is valid until it is fixed`, e);
    }
  }

  private replace(entries: TokenEntry[], identity: string): void {
    this.entries = entries.map((entry) => ({ entry, hash: Buffer.from(entry.sha256, "hex") }));
    this.identity = identity;
  }

  private fail(message: string, e: unknown): void {
    this.entries = [];
    this.identity = undefined;
    this.options.log?.(`${message}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
