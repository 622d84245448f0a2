/**
 * What the message-queue sources (redis, redisStream, nats, amqp, mqtt) share: reading entry
 * fields, Argo's `Backoff` as a delay schedule, a connection supervisor that reconnects forever,
 * the serial handling of messages (emit before ack, retried until the bus takes the event), body
 * decoding as Argo's `jsonBody` does it, the `filter.expression` every source type may carry, and
 * TLS material from secrets.
 */
import { createHash } from "node:crypto";
import { argoEnv, evalBool, parseDurationNs, unmarshal } from "../../expr/index.js";
import { invalid } from "../../util/errors.js";
import type { Backoff, KeySelector, SourceContext, SourceEntry, TLSConfig } from "../types.js";

// ---------------------------------------------------------------------------------------------
// Entry fields

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

export function optionalString(entry: SourceEntry, key: string): string | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw invalid(`${key} must be a string`);
  return value;
}

export function optionalNumber(entry: SourceEntry, key: string): number | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  if (typeof n !== "number" || !Number.isInteger(n)) throw invalid(`${key} must be an integer`);
  return n;
}

export const isTrue = (entry: SourceEntry, key: string): boolean =>
  entry[key] === true || entry[key] === "true";

export function optionalRecord(entry: SourceEntry, key: string): Record<string, unknown> | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value)) throw invalid(`${key} must be an object`);
  return value;
}

export function stringList(entry: SourceEntry, key: string): string[] | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
    throw invalid(`${key} must be a list of strings`);
  return value;
}

export function optionalSelector(entry: Record<string, unknown>, key: string): KeySelector | undefined {
  const value = entry[key];
  if (value === undefined || value === null) return undefined;
  if (!isRecord(value) || typeof value.name !== "string" || typeof value.key !== "string")
    throw invalid(`${key} must be a secret key selector with name and key`);
  return value as unknown as KeySelector;
}

