#!/usr/bin/env node
// Benchmarks (not tests). Usage: npm run bench [-- --only NAME] [-- --json FILE]
//   engine-dag: the engine alone (no processes, no store) on generated DAGs of 1,000 and 10,000
//   tasks, with every pod finishing at once; reports wall time, time per task and the growth ratio.
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { Engine } = await import(join(root, "dist/engine/index.js"));

const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};

/** A DAG of `layers` × `width` tasks; each task depends on two tasks of the layer before. */
function layeredDag(tasks, width = 100) {
  const layers = Math.ceil(tasks / width);
  const list = [];
  for (let l = 0; l < layers; l++) {
    for (let i = 0; i < width && list.length < tasks; i++) {
      const task = { name: `t${l}-${i}`, template: "noop" };
      if (l > 0) task.dependencies = [`t${l - 1}-${i}`, `t${l - 1}-${(i + 1) % width}`];
      list.push(task);
    }
  }
  return workflow({ dag: { tasks: list } });
}

function workflow(main) {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name: "bench", namespace: "default", uid: "u", creationTimestamp: "2024-01-01T00:00:00Z" },
    spec: {
      entrypoint: "main",
      templates: [
        { name: "main", ...main },
        { name: "noop", container: { image: "busybox", command: ["true"] } },
      ],
    },
  };
}

/** Reconciles until done; every started pod is reported finished in the next turn. */
function runEngine(wf) {
  let now = Date.parse("2024-01-01T00:00:00Z");
  const engine = new Engine(wf, {}, now);
  let observations = [];
  let turns = 0;
  let pods = 0;
  for (;;) {
    const { actions } = engine.reconcile(observations, now);
    turns++;
    observations = [];
    for (const a of actions) {
      if (a.type !== "startPod") continue;
      pods++;
      observations.push({ type: "podStarted", nodeId: a.nodeId });
      observations.push({
        type: "podFinished",
        nodeId: a.nodeId,
        outcome: { exitCode: 0, result: "", outputParameters: {}, outputErrors: {}, warnings: [] },
      });
    }
    now += 1000;
    if (observations.length === 0) break;
  }
  return { phase: engine.workflow.status.phase, turns, pods };
}

function measure(name, build, sizes) {
  const rows = [];
  runEngine(build(200)); // warm the JIT
  for (const n of sizes) {
    const wf = build(n);
    const start = process.hrtime.bigint();
    const r = runEngine(wf);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (r.phase !== "Succeeded" || r.pods !== n) throw new Error(`${name} ${n}: ${r.phase}, ${r.pods} pods`);
    rows.push({
      bench: name,
      tasks: n,
      ms: Math.round(ms),
      usPerTask: Math.round((ms * 1000) / n),
      turns: r.turns,
    });
  }
  for (let i = 1; i < rows.length; i++) rows[i].growth = +(rows[i].ms / rows[i - 1].ms).toFixed(2);
  return rows;
}

const only = opt("only");
const results = [];
if (!only || only === "engine-dag") {
  results.push(...measure("engine-dag", layeredDag, [1_000, 10_000]));
}
console.table(results);
const json = opt("json");
if (json) writeFileSync(json, JSON.stringify(results, null, 2));
