/**
 * The hono middleware that authenticates requests (authorisation per namespace is `checkAccess`,
 * called by the server's `authorize` in each route).
 *
 * `--auth-mode server`: every request passes as {@link serverModeAuth}. `--auth-mode client`: the
 * API (`/api/…`), the artifact endpoints and `/metrics` need `Authorization: Bearer <token>`; the
 * static UI stays public. Like Argo, the token may instead come from an `authorization` cookie
 * holding `Bearer <token>` (how a browser's EventSource, which cannot set headers, authenticates).
 * Like Argo, `/api/v1/version` and `/api/v1/info` need a token too.
 *
 * Failures answer the way Argo's server does on each path: the API with gRPC-gateway JSON
 * (`{"code":16,…}` 401), the artifact server with a plain-text 401, `/metrics` with a bare 403.
 * A `view` token is turned away from any method but GET/HEAD here already (`{"code":7,…}` 403),
 * so a route that forgot to call `authorize` still cannot be written through it.
 */
import { posix } from "node:path";
import type { Context, Env, MiddlewareHandler } from "hono";
import { getCookie } from "hono/cookie";
import { type AuthInfo, namespacesOf, serverModeAuth } from "./access.js";
import type { AuthMode } from "./mode.js";
import { redact } from "./redact.js";
import { TokenRegistry } from "./token-registry.js";

/**
 * Hono environment of an app that uses {@link authMiddleware}: `c.get("auth")` is set on protected
 * paths (and on every path in server mode). Compatible with `ServerEnv` of `src/server/authorize.ts`.
 */
export type AuthEnv = { Variables: { auth?: AuthInfo } };

export interface AuthMiddlewareOptions {
  mode: AuthMode;
  /** The token file (`Config.tokenFile`, default `<home>/tokens.json`); read in client mode only. */
  tokenFile: string;
  /** Clock for expiry and for the once-a-second reload check. @default Date.now */
  now?: () => number;
  /** Receives rejected requests and token-file problems, already redacted, never with headers. */
  log?: (line: string) => void;
}

/** Argo's message for a missing or unknown token (gRPC code 16, Unauthenticated). */
export const tokenNotValidMessage =
  "token not valid. see https://argo-workflows.readthedocs.io/en/latest/faq/";

/** The gRPC-gateway error body Argo's API answers with (16 Unauthenticated, 7 PermissionDenied). */
export const grpcErrorBody = (code: 7 | 16, message: string) => ({ code, message });

type Area = "api" | "artifacts" | "metrics" | "public";

const artifactPrefixes = [
  "/artifacts/",
  "/input-artifacts/",
  "/artifacts-by-uid/",
  "/input-artifacts-by-uid/",
  "/artifact-files/",
  "/upload-artifacts/",
];

function areaOfPath(p: string): Area {
  const path = p.toLowerCase();
  if (path === "/api" || path.startsWith("/api/")) return "api";
  if (artifactPrefixes.some((prefix) => path.startsWith(prefix))) return "artifacts";
  if (path === "/metrics" || path.startsWith("/metrics/")) return "metrics";
  return "public";
}

/**
 * Which rules a path falls under. The raw path and its decoded, dot- and slash-normalised form are
 * both checked and the stricter answer wins, so `/%61pi/…` or `//api/…` cannot slip past as "public".
 */
export function areaOf(rawPath: string): Area {
  let decoded: string;
  try {
    decoded = posix.normalize(decodeURIComponent(rawPath));
  } catch {
    return "api";
  }
  const raw = areaOfPath(rawPath);
  return raw !== "public" ? raw : areaOfPath(decoded);
}

/** The opaque token after `Bearer `, from the header or else the `authorization` cookie. */
export function presentedToken(header: string | undefined, cookie: string | undefined): string | undefined {
  const value = header ?? cookie;
  const match = value === undefined ? null : /^bearer\s+(\S.*)$/i.exec(value.trim());
  return match?.[1]?.trim();
}

const isReadMethod = (method: string): boolean => method === "GET" || method === "HEAD";

function unauthenticated(c: Context, area: Area): Response {
  if (area === "artifacts") return c.text("Unauthorized\n", 401);
  if (area === "metrics") return c.body(null, 403);
  return c.json(grpcErrorBody(16, tokenNotValidMessage), 401);
}

/** A 403 in the shape of `area`: what `authorize` should answer too for API routes. */
export function forbidden(c: Context, message: string, area: Area = "api"): Response {
  if (area === "artifacts") return c.text("Forbidden\n", 403);
  if (area === "metrics") return c.body(null, 403);
  return c.json(grpcErrorBody(7, message), 403);
}

// The one place the variable is written; any app env declaring a compatible `auth` may use the middleware.
const setAuth = (c: Context, auth: AuthInfo): void => c.set("auth", auth);

/**
 * Authenticates requests per {@link AuthMiddlewareOptions}; sets `c.get("auth")`. Generic over the
 * app's environment so it fits `ServerDeps.auth` (`MiddlewareHandler<ServerEnv>`) as well as
 * {@link AuthEnv}.
 */
export function authMiddleware<E extends Env = AuthEnv>(
  options: AuthMiddlewareOptions,
): MiddlewareHandler<E> {
  if (options.mode === "server") {
    return async (c, next) => {
      setAuth(c, serverModeAuth);
      await next();
    };
  }
  const log = (line: string) => options.log?.(redact(line));
  const registry = new TokenRegistry({
    tokenFile: options.tokenFile,
    ...(options.now ? { now: options.now } : {}),
    log,
  });
  return async (c, next) => {
    const area = areaOf(c.req.path);
    if (area === "public") return next();
    const token = presentedToken(c.req.header("authorization"), getCookie(c, "authorization"));
    const entry = token === undefined ? undefined : await registry.verify(token);
    if (entry === undefined) {
      log(
        `auth: rejected ${c.req.method} ${c.req.path}: ${token === undefined ? "no" : "unknown or expired"} token`,
      );
      return unauthenticated(c, area);
    }
    const auth: AuthInfo = {
      tokenId: entry.id,
      subject: entry.name,
      namespaces: namespacesOf(entry.namespaces),
      role: entry.role,
    };
    if (auth.role === "view" && !isReadMethod(c.req.method)) {
      log(`auth: refused ${c.req.method} ${c.req.path} to token ${entry.id} (role view)`);
      return forbidden(c, `forbidden: token "${auth.subject}" (role view) can only read`, area);
    }
    setAuth(c, auth);
    await next();
    return undefined;
  };
}
