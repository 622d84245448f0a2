/**
 * Argo Events' `Backoff` (trigger `retryStrategy`, k8s `policy.backoff`) as the waits between
 * attempts. Argo converts it to Kubernetes' `wait.Backoff`: `steps` attempts in all (default 5
 * when the field is 0), the first wait `duration` (a Go duration string, or an integer of
 * nanoseconds; default 1s), each next one multiplied by `factor` (default 1; 0 keeps it constant),
 * and each wait lengthened by up to `jitter` × itself at random (default 1).
 */
import { parseDuration } from "../../expr/index.js";
import { invalid } from "../../util/errors.js";
import type { Backoff } from "../types.js";

/** Argo's `DefaultBackoff` (used where Argo retries internally, e.g. bus connections). */
export const defaultBackoff: Readonly<Backoff> = Object.freeze({
  steps: 5,
  duration: "1s",
  factor: 1,
  jitter: 1,
});

/** Upper bounds that keep a silly manifest from allocating or overflowing timers. */
const maxSteps = 10_000;
const maxDelayMs = 2_147_483_647;

/** Go's `time.ParseDuration`, in milliseconds (`"1h30m"`, `"2.5s"`, `"300ms"`); throws `Invalid`. */
export function parseGoDuration(s: string): number {
  try {
    return parseDuration(s);
  } catch (e) {
    throw invalid(e instanceof Error ? e.message : String(e), { cause: e });
  }
}

/** A `duration` field: a Go duration string, or an integer number of nanoseconds. */
export function backoffDurationMs(d: string | number | undefined): number {
  if (d === undefined) return 1000;
  if (typeof d === "number") {
    if (!Number.isFinite(d)) throw invalid(`invalid backoff duration ${d}`);
    return d / 1e6;
  }
  return parseGoDuration(d);
}

/** An `Amount` field (`factor`, `jitter`): a number or numeric text. */
function amount(v: number | string | undefined, fallback: number, what: string): number {
  if (v === undefined) return fallback;
  const n =
    typeof v === "number"
      ? v
      : /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v)
        ? Number(v)
        : Number.NaN;
  if (!Number.isFinite(n)) throw invalid(`invalid ${what}, "${v}" is not a number`);
  return n;
}

/**
 * Milliseconds to wait before each retry: `steps - 1` entries. `undefined` means a trigger without
 * `retryStrategy`, which Argo runs once (`[]`). `random` is injectable for tests.
 * Throws `Invalid` for an unparsable duration, factor or jitter.
 */
export function backoffDelays(b: Backoff | undefined, random: () => number = Math.random): number[] {
  if (b === undefined) return [];
  const base = backoffDurationMs(b.duration);
  const factor = amount(b.factor, 1, "factor");
  const jitter = amount(b.jitter, 1, "jitter");
  const steps = Math.min(b.steps !== undefined && b.steps > 0 ? Math.floor(b.steps) : 5, maxSteps);
  const out: number[] = [];
  let d = base;
  for (let k = 1; k < steps; k++) {
    const wait = jitter > 0 ? d + random() * jitter * d : d;
    out.push(Math.min(Math.max(0, wait), maxDelayMs));
    if (factor !== 0) d = Math.min(d * factor, maxDelayMs);
  }
  return out;
}
