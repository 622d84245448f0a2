import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Config, loadConfig } from "../../config/config.js";
import { hashToken, readTokenFile } from "../../server/auth/index.js";
import { registerAuthCommands } from "./auth.js";

let home: string;

function capture() {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (d) => {
    text += d;
  });
  return { stream, text: () => text };
}

/** Runs `argosy <args>` with only the auth commands registered. */
async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const stdout = capture();
  const stderr = capture();
  let code = 0;
  const program = new Command("argosy")
    .exitOverride()
    .configureOutput({ writeErr: (s) => stderr.stream.write(s) });
  registerAuthCommands(program, {
    config: (flags: Partial<Config> = {}) => loadConfig(flags, { ARGOSY_HOME: home, ...env }),
    io: { stdout: stdout.stream, stderr: stderr.stream },
    setCode: (c) => {
      code = c;
    },
    now: () => Date.parse("2025-06-01T00:00:00Z"),
  });
  await program.parseAsync(args, { from: "user" });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), "argosy-cli-auth-"));
});
afterEach(() => rm(home, { recursive: true, force: true }));

describe("argosy auth token create", () => {
  it("prints the token once and writes only its hash to <home>/tokens.json", async () => {
    const r = await run([
      "auth",
      "token",
      "create",
      "--name",
      "ci",
      "-n",
      "a,b",
      "--role",
      "edit",
      "--expires",
      "30d",
    ]);
    const token = r.stdout.trim();
    expect(token).toMatch(/^argosy_[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).toContain("shown only this once");
    const file = join(home, "tokens.json");
    const text = await readFile(file, "utf8");
    expect(text).not.toContain(token.slice("argosy_".length));
    expect(text).toContain(hashToken(token));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const [entry] = await readTokenFile(file);
    expect(entry).toMatchObject({
      name: "ci",
      namespaces: ["a", "b"],
      role: "edit",
      expiresAt: "2025-07-01T00:00:00.000Z",
    });
  });

  it("honours --token-file and refuses a bad role", async () => {
    const file = join(home, "elsewhere", "t.json");
    await run(["auth", "token", "create", "--name", "x", "-n", "*", "--role", "view", "--token-file", file]);
    expect((await readTokenFile(file)).map((e) => e.namespaces)).toEqual([["*"]]);
    await expect(
      run(["auth", "token", "create", "--name", "y", "-n", "a", "--role", "root"]),
    ).rejects.toMatchObject({
      code: "commander.invalidArgument",
    });
  });
});

describe("argosy auth token list / delete", () => {
  it("lists tokens without their secrets or hashes, then deletes one", async () => {
    const created = await run(["auth", "token", "create", "--name", "ci", "-n", "a", "--role", "view"]);
    const token = created.stdout.trim();
    const [entry] = await readTokenFile(join(home, "tokens.json"));
    const table = await run(["auth", "token", "list"]);
    expect(table.stdout).toMatch(/^ID\s+NAME\s+ROLE\s+NAMESPACES\s+CREATED\s+EXPIRES\n/);
    expect(table.stdout).toContain(`${entry?.id}   ci     view   a`);
    const json = await run(["auth", "token", "list", "-o", "json"]);
    for (const out of [table.stdout, json.stdout]) {
      expect(out).not.toContain(token.slice("argosy_".length));
      expect(out).not.toContain(entry?.sha256);
    }
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: entry?.id, name: "ci" })]);
    const del = await run(["auth", "token", "delete", entry?.id ?? ""]);
    expect(del.stdout).toContain("deleted");
    expect(await readTokenFile(join(home, "tokens.json"))).toEqual([]);
    await expect(run(["auth", "token", "delete", "nope"])).rejects.toMatchObject({ code: "NotFound" });
  });
});

describe("argosy auth token", () => {
  it("prints ARGO_TOKEN as the CLI would send it, like argo auth token", async () => {
    const r = await run(["auth", "token"], { ARGO_TOKEN: "Bearer v2:abc" });
    expect([r.code, r.stdout]).toEqual([0, "Bearer v2:abc\n"]);
  });
  it("fails when no token is configured", async () => {
    const r = await run(["auth", "token"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ARGO_TOKEN is not set");
  });
});
