import { mkdtemp, rm, writeFile } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { logger } from "hono/logger";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import { errorResponse } from "../errors.js";
import { serverModeAuth } from "./access.js";
import { areaOf, authMiddleware, tokenNotValidMessage } from "./middleware.js";
import type { AuthMode } from "./mode.js";
import { redact } from "./redact.js";
import { createToken, deleteToken } from "./tokens.js";

let dir: string;
let tokenFile: string;
let clock: number;
let lines: string[];
let server: ServerType | undefined;
let base: string;

/**
 * A few routes as the server writes them: the real `authorize` (src/server/authorize.ts), errors
 * answered by the real `errorResponse`, and `authRequired` set ahead of the auth middleware as
 * `createApp` does.
 */
async function start(mode: AuthMode): Promise<void> {
  const app = new Hono<ServerEnv>();
  app.onError((e, c) => errorResponse(c, e));
  // The server's request log, as the server is meant to write it: method and URL, redacted, never headers.
  app.use(logger((line) => lines.push(redact(line))));
  app.use(async (c, next) => {
    c.set("authRequired", true);
    await next();
  });
  // Typed as ServerDeps.auth is, so a change on either side of the seam fails to compile here.
  const auth: MiddlewareHandler<ServerEnv> = authMiddleware({
    mode,
    tokenFile,
    now: () => clock,
    log: (line) => lines.push(line),
  });
  app.use(auth);
  const read = (ns: string) => (c: Context<ServerEnv>) => {
    authorize(c, ns || c.req.param("ns") || "", "read");
    return c.json({ items: [] });
  };
  app.get("/", (c) => c.text("ui"));
  app.get("/api/v1/workflows/", read(ALL_NAMESPACES));
  app.get("/api/v1/workflows/:ns", read(""));
  app.post("/api/v1/workflows/:ns", (c) => {
    authorize(c, c.req.param("ns"), "write");
    return c.json({ created: true }, 201);
  });
  app.get("/api/v1/version", (c) => c.json({ version: "v0" }));
  app.get("/api/v1/userinfo", (c) => c.json(c.get("auth") ?? null));
  app.get("/artifact-files/:ns/*", (c) => {
    authorize(c, c.req.param("ns"), "read");
    return c.text("bytes");
  });
  app.get("/metrics", (c) => c.text("argo_workflows_gauge 1\n"));
  await new Promise<void>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      base = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
}

const call = (path: string, init: { token?: string; method?: string; cookie?: string } = {}) =>
  fetch(`${base}${path}`, {
    method: init.method ?? "GET",
    headers: {
      ...(init.token !== undefined ? { authorization: `Bearer ${init.token}` } : {}),
      ...(init.cookie !== undefined ? { cookie: init.cookie } : {}),
    },
  });

const mint = async (name: string, namespaces: string[], role: string, expiresInMs?: number) =>
  (
    await createToken({
      tokenFile,
      name,
      namespaces,
      role,
      now: () => clock,
      ...(expiresInMs !== undefined ? { expiresInMs } : {}),
    })
  ).token;

/** Moves the fake clock past the once-a-second reload check. */
const tick = () => {
  clock += 1001;
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "argosy-auth-"));
  tokenFile = join(dir, "tokens.json");
  clock = Date.parse("2025-06-01T00:00:00Z");
  lines = [];
});

afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe("auth-mode server", () => {
  it("lets every request through without a token, as the all-powerful server principal", async () => {
    await start("server");
    expect((await call("/api/v1/workflows/b")).status).toBe(200);
    expect((await call("/api/v1/workflows/b", { method: "POST" })).status).toBe(201);
    expect(await (await call("/api/v1/userinfo")).json()).toEqual(serverModeAuth);
  });
});

