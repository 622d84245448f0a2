/**
 * The common shape of a process workload: one Workflow run by `argosy run` under each sandbox mode,
 * and the same graph under `make -j2`, each measured `repeat` times (best kept). Produces the
 * table rows; `verify(workflow)` checks what the run produced and may return extra figures.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { argosyRun, writeManifest } from "./argosy.mjs";
import { runMake, writeMakefile } from "./make.mjs";
import { best } from "./measure.mjs";

/** A table row. `units` of `unit` (steps, hops, …) give the per-unit cost. */
export function row({ workload, variant = "", mode, ms, unit, units, rssMB, runsMs, ...extra }) {
  return {
    workload,
    variant,
    mode,
    ms: Math.round(ms),
    unit,
    units,
    perUnitMs: units ? +(ms / units).toFixed(3) : undefined,
    rssMB: rssMB === undefined ? undefined : Math.round(rssMB),
    runsMs,
    ...extra,
  };
}

/**
 * Runs `wf` through Argosy (each of `ctx.modes`) and `tasks` through make. `unit`/`units` name
 * the per-unit figure. Resolves with the rows, Argosy first.
 */
export async function argosyAndMake(ctx, { workload, variant, wf, tasks, unit, units, verify }) {
  const dir = join(ctx.tmp, `${workload}${variant ? `-${variant}` : ""}`);
  mkdirSync(dir, { recursive: true });
  const file = writeManifest(dir, wf);
  writeMakefile(dir, tasks, "all");
  const rows = [];
  for (const sandbox of ctx.modes) {
    ctx.log(`${workload}${variant ? ` ${variant}` : ""} argosy ${sandbox}…`);
    let extra = {};
    const r = await best(ctx.repeat, async () => {
      const run = await argosyRun(file, sandbox);
      extra = verify ? verify(run.workflow) : {};
      return run;
    });
    rows.push(row({ workload, variant, mode: `argosy ${sandbox}`, ...r, unit, units, ...extra }));
  }
  if (ctx.make) {
    ctx.log(`${workload}${variant ? ` ${variant}` : ""} make…`);
    const r = await best(ctx.repeat, () => runMake(dir));
    rows.push(row({ workload, variant, mode: "make -j2", ...r, unit, units }));
  }
  return rows;
}

/** The node whose display name is `name` (throws when absent). */
export function nodeNamed(wf, name) {
  const node = Object.values(wf.status?.nodes ?? {}).find((n) => n.displayName === name);
  if (!node) throw new Error(`${wf.metadata.name}: no node ${name}`);
  return node;
}

/** Counts the Pod nodes that succeeded. */
export const succeededPods = (wf) =>
  Object.values(wf.status?.nodes ?? {}).filter((n) => n.type === "Pod" && n.phase === "Succeeded").length;
