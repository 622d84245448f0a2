/**
 * Test support: run a workflow through the engine with a fake clock and fake pod results, no
 * processes. Each turn feeds the previous turn's pods back as started and finished.
 */
import { parse } from "yaml";
import type { NodeStatus, Workflow } from "../spec/types.js";
import { Engine, reconcile } from "./reconcile.js";
import type { Action, EngineOptions, Observation, PodOutcome, PodRequest } from "./types.js";

/** What the fake driver needs of a lock manager (the controller's `LockManager` fits). */
export interface FakeLocks {
  request(req: { holder: string; keys: string[]; priority: number; creationTimestamp: string }): {
    granted: boolean;
    message?: string;
    lock?: string;
  };
  /** Releases a holder; returns the holders granted as a result. */
  release(holder: string): string[];
}

/** The node id a lock holder key names ("" for the workflow). */
const nodeOfHolder = (holder: string): string => holder.split("/")[2] ?? "";

export type PodBehaviour = (pod: PodRequest) => Partial<PodOutcome> | undefined;

export interface FakeRun {
  workflow: Workflow;
  pods: PodRequest[];
  /** Pods the engine asked to kill. */
  kills: string[];
  /** Every action the engine emitted, in order. */
  actions: Action[];
  turns: number;
  /** Node by display path, e.g. `byName("[0].hello1")` for `<wf>[0].hello1`. */
  byName(suffix: string): NodeStatus;
}

/** Parses a Workflow from YAML and names it `name`, with a fixed uid and creation time. */
export function workflowFromYaml(yaml: string, name = "wf"): Workflow {
  const wf = parse(yaml) as Workflow;
  wf.metadata = {
    ...wf.metadata,
    name,
    namespace: "default",
    uid: "uid-1",
    creationTimestamp: "2024-01-01T00:00:00Z",
  };
  return wf;
}

const t0 = Date.parse("2024-01-01T00:00:00Z");

/**
 * Runs to completion. Pods succeed with empty output unless `behaviour` says otherwise; each
 * turn advances the fake clock by `stepMs`; timers fire when the clock passes them. By default
 * every turn goes through the pure `reconcile` (status in, status out); `incremental: true` keeps
 * one `Engine` across turns instead, as the controller does.
 */
export function runFake(
  yaml: string | Workflow,
  behaviour: PodBehaviour = () => undefined,
  options: EngineOptions & {
    stepMs?: number;
    maxTurns?: number;
    incremental?: boolean;
    /** Pods that start but never finish by themselves (until killed). */
    holdPods?: (pod: PodRequest) => boolean;
    /** The address started pods report. */
    podIP?: string;
    /** A lock manager; without one every lock is granted at once. */
    locks?: FakeLocks;
  } = {},
): FakeRun {
  let workflow = typeof yaml === "string" ? workflowFromYaml(yaml) : yaml;
  let now = t0;
  const incremental = options.incremental ? new Engine(workflow, options, now) : undefined;
  const engine = {
    reconcile(observations: Observation[], at: number) {
      if (incremental) return incremental.reconcile(observations, at);
      const result = reconcile({ workflow, observations, nowMs: at, options });
      workflow = result.workflow;
      return result;
    },
    get workflow() {
      return incremental ? incremental.workflow : workflow;
    },
  };
  const pods: PodRequest[] = [];
  const kills: string[] = [];
  const log: Action[] = [];
  const timers: { nodeId: string; at: number }[] = [];
  let observations: Observation[] = [];
  let turns = 0;
  for (; turns < (options.maxTurns ?? 10_000); turns++) {
    const { actions } = engine.reconcile(observations, now);
    log.push(...actions);
    observations = [];
    for (const a of actions) {
      if (a.type === "killPod") {
        kills.push(a.podName);
        const killed: PodOutcome = {
          exitCode: 143,
          result: "",
          outputParameters: {},
          outputErrors: {},
          warnings: [],
        };
        observations.push({ type: "podFinished", nodeId: a.nodeId, outcome: killed });
      } else if (a.type === "startPod" && options.holdPods?.(a.pod)) {
        pods.push(a.pod);
        observations.push({
          type: "podStarted",
          nodeId: a.nodeId,
          ...(options.podIP ? { ip: options.podIP } : {}),
        });
      } else if (a.type === "startPod") {
        pods.push(a.pod);
        const outcome: PodOutcome = {
          exitCode: 0,
          result: "",
          outputParameters: {},
          outputErrors: {},
          warnings: [],
          ...behaviour(a.pod),
        };
        observations.push(
          { type: "podStarted", nodeId: a.nodeId },
          { type: "podFinished", nodeId: a.nodeId, outcome },
        );
      } else if (a.type === "wakeAt") timers.push({ nodeId: a.nodeId, at: Date.parse(a.at) });
      else if (a.type === "acquireLock") {
        const r = options.locks ? options.locks.request(a) : { granted: true };
        if (r.granted) observations.push({ type: "lockAcquired", nodeId: a.nodeId });
        else
          observations.push({
            type: "lockWaiting",
            nodeId: a.nodeId,
            message: r.message ?? "",
            ...(r.lock ? { lock: r.lock } : {}),
          });
      } else if (a.type === "releaseLock") {
        for (const holder of options.locks?.release(a.holder) ?? []) {
          observations.push({ type: "lockAcquired", nodeId: nodeOfHolder(holder) });
        }
      }
    }
    const phase = engine.workflow.status?.phase;
    if (observations.length === 0 && phase !== "Running") break;
    now += options.stepMs ?? 1000;
    if (observations.length === 0) {
      const next = timers.sort((x, y) => x.at - y.at).shift();
      if (!next) break;
      now = Math.max(now, next.at);
      observations.push({ type: "timer", nodeId: next.nodeId });
    }
  }
  const wf = engine.workflow;
  return {
    workflow: wf,
    pods,
    kills,
    actions: log,
    turns,
    byName(suffix: string) {
      const node = Object.values(wf.status?.nodes ?? {}).find(
        (n) => n.name === `${wf.metadata.name}${suffix}`,
      );
      if (!node) throw new Error(`no node ${wf.metadata.name}${suffix}`);
      return node;
    },
  };
}
