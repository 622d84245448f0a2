/**
 * B5: 1,000 two-step workflows submitted at once to a running `argosy server` (fresh home on
 * disk, as a user's), timed from the first submission until the watch has seen all of them end.
 * The figure is workflows completed per minute; make runs the same 1,000 two-process chains.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { container, startArgosyServer, submit, watchUntilDone, workflow } from "../lib/argosy.mjs";
import { row } from "../lib/compare.mjs";
import { runMake, writeMakefile } from "../lib/make.mjs";
import { best, timeIt } from "../lib/measure.mjs";

const N = 1000;
/** Submissions in flight at once (HTTP requests, not workflows: all are queued by the server). */
const IN_FLIGHT = 50;

const twoSteps = (name) =>
  workflow(name, [
    { name: "main", steps: [[{ name: "a", template: "noop" }], [{ name: "b", template: "noop" }]] },
    container("noop", ["true"]),
  ]);

async function submitAll(url, names) {
  let next = 0;
  const worker = async () => {
    while (next < names.length) await submit(url, twoSteps(names[next++]));
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

export default {
  name: "B5",
  title: `${N.toLocaleString("en")} two-step workflows submitted at once to a server`,
  async run(ctx) {
    const rows = [];
    for (const sandbox of ctx.modes) {
      ctx.log(`B5 argosy ${sandbox}…`);
      let rss = 0;
      let submitMs = 0;
      const r = await best(ctx.repeat, async (rep) => {
        const server = await startArgosyServer(sandbox);
        try {
          const names = Array.from({ length: N }, (_, i) => `b5-${rep}-${i}`);
          const watching = watchUntilDone(server.url, names);
          const { ms } = await timeIt(async () => {
            const submitted = await timeIt(() => submitAll(server.url, names));
            submitMs = submitted.ms;
            return watching;
          });
          const phases = await watching;
          const bad = [...phases.values()].filter((p) => p !== "Succeeded").length;
          if (bad > 0) throw new Error(`B5: ${bad} workflows did not succeed`);
          rss = Math.max(rss, server.rssMB() ?? 0);
          return { ms };
        } finally {
          await server.stop();
        }
      });
      rows.push(
        row({
          workload: "B5",
          mode: `argosy ${sandbox}`,
          ...r,
          rssMB: rss,
          unit: "workflow",
          units: N,
          perMinute: Math.round((N * 60_000) / r.ms),
          note: `submitting took ${Math.round(submitMs)} ms`,
        }),
      );
    }
    if (ctx.make) {
      const dir = join(ctx.tmp, "B5");
      mkdirSync(dir, { recursive: true });
      const tasks = [];
      for (let i = 0; i < N; i++) {
        tasks.push(
          { name: `a${i}`, cmd: "true" },
          { name: `b${i}`, deps: [`a${i}`], cmd: "true", final: true },
        );
      }
      writeMakefile(dir, tasks, "all");
      ctx.log("B5 make…");
      const r = await best(ctx.repeat, () => runMake(dir));
      rows.push(
        row({
          workload: "B5",
          mode: "make -j2",
          ...r,
          unit: "workflow",
          units: N,
          perMinute: Math.round((N * 60_000) / r.ms),
        }),
      );
    }
    return rows;
  },
};
