/** B2: a chain of 500 DAG tasks, each depending on the previous one; the figure is per hop. */
import { container, workflow } from "../lib/argosy.mjs";
import { bwrapLoop } from "../lib/bwrap-loop.mjs";
import { argosyAndMake, row, succeededPods } from "../lib/compare.mjs";
import { best } from "../lib/measure.mjs";

const N = 500;

export default {
  name: "B2",
  title: `chain of ${N} DAG tasks`,
  async run(ctx) {
    const dagTasks = Array.from({ length: N }, (_, i) => ({
      name: `t${i}`,
      template: "noop",
      ...(i > 0 ? { dependencies: [`t${i - 1}`] } : {}),
    }));
    const wf = workflow("b2-chain", [
      { name: "main", dag: { tasks: dagTasks } },
      container("noop", ["true"]),
    ]);
    const tasks = dagTasks.map((t, i) => ({
      name: t.name,
      deps: t.dependencies,
      cmd: "true",
      final: i === N - 1,
    }));
    const rows = await argosyAndMake(ctx, {
      workload: "B2",
      wf,
      tasks,
      unit: "hop",
      units: N,
      verify: (done) => {
        const pods = succeededPods(done);
        if (pods !== N) throw new Error(`B2: ${pods} pods succeeded, expected ${N}`);
        return {};
      },
    });
    if (ctx.modes.includes("bwrap")) {
      // The sandbox's own latency: the same bwrap calls one after another, from a bare loop.
      ctx.log("B2 sequential bwrap loop…");
      const r = await best(ctx.repeat, () => bwrapLoop(N, 1));
      rows.push(
        row({ workload: "B2", mode: "bwrap loop", ...r, unit: "hop", units: N, note: "one at a time" }),
      );
    }
    return rows;
  },
};
