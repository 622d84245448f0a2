/**
 * The floor: the same graph of processes under `make -j2`. A graph is a list of
 * `{name, deps, cmd}`; every target is phony, so make runs each command once per build.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTimed } from "./measure.mjs";

/** Whether `make` is on PATH (it is a budget's reference, so its absence is reported). */
export function hasMake() {
  try {
    execFileSync("make", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Writes `<dir>/Makefile` for the graph; the first task listed with `all: true` is the goal. */
export function writeMakefile(dir, tasks, goal) {
  const lines = [
    `.PHONY: ${goal} ${tasks.map((t) => t.name).join(" ")}`,
    `${goal}: ${tasks
      .filter((t) => t.final)
      .map((t) => t.name)
      .join(" ")}`,
    "",
  ];
  for (const t of tasks) {
    lines.push(`${t.name}: ${(t.deps ?? []).join(" ")}`);
    lines.push(`\t@${t.cmd}`);
  }
  writeFileSync(join(dir, "Makefile"), `${lines.join("\n")}\n`);
}

/** `make -j2 -s` in `dir`; throws when make fails. */
export async function runMake(dir, jobs = 2) {
  const r = await runTimed("make", [`-j${jobs}`, "-s", "-C", dir]);
  if (r.code !== 0) throw new Error(`make in ${dir} exited ${r.code}: ${r.stderr.slice(-2000)}`);
  return r;
}
