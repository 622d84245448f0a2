/**
 * `filterEvent`: a dependency's filters applied to one event, as Argo's `filterEvent`. The kinds
 * (exprs, data, context, time, script, in Argo's order) combine with the dependency's
 * `filtersLogicalOperator`: `and` (default) needs every kind that is set to pass and stops at the
 * first failure (so the Lua script runs only when the rest passed); `or` needs one kind that is
 * set to pass. A dependency without filters passes everything.
 */
import type { CloudEvent, EventDependency } from "../../types.js";
import { filterContext, filterTime } from "./context-time.js";
import { filterData } from "./data.js";
import { filterExprs } from "./expr.js";
import { type FilterResult, isOr, passed } from "./result.js";
import { filterScript } from "./script.js";

export type { FilterResult } from "./result.js";

export async function filterEvent(
  dependency: EventDependency,
  event: CloudEvent,
  now: Date,
): Promise<FilterResult> {
  const f = dependency.filters;
  if (!f) return passed;
  const { data, ...context } = event;
  const kinds: { set: boolean; run: () => FilterResult | Promise<FilterResult> }[] = [
    { set: f.exprs !== undefined, run: () => filterExprs(f.exprs, f.exprLogicalOperator, data) },
    { set: f.data !== undefined, run: () => filterData(f.data, f.dataLogicalOperator, data) },
    { set: f.context !== undefined, run: () => filterContext(f.context, context) },
    { set: f.time !== undefined, run: () => filterTime(f.time, event.time, now) },
    { set: Boolean(f.script), run: () => filterScript(f.script, data) },
  ];
  const active = kinds.filter((k) => k.set);
  if (active.length === 0) return passed;
  if (!isOr(dependency.filtersLogicalOperator)) {
    for (const kind of active) {
      const r = await kind.run();
      if (!r.pass) return r;
    }
    return passed;
  }
  const reasons: string[] = [];
  for (const kind of active) {
    const r = await kind.run();
    if (r.pass) return passed;
    if (r.reason) reasons.push(r.reason);
  }
  return { pass: false, reason: `no filter passed (filtersLogicalOperator or): ${reasons.join("; ")}` };
}