/** `metadata` as Argo's `map[string]string`; absent or empty is left out of `data` (`omitempty`). */
export function metadataOf(entry: SourceEntry): Record<string, string> | undefined {
  const value = optionalRecord(entry, "metadata");
  if (value === undefined || Object.keys(value).length === 0) return undefined;
  return sortedRecord(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

/** An object with its keys in Go's `json.Marshal` order for maps (sorted), so `data` reads the same. */
export function sortedRecord<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  return Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * A UUID derived from `parts` (SHA-256, shaped as a version-5 UUID): a message the broker delivers
 * again after a crash gets the same event id, and the bus drops the second publish.
 */
export function stableEventId(parts: readonly string[]): string {
  const hex = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((Number.parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// Backoff

/** Argo's `DefaultBackoff`: 1s, factor 1, jitter 1, 5 steps. */
const defaultBackoff = { durationMs: 1000, factor: 1, jitter: 1, steps: 5 };
const maxDelayMs = 5 * 60_000;

/**
 * `connectionBackoff` as a delay (ms) per failed attempt: `duration × factor^n`, plus up to
 * `jitter × delay` at random, as Kubernetes' wait.Backoff. Where Argo gives up after `steps`, a
 * source keeps retrying at the last step's delay (capped at 5 minutes): a broker that comes back
 * an hour later is still picked up.
 */
export function backoffDelays(backoff: Backoff | undefined): (attempt: number) => number {
  const duration = backoff?.duration;
  const durationMs =
    duration === undefined
      ? defaultBackoff.durationMs
      : typeof duration === "number"
        ? duration / 1e6 // an integer duration is nanoseconds, as Argo's Int64OrString
        : parseDurationNs(duration) / 1e6;
  const factor = backoff?.factor === undefined ? defaultBackoff.factor : Number(backoff.factor);
  const jitter = backoff?.jitter === undefined ? defaultBackoff.jitter : Number(backoff.jitter);
  const steps = backoff?.steps && backoff.steps > 0 ? backoff.steps : defaultBackoff.steps;
  if (!Number.isFinite(durationMs) || !Number.isFinite(factor) || !Number.isFinite(jitter))
    throw invalid("connectionBackoff: invalid duration, factor or jitter");
  return (attempt) => {
    const base = Math.min(durationMs * (factor > 0 ? factor : 1) ** Math.min(attempt, steps - 1), maxDelayMs);
    return jitter > 0 ? base + Math.random() * jitter * base : base;
  };
}

export function parseBackoff(entry: SourceEntry, key = "connectionBackoff"): (attempt: number) => number {
  return backoffDelays(optionalRecord(entry, key) as Backoff | undefined);
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

export const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// ---------------------------------------------------------------------------------------------
// Bodies and filters

export type Decoded = { ok: true; body: unknown } | { ok: false; error: string };

/**
 * A payload as Argo puts it in `data.body`: with `jsonBody` the parsed JSON (a payload that is not
 * JSON is an error: the message is skipped); else text sources (redis) give the string and byte
 * sources (nats, amqp, mqtt) give base64, which is how Go's json.Marshal writes a `[]byte`.
 */
export function decodeBody(payload: Buffer | string, jsonBody: boolean, raw: "string" | "bytes"): Decoded {
  if (jsonBody) {
    try {
      return { ok: true, body: JSON.parse(typeof payload === "string" ? payload : payload.toString("utf8")) };
    } catch (error) {
      return { ok: false, error: `payload is not JSON (jsonBody is true): ${errorText(error)}` };
    }
  }
  if (raw === "string")
    return { ok: true, body: typeof payload === "string" ? payload : payload.toString("utf8") };
  return {
    ok: true,
    body: (typeof payload === "string" ? Buffer.from(payload) : payload).toString("base64"),
  };
}

/**
 * `filter.expression`, evaluated as Argo's event source adaptor does: expr-lang over the top-level
 * keys of `data` (with `-` in names turned into `_`), JSON numbers as floats. Undefined when the
 * entry has no filter; the predicate throws when the expression fails (the event is then dropped).
 */
export function sourceFilter(entry: SourceEntry): ((data: unknown) => boolean) | undefined {
  const filter = optionalRecord(entry, "filter");
  const expression = filter?.expression;
  if (expression === undefined || expression === "") return undefined;
  if (typeof expression !== "string") throw invalid("filter.expression must be a string");
  return (data) => {
    const parsed = unmarshal(JSON.stringify(data));
    const params = Object.entries(isRecord(parsed) ? parsed : {}).map(
      ([k, v]) => [k.replaceAll("-", "_"), v] as const,
    );
    return evalBool(expression, argoEnv(params));
  };
}

// ---------------------------------------------------------------------------------------------
// TLS

export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized: boolean;
}

/** Argo's `tls` block as Node TLS options, the PEMs read from secrets. */
export async function tlsMaterial(tls: unknown, context: SourceContext): Promise<TlsMaterial | undefined> {
  if (tls === undefined || tls === null) return undefined;
  if (!isRecord(tls)) throw invalid("tls must be an object");
  const config = tls as TLSConfig;
  const read = async (selector: KeySelector | undefined) =>
    selector === undefined ? undefined : await context.secret(selector);
  const material: TlsMaterial = { rejectUnauthorized: config.insecureSkipVerify !== true };
  const [ca, cert, key] = await Promise.all([
    read(config.caCertSecret),
    read(config.clientCertSecret),
    read(config.clientKeySecret),
  ]);
  if (ca !== undefined) material.ca = ca;
  if (cert !== undefined) material.cert = cert;
  if (key !== undefined) material.key = key;
  return material;
}

// ---------------------------------------------------------------------------------------------
// Running: connection supervision and message handling

/** One live connection of a source; `closed` settles when it drops (or is closed). */
export interface Session {
  closed: Promise<unknown>;
  close(): Promise<void>;
}

export interface SourceRunnerOptions {
  context: SourceContext;
  /** For log lines: "redis", "amqp", … */
  name: string;
  /** Delay before reconnect attempt n (from `connectionBackoff`). */
  delays: (attempt: number) => number;
  /** Connects, subscribes and returns the session; throws when it cannot. */
  connect: () => Promise<Session>;
}

/** Delay between attempts to hand one event to the bus. */
const emitRetryMs = (attempt: number) => Math.min(250 * 2 ** attempt, 30_000);

/**
 * Runs one source entry: keeps a session up (reconnecting with backoff, each failure logged, never
 * throwing), and handles messages one at a time in arrival order, so an ack always follows the
 * emit of its own message. `stop()` lets the message in hand finish (emit and ack), drops the
 * rest (unacked: the broker redelivers them), then closes the session.
 */
export class SourceRunner {
  readonly #options: SourceRunnerOptions;
  readonly #stopping = new AbortController();
  #tail: Promise<void> = Promise.resolve();
  #session: Session | undefined;
  #loop: Promise<void> | undefined;
  #stopped: Promise<void> | undefined;

  constructor(options: SourceRunnerOptions) {
    this.#options = options;
    options.context.signal.addEventListener("abort", () => void this.stop(), { once: true });
  }

  get stopping(): boolean {
    return this.#stopping.signal.aborted;
  }

  /** Starts the connection loop; resolves after the first attempt, connected or not. */
  async start(): Promise<void> {
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => {
      firstAttempt = resolve;
    });
    this.#loop = this.#run(firstAttempt);
    if (this.#options.context.signal.aborted) void this.stop();
    await attempted;
  }

  async #run(firstAttempt: () => void): Promise<void> {
    const { context, name, delays, connect } = this.#options;
    const signal = this.#stopping.signal;
    for (let attempt = 0; !signal.aborted; ) {
      try {
        const session = await connect();
        attempt = 0;
        firstAttempt();
        if (signal.aborted) {
          await session.close().catch(() => {});
          return;
        }
        this.#session = session;
        let onAbort!: () => void;
        const stopped = new Promise<void>((resolve) => {
          onAbort = resolve;
          signal.addEventListener("abort", onAbort, { once: true });
        });
        const reason = await Promise.race([
          session.closed.then(
            (r) => r,
            (e: unknown) => e,
          ),
          stopped,
        ]);
        signal.removeEventListener("abort", onAbort);
        if (signal.aborted) return;
        this.#session = undefined;
        await session.close().catch(() => {});
        context.log("warn", `${name}: connection lost, reconnecting`, { error: errorText(reason) });
      } catch (error) {
        firstAttempt();
        if (signal.aborted) return;
        const delay = delays(attempt++);
        context.log("warn", `${name}: failed to connect, retrying in ${Math.round(delay)} ms`, {
          error: errorText(error),
          attempt,
        });
        await sleep(delay, signal);
        continue;
      }
      await sleep(delays(attempt++), signal);
    }
  }

  /**
   * Queues the handling of one message: `work` runs after the previous message's, unless the source
   * is stopping. Resolves when it ran (true) or was skipped (false); errors are logged, not thrown.
   */
  handle(work: () => Promise<void>): Promise<boolean> {
    if (this.stopping) return Promise.resolve(false);
    const done = this.#tail.then(async () => {
      if (this.stopping) return false;
      try {
        await work();
      } catch (error) {
        this.#options.context.log("error", `${this.#options.name}: failed to handle a message`, {
          error: errorText(error),
        });
      }
      return true;
    });
    this.#tail = done.then(() => {});
    return done;
  }

  /**
   * Emits one event, retrying while the bus refuses it; true once the bus holds it, false if the
   * source stopped first (the message must then stay unacknowledged). Applies `filter` first: a
   * filtered-out event or a failing filter is "handled" (true) but not emitted.
   */
  async deliver(
    data: unknown,
    options: { id?: string; filter?: ((data: unknown) => boolean) | undefined } = {},
  ): Promise<boolean> {
    const { context, name } = this.#options;
    if (options.filter) {
      try {
        if (!options.filter(data)) {
          context.log("debug", `${name}: filter condition not met, event skipped`);
          return true;
        }
      } catch (error) {
        context.log("error", `${name}: failed to filter event, event skipped`, { error: errorText(error) });
        return true;
      }
    }
    for (let attempt = 0; ; attempt++) {
      if (this.stopping && attempt > 0) return false;
      try {
        await context.emit(data, options.id === undefined ? undefined : { id: options.id });
        return true;
      } catch (error) {
        context.log("error", `${name}: failed to publish the event, retrying`, {
          error: errorText(error),
          attempt,
        });
        await sleep(emitRetryMs(attempt), this.#stopping.signal);
      }
    }
  }

  /** Stops: finishes the message in hand, closes the session, ends the loop (idempotent). */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      this.#stopping.abort();
      await this.#tail;
      await this.#session?.close().catch(() => {});
      this.#session = undefined;
      await this.#loop;
      this.#options.context.log("info", `${this.#options.name}: stopped`);
    })();
    return this.#stopped;
  }
}
