/**
 * Errors as Argo Server answers them. Argo's HTTP API is grpc-gateway in front of gRPC services, so
 * an error body is a `google.rpc.Status` in JSON, `{"code": <grpc code>, "message": "…"}`, with the
 * HTTP status grpc-gateway derives from the code. This is the one place where ArgosyError codes
 * become gRPC codes and HTTP statuses.
 */
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { isArgosyError } from "../util/errors.js";

/** The gRPC status codes Argo's API answers with. */
export const GrpcCode = {
  Canceled: 1,
  Unknown: 2,
  InvalidArgument: 3,
  DeadlineExceeded: 4,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;
export type GrpcCodeNumber = (typeof GrpcCode)[keyof typeof GrpcCode];

/** grpc-gateway's code → HTTP status table (FailedPrecondition is 400, as in grpc-gateway v1). */
const httpStatusOf: Record<number, ContentfulStatusCode> = {
  1: 408,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  12: 501,
  13: 500,
  14: 503,
  16: 401,
};

/** An error the server answers with a given gRPC code (for cases ArgosyError has no code for). */
export class ApiError extends Error {
  readonly grpcCode: GrpcCodeNumber;
  constructor(grpcCode: GrpcCodeNumber, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.grpcCode = grpcCode;
    this.name = "ApiError";
  }
}

export const badRequest = (message: string) => new ApiError(GrpcCode.InvalidArgument, message);
export const permissionDenied = (message = "permission denied") =>
  new ApiError(GrpcCode.PermissionDenied, message);
export const unauthenticated = (message = "token not valid") =>
  new ApiError(GrpcCode.Unauthenticated, message);

/**
 * How an ArgosyError `Conflict` reads in context: `AlreadyExists` (409) for creates and versioned
 * updates, `FailedPrecondition` (400) for operations that do not apply in a workflow's current state
 * (retrying a running workflow), as Argo reports those as bad requests.
 */
export type ConflictMeaning = "exists" | "precondition";

/** The gRPC code and message for any thrown value; unknown errors are Internal. */
export function toStatus(
  e: unknown,
  conflict: ConflictMeaning = "exists",
): { code: number; message: string } {
  if (e instanceof ApiError) return { code: e.grpcCode, message: e.message };
  if (isArgosyError(e)) {
    switch (e.code) {
      case "NotFound":
        return { code: GrpcCode.NotFound, message: e.message };
      case "Invalid":
        return { code: GrpcCode.InvalidArgument, message: e.message };
      case "Conflict":
        return {
          code: conflict === "exists" ? GrpcCode.AlreadyExists : GrpcCode.FailedPrecondition,
          message: e.message,
        };
      case "Unauthorized":
        return { code: GrpcCode.Unauthenticated, message: e.message };
      case "Internal":
        return { code: GrpcCode.Internal, message: e.message };
    }
  }
  return { code: GrpcCode.Internal, message: e instanceof Error ? e.message : String(e) };
}

/** The HTTP status grpc-gateway gives a gRPC code. */
export const httpStatusFor = (code: number): ContentfulStatusCode => httpStatusOf[code] ?? 500;

/** Answers with Argo's error JSON. */
export function errorResponse(c: Context, e: unknown, conflict?: ConflictMeaning): Response {
  const status = toStatus(e, conflict);
  return c.json(status, httpStatusFor(status.code));
}

/** Kubernetes' plural resource names, for its `<plural>.argoproj.io "<name>" not found` messages. */
const plurals: Record<string, string> = {
  Workflow: "workflows",
  WorkflowTemplate: "workflowtemplates",
  ClusterWorkflowTemplate: "clusterworkflowtemplates",
  CronWorkflow: "cronworkflows",
  WorkflowEventBinding: "workfloweventbindings",
};

/** Kubernetes' NotFound, worded as the API server words it. */
export function objectNotFound(kind: string, name: string): ApiError {
  return new ApiError(
    GrpcCode.NotFound,
    `${plurals[kind] ?? kind.toLowerCase()}.argoproj.io "${name}" not found`,
  );
}

/** Kubernetes' AlreadyExists, worded as the API server words it. */
export function objectExists(kind: string, name: string): ApiError {
  return new ApiError(
    GrpcCode.AlreadyExists,
    `${plurals[kind] ?? kind.toLowerCase()}.argoproj.io "${name}" already exists`,
  );
}

/** Kubernetes' answer to an update made against an old resourceVersion (409, AlreadyExists as Argo maps it). */
export function versionConflict(kind: string, name: string): ApiError {
  return new ApiError(
    GrpcCode.AlreadyExists,
    `Operation cannot be fulfilled on ${plurals[kind] ?? kind.toLowerCase()}.argoproj.io "${name}": the object has been modified; please apply your changes to the latest version and try again`,
  );
}
