/**
 * A `containerSet`: several containers in one pod, each started once every container it depends on
 * has exited 0. A container whose dependency failed (or was itself skipped) never runs, and
 * neither do its dependents. Argo takes the pod's outputs from the container named `main`.
 */
import type { ContainerResult, ContainerSetContainerSpec } from "../types.js";
import type { ContainerExit, Launch } from "./container-launch.js";

/** Why the set cannot run (a duplicate name, an unknown dependency, a cycle), if it cannot. */
export function containerSetProblem(containers: readonly ContainerSetContainerSpec[]): string | undefined {
  const byName = new Map(containers.map((c) => [c.name, c]));
  if (containers.length === 0) return "containerSet has no containers";
  if (byName.size !== containers.length) return "containerSet has two containers with one name";
  for (const c of containers) {
    const unknown = (c.dependencies ?? []).find((d) => !byName.has(d));
    if (unknown !== undefined)
      return `containerSet: container "${c.name}" depends on unknown container "${unknown}"`;
  }
  const state = new Map<string, "visiting" | "done">();
  const visit = (name: string, path: string[]): string | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...path.slice(path.indexOf(name)), name].join(" → ");
    state.set(name, "visiting");
    for (const dep of byName.get(name)?.dependencies ?? []) {
      const cycle = visit(dep, [...path, name]);
      if (cycle) return cycle;
    }
    state.set(name, "done");
    return undefined;
  };
  for (const c of containers) {
    const cycle = visit(c.name, []);
    if (cycle) return `containerSet: dependency cycle ${cycle}`;
  }
  return undefined;
}

/** The outcome of running a set: each container's result, and the first refusal or failure. */
export interface ContainerSetOutcome {
  containers: Record<string, ContainerResult>;
  /** Why a container could not be launched at all (the pod fails with it). */
  error?: string;
  /** The container that failed first, by exit time. */
  firstFailure?: { name: string; exit: ContainerExit };
}

/**
 * Runs the set (already checked by {@link containerSetProblem}), launching each container with
 * `launch` as soon as its dependencies allow. `onStarted` is called after the first launch.
 */
export function runContainerSet(opts: {
  containers: readonly ContainerSetContainerSpec[];
  launch: (container: ContainerSetContainerSpec) => Promise<Launch>;
  onStarted: () => void;
}): Promise<ContainerSetOutcome> {
  const outcome: ContainerSetOutcome = { containers: {} };
  const pending = new Map(opts.containers.map((c) => [c.name, c]));
  const results = outcome.containers;
  const succeeded = (name: string) => results[name]?.exitCode === 0 && !results[name]?.error;
  const settled = (name: string) => results[name] !== undefined;
  return new Promise((resolve) => {
    const skip = (name: string) => {
      const now = new Date().toISOString();
      results[name] = { exitCode: -1, startedAt: now, finishedAt: now, skipped: true };
    };
    const run = async (c: ContainerSetContainerSpec) => {
      const launched = await opts.launch(c).catch((err: unknown) => ({
        error: `container "${c.name}": ${err instanceof Error ? err.message : String(err)}`,
      }));
      if ("error" in launched || "stopped" in launched) {
        if ("error" in launched) outcome.error ??= launched.error;
        skip(c.name);
      } else {
        opts.onStarted();
        const exit = await launched.running.exited;
        results[c.name] = {
          exitCode: exit.exitCode,
          startedAt: exit.startedAt,
          finishedAt: exit.finishedAt,
          result: exit.result,
          ...(exit.error !== undefined ? { error: exit.error } : {}),
        };
        if (!succeeded(c.name)) outcome.firstFailure ??= { name: c.name, exit };
      }
      schedule();
    };
    const schedule = () => {
      for (const [name, c] of pending) {
        const deps = c.dependencies ?? [];
        if (deps.some((d) => settled(d) && !succeeded(d))) {
          pending.delete(name);
          skip(name);
          // A skip may unblock nothing but doom others: look again from the start.
          schedule();
          return;
        }
        if (deps.every(succeeded)) {
          pending.delete(name);
          void run(c);
        }
      }
      if (opts.containers.every((c) => settled(c.name))) resolve(outcome);
    };
    schedule();
  });
}
