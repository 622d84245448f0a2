/**
 * `argosy server --auth-mode server|client` (Argo's flag; Argo's `sso` is not offered). In `server`
 * mode no token is asked for, so the server must not be reachable from other machines: it may bind
 * only a loopback address.
 */
import { invalid } from "../../util/errors.js";

/** `server`: no tokens, loopback only. `client`: every API request needs a bearer token. */
export type AuthMode = "server" | "client";
export const authModes: readonly AuthMode[] = ["server", "client"];

/** @default "server" when `value` is undefined or empty. */
export function parseAuthMode(value: string | undefined): AuthMode {
  if (value === undefined || value === "") return "server";
  if (value === "server" || value === "client") return value;
  if (value === "sso" || value === "hybrid")
    throw invalid(`--auth-mode ${value} is not supported by argosy; use server or client`);
  throw invalid(`--auth-mode must be server or client, not '${value}'`);
}

const loopback = new Set(["127.0.0.1", "::1", "[::1]", "localhost"]);

/** True for the addresses `--auth-mode server` may listen on. */
export const isLoopbackHost = (host: string): boolean => loopback.has(host.trim().toLowerCase());

/** Throws Invalid when `mode` is `server` and `host` is not 127.0.0.1, ::1 or localhost. */
export function checkBindAllowed(mode: AuthMode, host: string): void {
  if (mode !== "server" || isLoopbackHost(host)) return;
  throw invalid(
    `refusing to listen on '${host}' with --auth-mode server: that mode lets every request in without a token, ` +
      "so it binds only 127.0.0.1, ::1 or localhost. To listen on other addresses, use --auth-mode client " +
      "and create tokens with 'argosy auth token create'",
  );
}
