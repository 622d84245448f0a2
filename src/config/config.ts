/**
 * Argosy's one configuration, parsed once from defaults, the environment and command-line flags
 * (later sources win) and passed down. This is the only module that reads `process.env`.
 */
import { homedir } from "node:os";
import { join } from "node:path";

export type SandboxMode = "auto" | "bwrap" | "none";

export interface Config {
  /** Where the store, pod directories, logs and local artifacts live. @default `~/.argosy` (env `ARGOSY_HOME`) */
  home: string;
  /** How the host executor isolates pods. @default "auto" (bubblewrap when it works) (env `ARGOSY_SANDBOX`) */
  sandbox: SandboxMode;
  /** Reject images that have no profile instead of running them on the host userland. @default false (env `ARGOSY_STRICT_IMAGES`) */
  strictImages: boolean;
  /**
   * A YAML or JSON file holding the default artifact repository in Argo's format (`s3: {...}`,
   * `archiveLogs`); the `artifact-repositories` ConfigMap and `artifactRepositoryRef` still win.
   * @default the local directory `<home>/artifacts` (env `ARGOSY_ARTIFACT_REPOSITORY`)
   */
  artifactRepositoryFile?: string;
  /** A JSON file of extra image profiles, checked before the built-in table. (env `ARGOSY_IMAGE_PROFILES`) */
  imageProfilesFile?: string;
  /** Pods run at once by this machine; the rest wait Pending. @default 4 × CPU cores, at least 4 (env `ARGOSY_MAX_PODS`) */
  maxPods: number;
  /** Argo Server address for client commands. (env `ARGO_SERVER`) */
  server?: string;
  /** Bearer token for the server. (env `ARGO_TOKEN`) */
  token?: string;
  /**
   * Use TLS towards the server. Argo's CLI defaults to true; `argosy server` speaks plain HTTP on
   * 127.0.0.1, so Argosy's CLI defaults to false. @default false (env `ARGO_SECURE`)
   */
  secure: boolean;
  /** Default namespace. @default "default" (env `ARGO_NAMESPACE`) */
  namespace: string;
  /** Keep finished workflows in the archive. @default true (env `ARGOSY_ARCHIVE`) */
  archive: boolean;
  /** How long archived workflows are kept, as a Go duration or `7d`. @default forever (env `ARGOSY_ARCHIVE_TTL`) */
  archiveTTL?: string;
  /**
   * How many finished workflows to keep per phase, oldest deleted first (Argo's `retentionPolicy`),
   * e.g. `completed=10,failed=5,errored=5`. @default unlimited (env `ARGOSY_RETENTION`)
   */
  retention: RetentionPolicy;
  /** Where `argosy auth token` keeps hashed tokens. @default `<home>/tokens.json` (env `ARGOSY_TOKEN_FILE`) */
  tokenFile?: string;
  /**
   * The address webhook event sources listen on (each on its own `port`). @default `127.0.0.1`, so
   * a webhook is reachable from outside only when configured (env `ARGOSY_WEBHOOK_HOST`)
   */
  webhookHost: string;
}

export interface RetentionPolicy {
  completed?: number;
  failed?: number;
  errored?: number;
}

function parseRetention(v: string | undefined): RetentionPolicy | undefined {
  if (v === undefined || v === "") return undefined;
  const policy: RetentionPolicy = {};
  for (const part of v.split(",")) {
    const [key = "", value = ""] = part.split("=").map((x) => x.trim());
    const n = Number(value);
    if (!["completed", "failed", "errored"].includes(key) || !Number.isInteger(n) || n < 0)
      throw new Error(`ARGOSY_RETENTION must look like completed=10,failed=5,errored=5, not '${v}'`);
    policy[key as keyof RetentionPolicy] = n;
  }
  return policy;
}

export type ConfigFlags = Partial<Config>;

const truthy = (v: string | undefined): boolean | undefined =>
  v === undefined ? undefined : ["1", "true", "yes", "on"].includes(v.toLowerCase());

function parseSandbox(v: string | undefined): SandboxMode | undefined {
  if (v === undefined || v === "") return undefined;
  if (v === "auto" || v === "bwrap" || v === "none") return v;
  throw new Error(`ARGOSY_SANDBOX must be auto, bwrap or none, not '${v}'`);
}

function parseCount(name: string, v: string | undefined): number | undefined {
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number ≥ 1, not '${v}'`);
  return n;
}

/** Builds the configuration; `env` defaults to the process environment and `cores` to this machine's. */
export function loadConfig(flags: ConfigFlags = {}, env: NodeJS.ProcessEnv = process.env, cores = 2): Config {
  const defaults: Config = {
    home: join(homedir(), ".argosy"),
    sandbox: "auto",
    strictImages: false,
    maxPods: Math.max(4, cores * 4),
    secure: false,
    namespace: "default",
    archive: true,
    retention: {},
    webhookHost: "127.0.0.1",
  };
  const fromEnv: ConfigFlags = {
    ...(env.ARGOSY_HOME ? { home: env.ARGOSY_HOME } : {}),
    ...(parseSandbox(env.ARGOSY_SANDBOX) ? { sandbox: parseSandbox(env.ARGOSY_SANDBOX) } : {}),
    ...(truthy(env.ARGOSY_STRICT_IMAGES) !== undefined
      ? { strictImages: truthy(env.ARGOSY_STRICT_IMAGES) }
      : {}),
    ...(parseCount("ARGOSY_MAX_PODS", env.ARGOSY_MAX_PODS)
      ? { maxPods: parseCount("ARGOSY_MAX_PODS", env.ARGOSY_MAX_PODS) }
      : {}),
    ...(env.ARGOSY_IMAGE_PROFILES ? { imageProfilesFile: env.ARGOSY_IMAGE_PROFILES } : {}),
    ...(env.ARGOSY_ARTIFACT_REPOSITORY ? { artifactRepositoryFile: env.ARGOSY_ARTIFACT_REPOSITORY } : {}),
    ...(env.ARGO_SERVER ? { server: env.ARGO_SERVER } : {}),
    ...(env.ARGO_TOKEN ? { token: env.ARGO_TOKEN } : {}),
    ...(truthy(env.ARGO_SECURE) !== undefined ? { secure: truthy(env.ARGO_SECURE) } : {}),
    ...(env.ARGO_NAMESPACE ? { namespace: env.ARGO_NAMESPACE } : {}),
    ...(truthy(env.ARGOSY_ARCHIVE) !== undefined ? { archive: truthy(env.ARGOSY_ARCHIVE) } : {}),
    ...(env.ARGOSY_ARCHIVE_TTL ? { archiveTTL: env.ARGOSY_ARCHIVE_TTL } : {}),
    ...(parseRetention(env.ARGOSY_RETENTION) ? { retention: parseRetention(env.ARGOSY_RETENTION) } : {}),
    ...(env.ARGOSY_TOKEN_FILE ? { tokenFile: env.ARGOSY_TOKEN_FILE } : {}),
    ...(env.ARGOSY_WEBHOOK_HOST ? { webhookHost: env.ARGOSY_WEBHOOK_HOST } : {}),
  };
  const defined = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return { ...defaults, ...fromEnv, ...defined } as Config;
}
