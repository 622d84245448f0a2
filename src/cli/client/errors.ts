/**
 * Errors from an Argo Server. The server answers failures with `{code, message}` where `code` is
 * a gRPC status code; Argo's CLI shows them as `rpc error: code = NotFound desc = …`, and so do
 * we, since that is the text users search for. Connection failures read like Go's HTTP client's.
 */

export const grpcCodes = [
  "OK",
  "Canceled",
  "Unknown",
  "InvalidArgument",
  "DeadlineExceeded",
  "NotFound",
  "AlreadyExists",
  "PermissionDenied",
  "ResourceExhausted",
  "FailedPrecondition",
  "Aborted",
  "OutOfRange",
  "Unimplemented",
  "Internal",
  "Unavailable",
  "DataLoss",
  "Unauthenticated",
] as const;

export type GrpcCode = (typeof grpcCodes)[number];

const byHttpStatus: Record<number, GrpcCode> = {
  400: "InvalidArgument",
  401: "Unauthenticated",
  403: "PermissionDenied",
  404: "NotFound",
  409: "AlreadyExists",
  412: "FailedPrecondition",
  429: "ResourceExhausted",
  499: "Canceled",
  501: "Unimplemented",
  503: "Unavailable",
  504: "DeadlineExceeded",
};

/** Our own error codes (src/util/errors.ts), should a server send them by name. */
const byArgosyCode: Record<string, GrpcCode> = {
  Invalid: "InvalidArgument",
  Conflict: "FailedPrecondition",
  Unauthorized: "Unauthenticated",
};

/** An error answer from the server, or a failure to reach it. */
export class ApiError extends Error {
  constructor(
    readonly code: GrpcCode,
    readonly detail: string,
    readonly httpStatus?: number,
    options?: { cause?: unknown },
  ) {
    super(`rpc error: code = ${code} desc = ${detail}`, options);
    this.name = "ApiError";
  }
}

export const isApiError = (e: unknown): e is ApiError => e instanceof ApiError;
export const isNotFound = (e: unknown): boolean => isApiError(e) && e.code === "NotFound";

function codeOf(code: unknown, httpStatus: number): GrpcCode {
  if (typeof code === "number" && grpcCodes[code]) return grpcCodes[code];
  if (typeof code === "string") {
    if ((grpcCodes as readonly string[]).includes(code)) return code as GrpcCode;
    if (byArgosyCode[code]) return byArgosyCode[code];
  }
  return byHttpStatus[httpStatus] ?? (httpStatus >= 500 ? "Internal" : "Unknown");
}

/** Builds the error for a non-2xx answer from its body (JSON `{code, message}` or plain text). */
export function errorFromBody(httpStatus: number, body: string): ApiError {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === "object") {
    const o = parsed as { code?: unknown; message?: unknown; error?: unknown };
    const inner =
      o.error && typeof o.error === "object" ? (o.error as { code?: unknown; message?: unknown }) : undefined;
    const message = inner?.message ?? o.message ?? (typeof o.error === "string" ? o.error : undefined);
    if (typeof message === "string")
      return new ApiError(codeOf(inner?.code ?? o.code, httpStatus), message, httpStatus);
  }
  const text = body.trim() || `the server answered ${httpStatus}`;
  return new ApiError(codeOf(undefined, httpStatus), text, httpStatus);
}

/** A connection-level failure, worded like Go's `Get "url": dial tcp host:port: connect: …`. */
export function connectionError(method: string, url: string, cause: unknown): Error {
  const e = cause as { code?: string; address?: string; port?: number; message?: string };
  const verb = method.charAt(0) + method.slice(1).toLowerCase();
  const where = e.address ? `${e.address}:${e.port ?? ""}` : new URL(url).host;
  const why =
    e.code === "ECONNREFUSED"
      ? `dial tcp ${where}: connect: connection refused`
      : e.code === "ENOTFOUND"
        ? `dial tcp: lookup ${new URL(url).hostname}: no such host`
        : (e.message ?? String(cause));
  return new Error(`${verb} "${url}": ${why}`, { cause });
}
