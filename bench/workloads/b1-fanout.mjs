/**
 * B1: a fan-out of 1,000 `true` steps (`withSequence`) and a join. Also the sandbox floor: the
 * same 1,000 `bwrap … true` calls from a bare loop at Argosy's concurrency.
 */
import { container, workflow } from "../lib/argosy.mjs";
import { bwrapLoop } from "../lib/bwrap-loop.mjs";
import { argosyAndMake, row, succeededPods } from "../lib/compare.mjs";
import { best } from "../lib/measure.mjs";

const N = 1000;

export default {
  name: "B1",
  title: `fan-out of ${N.toLocaleString("en")} true steps and a join`,
  async run(ctx) {
    const wf = workflow("b1-fanout", [
      {
        name: "main",
        steps: [
          [{ name: "fan", template: "noop", withSequence: { count: String(N) } }],
          [{ name: "join", template: "noop" }],
        ],
      },
      container("noop", ["true"]),
    ]);
    const tasks = Array.from({ length: N }, (_, i) => ({ name: `fan${i}`, cmd: "true" }));
    tasks.push({ name: "join", deps: tasks.map((t) => t.name), cmd: "true", final: true });
    const rows = await argosyAndMake(ctx, {
      workload: "B1",
      wf,
      tasks,
      unit: "step",
      units: N + 1,
      verify: (done) => {
        const pods = succeededPods(done);
        if (pods !== N + 1) throw new Error(`B1: ${pods} pods succeeded, expected ${N + 1}`);
        return {};
      },
    });
    if (ctx.modes.includes("bwrap")) {
      ctx.log("B1 bare bwrap loop…");
      const r = await best(ctx.repeat, () => bwrapLoop(N + 1));
      rows.push(
        row({
          workload: "B1",
          mode: "bwrap loop",
          ...r,
          unit: "step",
          units: N + 1,
          note: `concurrency ${r.concurrency}`,
        }),
      );
    }
    return rows;
  },
};
