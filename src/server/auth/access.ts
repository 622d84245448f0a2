/**
 * Who may do what, as one pure function the server's `authorize` calls for every route.
 *
 * - `view` reads (GET, watches, log streams) in its namespaces;
 * - `edit` also writes there (create, update, delete, submit, retry, suspend, …);
 * - `admin` also writes cluster-scoped objects (ClusterWorkflowTemplates) and may list across all
 *   namespaces (`argo list -A`) even when its own namespaces are limited.
 * A token whose namespaces are `["*"]` reaches every namespace, including all-namespace lists.
 * Anyone authenticated may read cluster-scoped objects: submitting from a ClusterWorkflowTemplate
 * needs it.
 */
import type { Role } from "./token-file.js";

/**
 * What the auth middleware stores under `c.get("auth")`. Structurally a superset of the `AuthInfo`
 * that `src/server/authorize.ts` reads: every-namespace tokens carry `namespaces: "*"`.
 */
export interface AuthInfo {
  /** The token's id, or `"server"` when `--auth-mode server` lets everything through. */
  tokenId: string;
  /** The token's name (for `/api/v1/userinfo` and audit lines); never the token. */
  subject: string;
  /** The namespaces the token reaches, or `"*"` for all of them. */
  namespaces: string[] | "*";
  role: Role;
}

export type Verb = "read" | "write";

/**
 * What a request touches: one namespace, every namespace (a list with an empty namespace, as
 * `GET /api/v1/workflows/`), or cluster-scoped objects.
 */
export type Target = { namespace: string } | { allNamespaces: true } | { cluster: true };

/** `""`/undefined (Argo's all-namespaces list) → all namespaces; anything else → that namespace. */
export const targetOf = (namespace: string | undefined): Target =>
  namespace === undefined || namespace === "" ? { allNamespaces: true } : { namespace };

/** The principal `--auth-mode server` uses: no token, everything allowed. */
export const serverModeAuth: AuthInfo = Object.freeze({
  tokenId: "server",
  subject: "server",
  namespaces: "*",
  role: "admin",
}) as AuthInfo;

const reachesAll = (auth: AuthInfo): boolean => auth.namespaces === "*" || auth.namespaces.includes("*");

/** The stored namespace list as `AuthInfo` carries it: `["*"]` becomes `"*"`. */
export const namespacesOf = (stored: string[]): string[] | "*" => (stored.includes("*") ? "*" : stored);

function describe(target: Target): string {
  if ("namespace" in target) return `the namespace "${target.namespace}"`;
  if ("cluster" in target) return "cluster-scoped objects";
  return "all namespaces";
}

/**
 * Undefined when `auth` may perform `verb` on `target`; otherwise the reason, worded for a 403
 * (`{"code":7,"message":…}`) response.
 */
export function checkAccess(auth: AuthInfo, target: Target, verb: Verb): string | undefined {
  const who = `token "${auth.subject}" (role ${auth.role})`;
  const deny = () => `forbidden: ${who} cannot ${verb} ${describe(target)}`;
  if (verb === "write" && auth.role === "view") return deny();
  if ("namespace" in target)
    return reachesAll(auth) || auth.namespaces.includes(target.namespace) ? undefined : deny();
  if ("cluster" in target) return verb === "read" || auth.role === "admin" ? undefined : deny();
  return reachesAll(auth) || (auth.role === "admin" && verb === "read") ? undefined : deny();
}
