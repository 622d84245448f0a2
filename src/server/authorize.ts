/**
 * The one authorization check every route makes before its work. Authentication (reading the
 * bearer token) is the auth middleware's job (`src/server/auth/`): when it is configured it sets
 * `c.get("auth")` for a good token, or answers 401/403 itself. This file only decides, with the
 * auth folder's `checkAccess`, whether the request may read or write what it touches.
 *
 * Contract with the auth middleware:
 * - `createApp` sets `authRequired` to true on the protected paths when an auth middleware is
 *   given, and runs that middleware after it, so `authorize` can tell "no auth configured" (allow
 *   everything) from "auth configured but the middleware set nothing" (401).
 * - The middleware sets `auth` = {@link AuthInfo}.
 */
import type { Context } from "hono";
import { checkAccess, type Target, type AuthInfo as TokenAuth } from "./auth/index.js";
import { permissionDenied, unauthenticated } from "./errors.js";

/** Who is calling, as the auth middleware established it (the fields this file reads). */
export interface AuthInfo {
  /** Namespaces the token may use; `"*"` means every namespace. */
  namespaces: string[] | "*";
  /** `view` may only read; `edit` also writes in its namespaces; `admin` also cluster-wide. */
  role: "view" | "edit" | "admin";
  /** A name for the caller (token name), for `/api/v1/userinfo`. Never the token. */
  subject?: string;
  tokenId?: string;
}

/** What a route does: `read` (get, list, watch, logs, lint) or `write` (anything that changes state). */
export type Verb = "read" | "write";

/** The hono environment of the server: the variables middlewares set on the context. */
export interface ServerEnv {
  Variables: {
    /** Set by the auth middleware for an authenticated request. */
    auth?: AuthInfo;
    /** Set by `createApp` on protected paths when an auth middleware is configured. */
    authRequired?: boolean;
    /** Set by `createApp` when the server manages one namespace (`--namespaced`). */
    managedNamespace?: string;
  };
}

/** The namespace argument for a request across every namespace (`GET /api/v1/workflows/`). */
export const ALL_NAMESPACES = "";

/** The namespace argument for cluster-scoped objects (ClusterWorkflowTemplates). */
export const CLUSTER_SCOPE = Symbol("cluster-scoped");

/** What a route touches: a namespace, `ALL_NAMESPACES`, or `CLUSTER_SCOPE`. */
export type Scope = string | typeof CLUSTER_SCOPE;

const targetOf = (scope: Scope): Target =>
  scope === CLUSTER_SCOPE
    ? { cluster: true }
    : scope === ALL_NAMESPACES
      ? { allNamespaces: true }
      : { namespace: scope };

/**
 * Throws `Unauthenticated` (401) or `PermissionDenied` (403, Argo's error JSON) unless the caller may
 * do `verb` on `scope`. Allows everything when no auth is configured.
 */
export function authorize(c: Context<ServerEnv>, scope: Scope, verb: Verb): void {
  const managed = c.get("managedNamespace");
  if (managed && typeof scope === "string" && scope !== managed)
    throw permissionDenied(
      scope === ALL_NAMESPACES
        ? `this server manages namespace "${managed}" only; list it with -n ${managed}`
        : `namespace "${scope}" is not managed by this server (it manages "${managed}")`,
    );
  if (!c.get("authRequired")) return;
  const auth = c.get("auth");
  if (!auth) throw unauthenticated();
  const denied = checkAccess(
    {
      tokenId: auth.tokenId ?? "",
      subject: auth.subject ?? "",
      namespaces: auth.namespaces,
      role: auth.role,
    } as TokenAuth,
    targetOf(scope),
    verb,
  );
  if (denied !== undefined) throw permissionDenied(denied);
}
