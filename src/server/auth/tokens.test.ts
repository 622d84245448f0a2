import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashToken, parseTokenFile, readTokenFile, tokenFilePath } from "./token-file.js";
import { createToken, deleteToken, isExpired, parseExpires, parseNamespaces } from "./tokens.js";

let dir: string;
let tokenFile: string;
const now = () => Date.parse("2025-06-01T00:00:00Z");

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "argosy-tokens-"));
  tokenFile = join(dir, "sub", "tokens.json");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("createToken", () => {
  it("returns an argosy_ token and stores only its SHA-256, in a 0600 file", async () => {
    const { token, entry } = await createToken({
      tokenFile,
      name: "ci",
      namespaces: ["a"],
      role: "edit",
      now,
    });
    expect(token).toMatch(/^argosy_[A-Za-z0-9_-]{43}$/);
    const text = await readFile(tokenFile, "utf8");
    expect(text).not.toContain(token.slice("argosy_".length));
    expect(entry.sha256).toBe(hashToken(token));
    expect(await readTokenFile(tokenFile)).toEqual([entry]);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, "sub"))).toEqual(["tokens.json"]); // no temporary file left behind
  });

  it("records the creation time and the expiry", async () => {
    const { entry } = await createToken({
      tokenFile,
      name: "ci",
      namespaces: ["*"],
      role: "view",
      expiresInMs: parseExpires("30d"),
      now,
    });
    expect(entry.createdAt).toBe("2025-06-01T00:00:00.000Z");
    expect(entry.expiresAt).toBe("2025-07-01T00:00:00.000Z");
    expect(isExpired(entry, Date.parse("2025-06-30T23:59:59Z"))).toBe(false);
    expect(isExpired(entry, Date.parse("2025-07-01T00:00:00Z"))).toBe(true);
  });

  it("keeps the file 0600 after later rewrites and gives every token a new value", async () => {
    const a = await createToken({ tokenFile, name: "a", namespaces: ["a"], role: "view", now });
    const b = await createToken({ tokenFile, name: "b", namespaces: ["b"], role: "view", now });
    expect(a.token).not.toBe(b.token);
    expect(a.entry.id).not.toBe(b.entry.id);
    expect((await stat(tokenFile)).mode & 0o777).toBe(0o600);
    expect((await readTokenFile(tokenFile)).map((e) => e.name)).toEqual(["a", "b"]);
  });

  it("rejects a duplicate name and a bad role", async () => {
    await createToken({ tokenFile, name: "ci", namespaces: ["a"], role: "view", now });
    await expect(
      createToken({ tokenFile, name: "ci", namespaces: ["a"], role: "view", now }),
    ).rejects.toThrow(/already exists/);
    await expect(createToken({ tokenFile, name: "x", namespaces: ["a"], role: "root", now })).rejects.toThrow(
      /--role must be view, edit or admin/,
    );
  });
});

describe("deleteToken", () => {
  it("removes by id or by unique name, and reports an unknown one as not found", async () => {
    const a = await createToken({ tokenFile, name: "a", namespaces: ["a"], role: "view", now });
    await createToken({ tokenFile, name: "b", namespaces: ["b"], role: "view", now });
    expect((await deleteToken(tokenFile, a.entry.id)).name).toBe("a");
    expect((await deleteToken(tokenFile, "b")).name).toBe("b");
    expect(await readTokenFile(tokenFile)).toEqual([]);
    await expect(deleteToken(tokenFile, "nope")).rejects.toMatchObject({ code: "NotFound" });
  });
});

describe("token file", () => {
  it("reads a missing file as no tokens and defaults to <home>/tokens.json", async () => {
    expect(await readTokenFile(join(dir, "absent.json"))).toEqual([]);
    expect(tokenFilePath({ home: "/h" })).toBe("/h/tokens.json");
    expect(tokenFilePath({ home: "/h", tokenFile: "/t.json" })).toBe("/t.json");
  });

  it("drops malformed entries but keeps the good ones", () => {
    const good = {
      id: "1",
      name: "ok",
      sha256: hashToken("t"),
      namespaces: ["a"],
      role: "view",
      createdAt: "2025-01-01T00:00:00Z",
    };
    const text = JSON.stringify({ tokens: [good, { ...good, role: "root" }, { ...good, sha256: "plain" }] });
    const { entries, problems } = parseTokenFile(text, "f");
    expect(entries).toEqual([good]);
    expect(problems).toHaveLength(2);
  });

  it("refuses text that is not a token file", async () => {
    await writeFile(tokenFile.replace("sub/", ""), "[]");
    await expect(readTokenFile(tokenFile.replace("sub/", ""))).rejects.toThrow(/has no "tokens" list/);
    expect(() => parseTokenFile("{", "f")).toThrow(/not valid JSON/);
  });
});

describe("parseExpires", () => {
  it.each([
    ["30d", 30 * 86400e3],
    ["12h", 12 * 3600e3],
    ["90m", 90 * 60e3],
    ["1d12h", 36 * 3600e3],
    ["2w", 14 * 86400e3],
  ])("reads %s", (text, ms) => {
    expect(parseExpires(text)).toBe(ms);
  });
  it.each(["", "30", "d", "-1d", "1.5h", "0d", "1y"])("rejects '%s'", (text) => {
    expect(() => parseExpires(text)).toThrow(/--expires/);
  });
});

describe("parseNamespaces", () => {
  it("splits, trims and dedupes; '*' stands alone", () => {
    expect(parseNamespaces("a, b,a")).toEqual(["a", "b"]);
    expect(parseNamespaces("*")).toEqual(["*"]);
    expect(() => parseNamespaces("*,a")).toThrow(/list no others/);
    expect(() => parseNamespaces(",")).toThrow(/at least one/);
    expect(() => parseNamespaces("Bad_NS")).toThrow(/not a valid/);
  });
});
