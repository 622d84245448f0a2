/**
 * B6: the engine alone (no processes, no store) on layered DAGs of 1,000, 10,000 and 100,000
 * tasks, each size in its own Node process (`lib/engine-child.mjs`) so its peak RSS is its own.
 * Growth is each size's time over the previous size's.
 */
import { join } from "node:path";
import { root } from "../lib/argosy.mjs";
import { row } from "../lib/compare.mjs";
import { best, runTimed } from "../lib/measure.mjs";

const SIZES = [1_000, 10_000, 100_000];
const child = join(root, "bench", "lib", "engine-child.mjs");

export default {
  name: "B6",
  title: "the engine alone on 1k/10k/100k-node DAGs",
  async run(ctx) {
    const rows = [];
    for (const n of SIZES) {
      ctx.log(`B6 engine ${n}…`);
      const r = await best(ctx.repeat, async () => {
        const p = await runTimed(process.execPath, ["--max-old-space-size=4096", child, String(n)]);
        if (p.code !== 0) throw new Error(`B6 ${n}: ${p.stderr.slice(-2000)}`);
        return JSON.parse(p.stdout);
      });
      const prev = rows[rows.length - 1];
      rows.push(
        row({
          workload: "B6",
          variant: `${n / 1000}k`,
          mode: "engine",
          ...r,
          unit: "node",
          units: n,
          turns: r.turns,
          ...(prev ? { growth: +(r.ms / prev.ms).toFixed(2) } : {}),
        }),
      );
    }
    return rows;
  },
};
