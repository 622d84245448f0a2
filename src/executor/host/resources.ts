/**
 * `resources.limits`: decided once per executor (cgroups, else prlimit, else nothing), checked per
 * container before the pod runs, applied per container at spawn. See ARCHITECTURE.md, _Resources_.
 */
import { execFile } from "node:child_process";
import { assertNever } from "../../util/errors.js";
import type { ContainerSpec, ResourceList } from "../types.js";
import { type CgroupRoots, createContainerCgroup, probeCgroups, type RecordedCgroup } from "./cgroup.js";
import { cpuCores, memoryBytes, QuantityError } from "./quantity.js";

/** How limits are enforced: `auto` prefers cgroups, then prlimit; the others skip steps. */
export type ResourceEnforcement = "auto" | "prlimit" | "none";

/** What this executor can enforce, decided once. `why` says why cgroups are not used. */
export type LimitsState =
  | { kind: "cgroup"; roots: CgroupRoots }
  | { kind: "prlimit"; prlimit: string; why: string }
  | { kind: "none"; why: string };

/** A container's limits, parsed: bytes and cores. */
export interface ContainerLimits {
  memoryBytes?: number;
  cpuCores?: number;
}

/** Probes the host for the configured mode. Never rejects: an unusable host is a `none` state. */
export async function resolveLimits(mode: ResourceEnforcement, prlimit = "prlimit"): Promise<LimitsState> {
  switch (mode) {
    case "none":
      return { kind: "none", why: 'configured with resourceEnforcement: "none"' };
    case "auto":
    case "prlimit": {
      let why = 'configured with resourceEnforcement: "prlimit"';
      if (mode === "auto") {
        const probe = await probeCgroups();
        if (probe.ok) return { kind: "cgroup", roots: probe.roots };
        why = probe.reason;
      }
      if (await runs(prlimit)) return { kind: "prlimit", prlimit, why };
      return { kind: "none", why: `${why}; and ${prlimit} (util-linux) is not available` };
    }
    default:
      return assertNever(mode, "resourceEnforcement");
  }
}

const runs = (file: string): Promise<boolean> =>
  new Promise((resolve) => execFile(file, ["--version"], (err) => resolve(!err)));

/** Parses the container's limits; checks its requests. Throws a {@link QuantityError} naming the field. */
export function containerLimits(container: ContainerSpec): ContainerLimits {
  const parse = (kind: "limits" | "requests", list: ResourceList | undefined): ContainerLimits => {
    const field = (
      name: "memory" | "cpu",
      value: string | number,
      toUnits: (v: string | number) => number,
    ) => {
      try {
        const units = toUnits(value);
        if (kind === "limits" && units <= 0)
          throw new QuantityError(`must be greater than zero, got "${value}"`);
        return units;
      } catch (err) {
        const why = err instanceof Error ? err.message : String(err);
        throw new QuantityError(`container "${container.name}": resources.${kind}.${name}: ${why}`, {
          cause: err,
        });
      }
    };
    return {
      ...(list?.memory !== undefined ? { memoryBytes: field("memory", list.memory, memoryBytes) } : {}),
      ...(list?.cpu !== undefined ? { cpuCores: field("cpu", list.cpu, cpuCores) } : {}),
    };
  };
  parse("requests", container.resources?.requests);
  return parse("limits", container.resources?.limits);
}

const hasLimits = (limits: ContainerLimits): boolean =>
  limits.memoryBytes !== undefined || limits.cpuCores !== undefined;

/** Notes for the result when `limits` cannot be enforced as Kubernetes would (the same text for every container). */
export function limitWarnings(state: LimitsState, limits: ContainerLimits): string[] {
  if (!hasLimits(limits)) return [];
  switch (state.kind) {
    case "none":
      return [`resources.limits not enforced: ${state.why}`];
    case "prlimit":
      return [
        ...(limits.memoryBytes !== undefined
          ? [
              `resources.limits.memory enforced as a virtual memory limit (prlimit --as), not a cgroup: ${state.why}`,
            ]
          : []),
        ...(limits.cpuCores !== undefined ? [`resources.limits.cpu not enforced: ${state.why}`] : []),
      ];
    case "cgroup":
      return limits.cpuCores !== undefined && !state.roots.cpu
        ? [`resources.limits.cpu not enforced: ${state.roots.cpuProblem ?? "no cpu controller"}`]
        : [];
    default:
      return assertNever(state, "limits state");
  }
}

/** Limits applied to one container: how to spawn it, and what to do once it has exited. */
export interface AppliedLimits {
  /** The argv to spawn instead of `file args`: it sets the limits up, then execs `file`. */
  wrap(file: string, args: readonly string[]): { file: string; args: string[] };
  /** After exit: whether the OOM killer struck; removes the container's cgroup. */
  release(): Promise<{ oomKilled: boolean }>;
  /** The container's cgroup(s), for a durable pod's record. */
  cgroup?: RecordedCgroup;
}

/**
 * Joins the cgroup before anything runs: `sh` writes its own pid to `cgroup.procs`, then execs the
 * container's first process (bwrap, script or the command) in place, so there is no race and no
 * wrapper process left. A failed write ends it with 125 before the command ever ran.
 */
const JOIN_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"';

const unlimited: AppliedLimits = {
  wrap: (file, args) => ({ file, args: [...args] }),
  release: async () => ({ oomKilled: false }),
};

/** Sets up `limits` for a container about to be spawned; `name` names its cgroup. */
export async function applyLimits(opts: {
  state: LimitsState;
  limits: ContainerLimits;
  name: string;
}): Promise<AppliedLimits> {
  const { state, limits } = opts;
  if (!hasLimits(limits)) return unlimited;
  switch (state.kind) {
    case "none":
      return unlimited;
    case "prlimit": {
      const bytes = limits.memoryBytes;
      if (bytes === undefined) return unlimited;
      // prlimit execs the command: the limit holds for it and everything it forks.
      return {
        ...unlimited,
        wrap: (file, args) => ({ file: state.prlimit, args: [`--as=${bytes}`, file, ...args] }),
      };
    }
    case "cgroup": {
      const cgroup = await createContainerCgroup({ roots: state.roots, name: opts.name, ...limits });
      if (cgroup.procsFiles.length === 0) return { ...unlimited, release: () => cgroup.release() };
      return {
        cgroup: cgroup.record,
        wrap: (file, args) => ({
          file: "/bin/sh",
          args: ["-c", JOIN_CGROUPS, "argosy-cgroup", ...cgroup.procsFiles, "--", file, ...args],
        }),
        release: () => cgroup.release(),
      };
    }
    default:
      return assertNever(state, "limits state");
  }
}

/** Argo's node message for a container the OOM killer ended. */
export const oomKilledMessage = (exitCode: number): string => `OOMKilled (exit code ${exitCode})`;
