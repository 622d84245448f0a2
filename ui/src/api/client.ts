/**
 * The one place that talks HTTP to `argosy server`. Argo Server answers errors as
 * `{"code": <gRPC code>, "message": "…"}` with a matching HTTP status; they become `ApiError`s so
 * pages can show the message (and tests can read the code).
 */

/** An error answer of the API: the gRPC `code`, the HTTP `status` and the server's message. */
export class ApiError extends Error {
  readonly code: number;
  readonly status: number;
  constructor(status: number, code: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
  }
}

export interface RequestOptions {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  signal?: AbortSignal;
}

/** Query string from a record, skipping empty values. */
export function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== "") q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

/** Path segment escaping (names and namespaces are DNS-ish, but never trust that). */
export const seg = (s: string) => encodeURIComponent(s);

async function errorOf(res: Response): Promise<ApiError> {
  const text = await res.text().catch(() => "");
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    if (typeof body.message === "string") {
      return new ApiError(res.status, typeof body.code === "number" ? body.code : 2, body.message);
    }
  } catch {
    // not JSON: use the text
  }
  return new ApiError(res.status, 2, text.trim() || `${res.status} ${res.statusText}`);
}

/** Sends a request and returns the parsed JSON body; throws `ApiError` for any non-2xx answer. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const init: RequestInit = { method: options.method ?? "GET", headers: { Accept: "application/json" } };
  if (options.signal) init.signal = options.signal;
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { ...init.headers, "Content-Type": "application/json" };
  }
  let res: Response;
  try {
    res = await fetch(path, init);
  } catch (e) {
    if (e instanceof DOMException && e.name === "AbortError") throw e;
    throw new ApiError(0, 14, `cannot reach the server: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!res.ok) throw await errorOf(res);
  const text = await res.text();
  return (text ? JSON.parse(text) : {}) as T;
}

/** True for the abort of a request whose page went away (not worth reporting). */
export const isAbort = (e: unknown) => e instanceof DOMException && e.name === "AbortError";
