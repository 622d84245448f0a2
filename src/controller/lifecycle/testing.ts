/**
 * Test helpers for the lifecycle controller: a fake clock whose timers fire only when a test moves
 * time, and a harness with a real in-memory SQLite store whose deletions and pod removals are
 * recorded. Not used by production code.
 */
import { nodeIdFor } from "../../engine/index.js";
import type { NodePhase, NodeStatus, Workflow, WorkflowPhase } from "../../spec/types.js";
import { openSqliteStore, type Store } from "../../store/index.js";
import { LifecycleController } from "./lifecycle-controller.js";
import type { LifecycleOptions } from "./options.js";

/** Timers that fire only from `advance`, in due order, the controller settling after each. */
export class FakeClock {
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  constructor(public nowMs = Date.parse("2024-01-01T00:00:00Z")) {}

  readonly now = (): number => this.nowMs;
  readonly setTimer = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.timers.set(id, { at: this.nowMs + Math.max(0, ms), fn });
    return id;
  };
  readonly clearTimer = (handle: unknown): void => {
    this.timers.delete(handle as number);
  };

  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing each timer due on the way and awaiting `settle` after it. */
  async advance(ms: number, settle: () => Promise<void>): Promise<void> {
    const target = this.nowMs + ms;
    await settle();
    for (;;) {
      let first: [number, { at: number; fn: () => void }] | undefined;
      for (const entry of this.timers)
        if (entry[1].at <= target && (!first || entry[1].at < first[1].at)) first = entry;
      if (!first) break;
      this.timers.delete(first[0]);
      this.nowMs = Math.max(this.nowMs, first[1].at);
      first[1].fn();
      await settle();
    }
    this.nowMs = target;
  }
}

/** A store that counts the calls the tests care about (reads of whole workflows, archive writes). */
export function countingStore(store: Store): Store & { calls: Record<string, number> } {
  const calls: Record<string, number> = { getWorkflow: 0, archiveWorkflow: 0 };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop === "calls") return calls;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        if (typeof prop === "string" && prop in calls) calls[prop] = (calls[prop] ?? 0) + 1;
        return value.apply(target, args);
      };
    },
  }) as Store & { calls: Record<string, number> };
}

export interface Harness {
  clock: FakeClock;
  store: Store & { calls: Record<string, number> };
  controller: LifecycleController;
  /** `ns/name` of every workflow deleteWorkflow was called for. */
  deleted: string[];
  /** Every pod name removePod was called with. */
  removed: string[];
  lines: string[];
  /** How many of the next deleteWorkflow calls throw (a busy store). */
  failDeletes: number;
  advance(ms: number): Promise<void>;
  /** A new controller on the same store and clock (a restart); the old one is stopped. */
  restart(): LifecycleController;
}

type HarnessOptions = Partial<Omit<LifecycleOptions, "store" | "config">> & {
  config?: Partial<LifecycleOptions["config"]>;
};

/** A controller on a fresh in-memory store, not started. */
export function harness(options: HarnessOptions = {}): Harness {
  const clock = new FakeClock();
  const store = countingStore(openSqliteStore({ path: ":memory:", now: () => new Date(clock.nowMs) }));
  const h: Harness = {
    clock,
    store,
    deleted: [],
    removed: [],
    lines: [],
    failDeletes: 0,
    controller: undefined as unknown as LifecycleController,
    advance: (ms) => clock.advance(ms, () => h.controller.idle()),
    restart: () => {
      h.controller.stop();
      h.controller = make();
      return h.controller;
    },
  };
  const make = () =>
    new LifecycleController({
      ...options,
      store,
      config: { archive: false, retention: {}, ...options.config },
      deleteWorkflow: async (namespace, name) => {
        if (h.failDeletes > 0) {
          h.failDeletes--;
          throw new Error("store busy");
        }
        h.deleted.push(`${namespace}/${name}`);
        return store.delete("Workflow", namespace, name);
      },
      removePod: async (podName) => {
        h.removed.push(podName);
      },
      now: clock.now,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      log: (line) => h.lines.push(line),
    });
  h.controller = make();
  return h;
}

/** A workflow with a steps entrypoint and two pod templates, `a` (labelled `keep: no`) and `b`. */
export function lifecycleWorkflow(
  name: string,
  spec: Record<string, unknown> = {},
  labels: Record<string, string> = {},
): Workflow {
  return {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Workflow",
    metadata: { name, namespace: "default", labels },
    spec: {
      entrypoint: "main",
      templates: [
        { name: "main", steps: [[{ name: "a", template: "a" }], [{ name: "b", template: "b" }]] },
        { name: "a", metadata: { labels: { keep: "no" } }, container: { image: "busybox" } },
        { name: "b", container: { image: "busybox" } },
      ],
      ...spec,
    },
  };
}

/** A Pod node of workflow `wf` named `<wf>.<step>` running template `template`. */
export function podNode(wf: string, step: string, template: string, phase: NodePhase): NodeStatus {
  const name = `${wf}.${step}`;
  return {
    id: nodeIdFor(wf, name),
    name,
    displayName: step,
    type: "Pod",
    templateName: template,
    phase,
    ...(phase === "Succeeded" || phase === "Failed" || phase === "Error"
      ? { finishedAt: "2024-01-01T00:00:00Z" }
      : {}),
  };
}

/** ISO time of the fake clock, whole seconds as Argo writes them. */
export const isoAt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Commits a status (and nodes) as a runner would; a done phase gets `finishedAt` = now. */
export async function commit(
  h: Harness,
  name: string,
  phase: WorkflowPhase,
  nodes: NodeStatus[] = [],
  extra: Record<string, unknown> = {},
): Promise<void> {
  const done = phase === "Succeeded" || phase === "Failed" || phase === "Error";
  await h.store.commitWorkflow({
    namespace: "default",
    name,
    status: {
      phase,
      startedAt: "2024-01-01T00:00:00Z",
      ...(done ? { finishedAt: isoAt(h.clock.nowMs) } : {}),
      ...extra,
    },
    changedNodes: nodes,
    actions: [],
  });
}
