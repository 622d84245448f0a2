#!/usr/bin/env node
/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): self time by function and by file, and
 * by the nearest dist/ file on the stack (what our code spent, library and native calls included),
 * the largest first. Usage: node bench/profile-top.mjs FILE [N]
 */
import { readFileSync } from "node:fs";

const [file, n = "25"] = process.argv.slice(2);
if (!file) throw new Error("usage: node bench/profile-top.mjs FILE [N]");
const prof = JSON.parse(readFileSync(file, "utf8"));
const byId = new Map(prof.nodes.map((node) => [node.id, node]));
const self = new Map();
for (let i = 0; i < prof.samples.length; i++) {
  const dt = prof.timeDeltas[i] ?? 0;
  self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + dt);
}
const parent = new Map();
for (const node of prof.nodes) for (const c of node.children ?? []) parent.set(c, node.id);
/** The nearest frame (leaf first) in our own code, as `dist/<folder>/<file>`; else the leaf's file. */
function ownFrame(id) {
  for (let at = id; at !== undefined; at = parent.get(at)) {
    const m = byId.get(at).callFrame.url.match(/\/dist\/(.*)$/);
    if (m) return `dist/${m[1]}`;
  }
  return undefined;
}
const byOwn = new Map();
const byFn = new Map();
const byFile = new Map();
let total = 0;
for (const [id, us] of self) {
  const { callFrame: f } = byId.get(id);
  const where = f.url.replace(/^file:\/\//, "").replace(/.*\/(dist|node_modules)\//, "$1/") || "(native)";
  const fn = `${f.functionName || "(anonymous)"}  ${where}:${f.lineNumber + 1}`;
  byFn.set(fn, (byFn.get(fn) ?? 0) + us);
  byFile.set(where, (byFile.get(where) ?? 0) + us);
  total += us;
  const own = ownFrame(id) ?? `(outside dist) ${where}`;
  byOwn.set(own, (byOwn.get(own) ?? 0) + us);
}
const top = (map) =>
  [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(n))
    .map(
      ([k, us]) =>
        `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`,
    )
    .join("\n");
console.log(
  `total ${(total / 1000).toFixed(0)} ms\n\nby function (self):\n${top(byFn)}\n\nby file (self):\n${top(byFile)}\n\nby our nearest file (self time of what it calls included):\n${top(byOwn)}`,
);
