/**
 * B6's measuring process (one per size, so peak RSS is the size's own): builds a layered DAG of
 * `n` tasks, runs it through the engine's `Engine` (kept across turns, as the controller does)
 * with a fake executor where every started pod finishes by the next turn, and prints
 * `{ms, turns, pods, rssMB}` as JSON. Usage: node engine-child.mjs N
 */
import { join } from "node:path";
import { root } from "./argosy.mjs";

const { Engine } = await import(join(root, "dist/engine/index.js"));

/** `n` tasks in layers of `width`; each depends on two tasks of the layer before. */
export function layeredDag(n, width = 100) {
  const tasks = [];
  for (let l = 0; tasks.length < n; l++) {
    for (let i = 0; i < width && tasks.length < n; i++) {
      const task = { name: `t${l}-${i}`, template: "noop" };
      if (l > 0) task.dependencies = [`t${l - 1}-${i}`, `t${l - 1}-${(i + 1) % width}`];
      tasks.push(task);
    }
  }
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name: "bench", namespace: "default", uid: "u", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      entrypoint: "main",
      templates: [
        { name: "main", dag: { tasks } },
        { name: "noop", container: { image: "busybox", command: ["true"] } },
      ],
    },
  };
}

const ok = { exitCode: 0, result: "", outputParameters: {}, outputErrors: {}, warnings: [] };

/** Reconciles to the end; each turn reports the previous turn's pods started and finished. */
export function runEngine(wf) {
  let now = Date.parse("2024-01-01T00:00:00Z");
  const engine = new Engine(wf, {}, now);
  let observations = [];
  let turns = 0;
  let pods = 0;
  let changed = 0;
  for (;;) {
    const { actions, changedNodeIds } = engine.reconcile(observations, now);
    turns++;
    changed += changedNodeIds.length;
    observations = [];
    for (const a of actions) {
      if (a.type !== "startPod") continue;
      pods++;
      observations.push(
        { type: "podStarted", nodeId: a.nodeId },
        { type: "podFinished", nodeId: a.nodeId, outcome: ok },
      );
    }
    now += 1000;
    if (observations.length === 0) break;
  }
  return { phase: engine.workflow.status.phase, turns, pods, changed };
}

if (process.argv[2]) {
  const n = Number(process.argv[2]);
  runEngine(layeredDag(200)); // warm the JIT
  const wf = layeredDag(n);
  const started = process.hrtime.bigint();
  const r = runEngine(wf);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.phase !== "Succeeded" || r.pods !== n) throw new Error(`engine ${n}: ${r.phase}, ${r.pods} pods`);
  const rssMB = (process.resourceUsage().maxRSS * 1024) / 1e6;
  process.stdout.write(`${JSON.stringify({ ms, turns: r.turns, pods: r.pods, rssMB })}\n`);
}
