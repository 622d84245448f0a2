/**
 * B4: a step prints 10,000 JSON items; `withParam` fans out over them (each echoes its item); one
 * last step gets all their results as one aggregated parameter (`{{steps.item.outputs.result}}`)
 * and counts the distinct items in it. The run passes only when that count is 10,000: the
 * aggregated output reached the last step whole.
 */
import { workflow } from "../lib/argosy.mjs";
import { argosyAndMake, nodeNamed, succeededPods } from "../lib/compare.mjs";

const N = 10_000;

const gen = `seq 0 ${N - 1} | awk 'BEGIN { printf "[" } { printf "%s\\"v%d\\"", (NR > 1 ? "," : ""), $1 } END { printf "]" }'\n`;

// The aggregated JSON list is written through a quoted heredoc: no shell expansion, no argv limit.
const collect = `cat > /tmp/all.json <<'ARGOSY_EOF'
{{inputs.parameters.all}}
ARGOSY_EOF
grep -o '"v[0-9]*"' /tmp/all.json | sort -u | wc -l
`;

export default {
  name: "B4",
  title: `withParam over ${N.toLocaleString("en")} items, then one step reading all outputs`,
  async run(ctx) {
    const wf = workflow("b4-withparam", [
      {
        name: "main",
        steps: [
          [{ name: "gen", template: "gen" }],
          [
            {
              name: "item",
              template: "echo",
              withParam: "{{steps.gen.outputs.result}}",
              arguments: { parameters: [{ name: "v", value: "{{item}}" }] },
            },
          ],
          [
            {
              name: "collect",
              template: "collect",
              arguments: { parameters: [{ name: "all", value: "{{steps.item.outputs.result}}" }] },
            },
          ],
        ],
      },
      { name: "gen", script: { image: "busybox", command: ["sh"], source: gen } },
      {
        name: "echo",
        inputs: { parameters: [{ name: "v" }] },
        container: { image: "busybox", command: ["echo", "{{inputs.parameters.v}}"] },
      },
      {
        name: "collect",
        inputs: { parameters: [{ name: "all" }] },
        script: { image: "busybox", command: ["sh"], source: collect },
      },
    ]);
    const tasks = [{ name: "gen", cmd: "rm -rf out && mkdir out" }];
    for (let i = 0; i < N; i++) tasks.push({ name: `i${i}`, deps: ["gen"], cmd: `echo v${i} > out/${i}` });
    tasks.push({
      name: "collect",
      deps: tasks.slice(1).map((t) => t.name),
      cmd: "cat out/* | sort -u | wc -l > count",
      final: true,
    });
    return argosyAndMake(ctx, {
      workload: "B4",
      wf,
      tasks,
      unit: "step",
      units: N + 2,
      verify: (done) => {
        const pods = succeededPods(done);
        if (pods !== N + 2) throw new Error(`B4: ${pods} pods succeeded, expected ${N + 2}`);
        const counted = nodeNamed(done, "collect").outputs?.result?.trim();
        if (counted !== String(N)) throw new Error(`B4: the last step counted ${counted} items, not ${N}`);
        const bytes = nodeNamed(done, "collect").inputs?.parameters?.[0]?.value?.length ?? 0;
        return { aggregated: `${counted} items, ${Math.round(bytes / 1024)} KiB`, verified: true };
      },
    });
  },
};