describe("auth-mode client", () => {
  it("answers a request without a token with Argo's 401 body", async () => {
    await start("client");
    const res = await call("/api/v1/workflows/a");
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 16, message: tokenNotValidMessage });
    expect((await call("/api/v1/version")).status).toBe(401);
  });

  it("refuses an unknown token, a token without 'Bearer ', and guards artifacts and metrics", async () => {
    await mint("ci", ["a"], "view");
    await start("client");
    expect((await call("/api/v1/workflows/a", { token: "argosy_not-a-real-token" })).status).toBe(401);
    const raw = await fetch(`${base}/api/v1/workflows/a`, { headers: { authorization: "argosy_x" } });
    expect(raw.status).toBe(401);
    const art = await call("/artifact-files/a/wf/main-logs");
    expect([art.status, await art.text()]).toEqual([401, "Unauthorized\n"]);
    expect((await call("/metrics")).status).toBe(403);
    expect((await call("//api/v1/workflows/a")).status).toBe(401);
  });

  it("keeps the static UI public", async () => {
    await start("client");
    const res = await call("/");
    expect([res.status, await res.text()]).toEqual([200, "ui"]);
  });

  it("lets a valid token into its namespace and answers 403 outside it", async () => {
    const token = await mint("ci", ["a"], "view");
    await start("client");
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(200);
    const other = await call("/api/v1/workflows/b", { token });
    expect(other.status).toBe(403);
    const body = (await other.json()) as { code: number; message: string };
    expect(body.code).toBe(7);
    expect(body.message).toContain('namespace "b"');
    expect((await call("/artifact-files/b/wf/x", { token })).status).toBe(403);
    expect((await call("/metrics", { token })).status).toBe(200);
  });

  it("sets c.get('auth') to the token's id, name, namespaces and role", async () => {
    const everywhere = await mint("all", ["*"], "view");
    await mint("ci", ["a", "b"], "edit");
    const token = await mint("ops", ["a"], "edit");
    await start("client");
    const who = (await (await call("/api/v1/userinfo", { token })).json()) as Record<string, unknown>;
    expect(who).toMatchObject({ subject: "ops", namespaces: ["a"], role: "edit" });
    expect(typeof who.tokenId).toBe("string");
    const all = (await (await call("/api/v1/userinfo", { token: everywhere })).json()) as Record<
      string,
      unknown
    >;
    expect(all.namespaces).toBe("*");
    expect((await call("/api/v1/workflows/zz", { token: everywhere })).status).toBe(200);
    expect((await call("/api/v1/workflows/", { token: everywhere })).status).toBe(200);
    expect((await call("/api/v1/workflows/", { token })).status).toBe(403);
  });

  it("accepts the token from an authorization cookie, as Argo's UI sends it", async () => {
    const token = await mint("ui", ["a"], "view");
    await start("client");
    const cookie = `authorization=${encodeURIComponent(`Bearer ${token}`)}`;
    expect((await call("/api/v1/workflows/a", { cookie })).status).toBe(200);
  });

  it("refuses writes from a view token and allows them from an edit token", async () => {
    const viewer = await mint("viewer", ["a"], "view");
    const editor = await mint("editor", ["a"], "edit");
    await start("client");
    const denied = await call("/api/v1/workflows/a", { token: viewer, method: "POST" });
    expect(denied.status).toBe(403);
    expect(((await denied.json()) as { code: number }).code).toBe(7);
    expect((await call("/api/v1/workflows/a", { token: editor, method: "POST" })).status).toBe(201);
    expect((await call("/api/v1/workflows/b", { token: editor, method: "POST" })).status).toBe(403);
  });

  it("refuses a token once it has expired", async () => {
    const token = await mint("short", ["a"], "view", 60_000);
    await start("client");
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(200);
    clock += 60_000;
    const res = await call("/api/v1/workflows/a", { token });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 16, message: tokenNotValidMessage });
  });

  it("picks up tokens created and deleted while it runs", async () => {
    await start("client");
    // The server reads the (absent) file on the first token it sees.
    expect((await call("/api/v1/workflows/a", { token: "argosy_bogus" })).status).toBe(401);
    const token = await mint("late", ["a"], "view");
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(401); // checked at most once a second
    tick();
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(200);
    await deleteToken(tokenFile, "late");
    tick();
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(401);
  });

  it("fails closed on a token file it cannot parse, and says so in the log", async () => {
    const token = await mint("ci", ["a"], "view");
    await start("client");
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(200);
    await writeFile(tokenFile, "{ not json", { mode: 0o600 });
    tick();
    expect((await call("/api/v1/workflows/a", { token })).status).toBe(401);
    expect(lines.some((l) => l.includes("cannot load token file"))).toBe(true);
  });

  it("never writes the token into the request log", async () => {
    const token = await mint("ci", ["a"], "view");
    await start("client");
    await call("/api/v1/workflows/a", { token });
    await call("/api/v1/workflows/b", { token });
    await call("/api/v1/workflows/a", { token, method: "POST" });
    await call(`/api/v1/workflows/a?token=${token}`, { token: `${token}x` });
    await call(`/artifact-files/a/${token}`);
    expect(lines.filter((l) => l.includes("/api/v1/workflows/a")).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes("auth: rejected"))).toBe(true);
    expect(lines.some((l) => l.includes("/artifact-files/a/[redacted]"))).toBe(true);
    for (const line of lines) expect(line).not.toContain(token.slice("argosy_".length));
  });
});

describe("areaOf", () => {
  it.each([
    ["/", "public"],
    ["/workflows/a", "public"],
    ["/api/v1/version", "api"],
    ["/API/v1/info", "api"],
    ["//api/v1/workflows/a", "api"],
    ["/%61pi/v1/workflows/a", "api"],
    ["/ui/%2e%2e/api/v1/workflows", "api"],
    ["/%E0%A4%A", "api"],
    ["/artifact-files/a/wf/x", "artifacts"],
    ["/upload-artifacts/a/t/x", "artifacts"],
    ["/metrics", "metrics"],
  ])("puts %s under %s", (path, area) => {
    expect(areaOf(path)).toBe(area);
  });
});
