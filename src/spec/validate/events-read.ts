/**
 * Small helpers the Argo Events rules share: "is this field set" as Argo's Go code sees it, a
 * collector that places each missing field at its own path, and the TLS, basic-auth and backoff
 * checks several sources and triggers repeat.
 */
import { type Issue, issue, warning } from "../problem.js";
import { goDurationProblem } from "./events-time.js";
import type { Path } from "./model.js";
import { asRecord, type Json } from "./read.js";

/** True when a field holds a value: not absent, not null, not "" and not an empty list or map. */
export function isSet(obj: Json | undefined, key: string): boolean {
  const value = obj?.[key];
  if (value === undefined || value === null || value === "") return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Collects issues for one object found at `at`. */
export class Findings {
  constructor(
    readonly out: Issue[],
    readonly at: Path,
    readonly obj: Json,
  ) {}

  /** Reports `message` at the field when it is not set. */
  need(key: string, message: string): void {
    if (!isSet(this.obj, key)) this.out.push(issue("required", [...this.at, key], message));
  }

  error(code: string, key: string | undefined, message: string): void {
    this.out.push(issue(code, key === undefined ? this.at : [...this.at, key], message));
  }

  warn(code: string, key: string | undefined, message: string): void {
    this.out.push(warning(code, key === undefined ? this.at : [...this.at, key], message));
  }

  /** The same helper for a nested map, or undefined when the field is not a map. */
  child(key: string): Findings | undefined {
    const obj = asRecord(this.obj[key]);
    return obj === undefined ? undefined : new Findings(this.out, [...this.at, key], obj);
  }
}

/** Argo's TLS rule: with verification on, a CA or a client certificate and key pair is needed. */
export function checkTls(f: Findings): void {
  const tls = f.child("tls");
  if (tls === undefined || tls.obj.insecureSkipVerify === true) return;
  const ca = isSet(tls.obj, "caCertSecret");
  const cert = isSet(tls.obj, "clientCertSecret");
  const key = isSet(tls.obj, "clientKeySecret");
  if (!ca && !cert && !key && tls.obj.enabled !== true) {
    tls.error(
      "invalid-value",
      undefined,
      "invalid tls config, please configure either caCertSecret, or clientCertSecret and clientKeySecret, or both",
    );
  } else if (cert !== key) {
    const missing = cert ? "clientKeySecret" : "clientCertSecret";
    tls.error(
      "required",
      missing,
      "invalid tls config, both clientCertSecret and clientKeySecret need to be configured",
    );
  }
}

/** Argo's basic-auth rule: both secrets are needed. */
export function checkBasicAuth(f: Findings, key = "auth"): void {
  const auth = f.child(key);
  if (auth === undefined) return;
  auth.need("username", "username missing");
  auth.need("password", "password missing");
}

/** A Backoff's duration is a number of nanoseconds or a Go duration string (`10s`; `"10"` fails in Argo). */
export function checkBackoff(f: Findings, key: string): void {
  const backoff = f.child(key);
  const duration = backoff?.obj.duration;
  if (backoff === undefined || typeof duration !== "string") return;
  const problem = goDurationProblem(duration);
  if (problem !== undefined)
    backoff.error("invalid-value", "duration", `invalid backoff duration: ${problem}`);
}
