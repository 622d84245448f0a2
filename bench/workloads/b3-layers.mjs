/**
 * B3: 100 layers × 100 DAG tasks (10,000). Each task of a layer depends on two of the layer before
 * (same index and the next one, wrapping), so every layer waits on the previous one without a
 * million-edge manifest; make gets the identical graph. Peak RSS of argosy is a budget.
 */
import { container, workflow } from "../lib/argosy.mjs";
import { argosyAndMake, succeededPods } from "../lib/compare.mjs";

const LAYERS = 100;
const WIDTH = 100;

export default {
  name: "B3",
  title: `${LAYERS} layers × ${WIDTH} tasks`,
  async run(ctx) {
    const dagTasks = [];
    for (let l = 0; l < LAYERS; l++) {
      for (let i = 0; i < WIDTH; i++) {
        dagTasks.push({
          name: `t${l}-${i}`,
          template: "noop",
          ...(l > 0 ? { dependencies: [`t${l - 1}-${i}`, `t${l - 1}-${(i + 1) % WIDTH}`] } : {}),
        });
      }
    }
    const wf = workflow("b3-layers", [
      { name: "main", dag: { tasks: dagTasks } },
      container("noop", ["true"]),
    ]);
    const tasks = dagTasks.map((t) => ({
      name: t.name,
      deps: t.dependencies,
      cmd: "true",
      final: t.name.startsWith(`t${LAYERS - 1}-`),
    }));
    const n = LAYERS * WIDTH;
    return argosyAndMake(ctx, {
      workload: "B3",
      wf,
      tasks,
      unit: "step",
      units: n,
      verify: (done) => {
        const pods = succeededPods(done);
        if (pods !== n) throw new Error(`B3: ${pods} pods succeeded, expected ${n}`);
        return {};
      },
    });
  },
};
