#!/usr/bin/env node
/**
 * Argosy's benchmark suite (issue 8): workloads B0–B6 through Argosy, with and without the
 * bubblewrap sandbox, beside `make -j2` running the same graph of processes; then PASS/MISS per
 * budget. Not a test: nothing here is asserted by the test suite. Expects dist/ built
 * (`npm run bench` builds first).
 *
 *   npm run bench -- [--only B1,B3] [--json FILE] [--repeat N] [--modes bwrap,none]
 *
 * Each measurement runs `--repeat` times (default 2) and the fastest run is kept. See
 * bench/README.md for what each workload is and how the figures are taken.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { checkBudgets } from "./lib/budgets.mjs";
import { hasMake } from "./lib/make.mjs";
import { addMakeRatios, printBudgets, printTable } from "./lib/report.mjs";
import b0 from "./workloads/b0-hello.mjs";
import b1 from "./workloads/b1-fanout.mjs";
import b2 from "./workloads/b2-chain.mjs";
import b3 from "./workloads/b3-layers.mjs";
import b4 from "./workloads/b4-withparam.mjs";
import b5 from "./workloads/b5-server.mjs";
import b6 from "./workloads/b6-engine.mjs";

const workloads = [b0, b1, b2, b3, b4, b5, b6];

function parseArgs(argv) {
  const opts = { only: undefined, json: undefined, repeat: 2, modes: ["bwrap", "none"] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === "--only") opts.only = value().toUpperCase().split(",");
    else if (arg === "--json") opts.json = value();
    else if (arg === "--repeat") opts.repeat = Math.max(1, Number(value()) || 1);
    else if (arg === "--modes") opts.modes = value().split(",");
    else throw new Error(`unknown argument ${arg} (use --only, --json, --repeat, --modes)`);
  }
  for (const m of opts.modes)
    if (m !== "bwrap" && m !== "none") throw new Error(`--modes: ${m} is not bwrap or none`);
  const unknown = (opts.only ?? []).filter((n) => !workloads.some((w) => w.name === n));
  if (unknown.length) throw new Error(`--only: no workload ${unknown.join(", ")} (B0–B6)`);
  return opts;
}

/** snakemake and cwltool are peers only when installed; they are reported, not required. */
function peerNotes() {
  const notes = [];
  for (const tool of ["snakemake", "cwltool"]) {
    try {
      execFileSync(tool, ["--version"], { stdio: "ignore" });
      notes.push(`${tool}: installed, but this suite has no ${tool} workloads yet`);
    } catch {
      notes.push(`${tool}: not installed, skipped (Debian package ${tool})`);
    }
  }
  return notes;
}

const version = (cmd) => {
  try {
    return execFileSync(cmd, ["--version"], { encoding: "utf8" }).split("\n")[0];
  } catch {
    return "absent";
  }
};

const opts = parseArgs(process.argv.slice(2));
const tmp = mkdtempSync(join(tmpdir(), "argosy-bench-"));
const ctx = {
  repeat: opts.repeat,
  modes: opts.modes,
  make: hasMake(),
  tmp,
  log: (line) => process.stderr.write(`  ${line}\n`),
};
const machine = {
  cores: availableParallelism(),
  loadavgAtStart: loadavg().map((x) => +x.toFixed(2)),
  node: process.version,
  make: version("make"),
  bwrap: version("bwrap"),
  startedAt: new Date().toISOString(),
};
const notes = peerNotes();
if (!ctx.make) notes.push("make: not installed, ratios to make are missing");
process.stderr.write(`argosy bench: ${machine.cores} cores, load ${machine.loadavgAtStart.join(" ")}\n`);
for (const n of notes) process.stderr.write(`  note: ${n}\n`);

const rows = [];
const errors = [];
try {
  for (const w of workloads) {
    if (opts.only && !opts.only.includes(w.name)) continue;
    process.stderr.write(`${w.name}: ${w.title}\n`);
    try {
      rows.push(...(await w.run(ctx)));
    } catch (e) {
      errors.push({ workload: w.name, error: e instanceof Error ? e.message : String(e) });
      process.stderr.write(`  ${w.name} FAILED: ${e instanceof Error ? e.message : e}\n`);
    }
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

addMakeRatios(rows);
const budgets = checkBudgets(rows);
process.stdout.write("\n");
printTable(rows);
printBudgets(budgets);
for (const n of notes) process.stdout.write(`note: ${n}\n`);
for (const e of errors) process.stdout.write(`FAILED ${e.workload}: ${e.error}\n`);
machine.loadavgAtEnd = loadavg().map((x) => +x.toFixed(2));
if (opts.json)
  writeFileSync(opts.json, `${JSON.stringify({ machine, notes, rows, budgets, errors }, null, 2)}\n`);
process.exitCode = errors.length > 0 ? 1 : 0;
