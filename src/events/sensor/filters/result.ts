/**
 * The outcome of a filter: whether the event passes and, when it does not, a sentence for the
 * sensor's log naming the filter kind and the reason (`data filter "body.action": value "closed"
 * is not one of [opened]`). Filters never throw for bad input: a bad regexp, a missing path or a
 * failing script is a failed filter with its reason.
 */

export interface FilterResult {
  pass: boolean;
  reason?: string;
}

export const passed: FilterResult = Object.freeze({ pass: true });

export const failed = (reason: string): FilterResult => ({ pass: false, reason });

/** Argo's `and` (default) / `or` over a list of checks; an unknown operator counts as `and`. */
export function isOr(operator: string | undefined): boolean {
  return operator === "or";
}

/** Combines per-item results: `and` stops at the first failure, `or` passes on the first success. */
export function combine(
  kind: string,
  operator: string | undefined,
  checks: readonly (() => FilterResult)[],
): FilterResult {
  if (!isOr(operator)) {
    for (const check of checks) {
      const r = check();
      if (!r.pass) return r;
    }
    return passed;
  }
  const reasons: string[] = [];
  for (const check of checks) {
    const r = check();
    if (r.pass) return passed;
    if (r.reason) reasons.push(r.reason);
  }
  return failed(`no ${kind} filter passed (or): ${reasons.join("; ")}`);
}

/** Error text of anything thrown. */
export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
