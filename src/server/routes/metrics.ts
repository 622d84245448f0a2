/**
 * `GET /metrics`: Argo's controller metrics (the names of Argo v3.6+, which exports through
 * OpenTelemetry without unit or `_total` suffixes) from the store and `controller.stats()`, followed
 * by the workflows' custom metrics from the MetricsRegistry.
 *
 * - `argo_workflows_gauge{phase}`: live workflows per phase, counted at scrape time.
 * - `argo_workflows_total_count{phase,namespace}`: workflows that entered each phase since start;
 *   the store's change feed marks workflows dirty and their phase is read at most once a second.
 * - `argo_workflows_queue_depth_gauge{queue_name="workflow_queue"}`, `argo_workflows_pods_gauge{phase}`,
 *   `argo_workflows_operation_duration_seconds` (a histogram with only sum and count: the controller
 *   keeps totals, not a distribution), `argo_workflows_error_count{cause="OperationPanic"}` (errors
 *   the controller caught and turned into a workflow's Error), `argo_workflows_version`.
 */
import type { Hono } from "hono";
import type { Workflow } from "../../spec/types.js";
import type { Store } from "../../store/types.js";
import { ALL_NAMESPACES, authorize, type ServerEnv } from "../authorize.js";
import type { ServerDeps } from "../deps.js";
import { formatLabels, formatNumber, METRIC_PREFIX } from "../metrics-registry.js";

const phases = ["Pending", "Running", "Succeeded", "Failed", "Error"];

/** Counts phase transitions of workflows seen through the store's change feed. */
export class PhaseCounter {
  private readonly known = new Map<string, string>();
  private readonly dirty = new Set<string>();
  readonly counts = new Map<string, number>();
  private timer: NodeJS.Timeout | undefined;
  private readonly unsubscribe: () => void;
  private readonly ready: Promise<void>;

  constructor(
    private readonly store: Store,
    private readonly intervalMs = 1000,
  ) {
    this.unsubscribe = store.watch("Workflow", (e) => {
      const key = `${e.namespace}/${e.name}`;
      if (e.type === "DELETED") {
        this.known.delete(key);
        this.dirty.delete(key);
        return;
      }
      this.dirty.add(key);
      this.timer ??= setTimeout(() => void this.flush(), this.intervalMs);
      this.timer.unref?.();
    });
    // Workflows that exist already are not counted again: only transitions seen from now on.
    this.ready = store.list<Workflow>("Workflow").then(
      (all) => {
        for (const wf of all)
          this.known.set(`${wf.metadata.namespace}/${wf.metadata.name}`, wf.status?.phase ?? "");
      },
      () => undefined,
    );
  }

  /** Reads the phases of the workflows changed since the last flush. */
  async flush(): Promise<void> {
    this.timer = undefined;
    await this.ready;
    const keys = [...this.dirty];
    this.dirty.clear();
    for (const key of keys) {
      const slash = key.indexOf("/");
      const namespace = key.slice(0, slash);
      const wf = await this.store
        .get<Workflow>("Workflow", namespace, key.slice(slash + 1))
        .catch(() => undefined);
      const phase = wf?.status?.phase ?? "";
      if (!wf || phase === "" || this.known.get(key) === phase) continue;
      this.known.set(key, phase);
      const counter = JSON.stringify([phase, namespace]);
      this.counts.set(counter, (this.counts.get(counter) ?? 0) + 1);
    }
  }

  stop(): void {
    this.unsubscribe();
    if (this.timer) clearTimeout(this.timer);
  }
}

function family(
  name: string,
  type: string,
  help: string,
  samples: [Record<string, string>, number][],
): string[] {
  const full = METRIC_PREFIX + name;
  return [
    `# HELP ${full} ${help}`,
    `# TYPE ${full} ${type}`,
    ...samples.map(([labels, v]) => `${full}${formatLabels(labels)} ${formatNumber(v)}`),
  ];
}

async function controllerMetrics(deps: ServerDeps, counter: PhaseCounter): Promise<string> {
  const byPhase = new Map(phases.map((p) => [p, 0]));
  for (const wf of await deps.store.list<Workflow>("Workflow")) {
    const phase = wf.status?.phase || "Pending";
    byPhase.set(phase, (byPhase.get(phase) ?? 0) + 1);
  }
  const stats = deps.controller.stats();
  const totals = [...counter.counts].map(([k, v]): [Record<string, string>, number] => {
    const [phase = "", namespace = ""] = JSON.parse(k) as string[];
    return [{ namespace, phase }, v];
  });
  const duration = `${METRIC_PREFIX}operation_duration_seconds`;
  return [
    ...family(
      "gauge",
      "gauge",
      "number of Workflows currently accessible by the controller by status",
      [...byPhase].map(([phase, n]) => [{ phase }, n]),
    ),
    ...family("total_count", "counter", "Total number of workflows that have entered each phase", totals),
    ...family("queue_depth_gauge", "gauge", "Depth of the queue", [
      [{ queue_name: "workflow_queue" }, stats.queueDepth],
    ]),
    ...family("pods_gauge", "gauge", "Number of Pods from Workflows currently accessible by the controller", [
      [{ phase: "Pending" }, stats.pendingPods],
      [{ phase: "Running" }, stats.runningPods],
    ]),
    `# HELP ${duration} Histogram of durations of operations`,
    `# TYPE ${duration} histogram`,
    `${duration}_bucket{le="+Inf"} ${stats.reconciles}`,
    `${duration}_sum ${formatNumber(stats.reconcileSeconds)}`,
    `${duration}_count ${stats.reconciles}`,
    ...family("error_count", "counter", "Number of errors encountered by the controller by cause", [
      [{ cause: "OperationPanic" }, stats.errors],
    ]),
    ...family("version", "gauge", "Build metadata for this Controller", [
      [{ version: `v${deps.version}`, platform: `${process.platform}/${process.arch}` }, 1],
    ]),
  ].join("\n");
}

/**
 * Argo Events' counters (its metric names, per EventSource or Sensor rather than per event or
 * trigger name), and Argosy's own for what Argo Events does not count: events delivered to a
 * sensor, filtered out by it, and dropped as duplicates.
 */
function eventsMetrics(deps: ServerDeps): string {
  const all = deps.events?.counters() ?? [];
  if (all.length === 0) return "";
  const sources = all.filter((c) => c.kind === "EventSource");
  const sensors = all.filter((c) => c.kind === "Sensor");
  const lines: string[] = [];
  const add = (name: string, help: string, rows: [Record<string, string>, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    for (const [labels, v] of rows) lines.push(`${name}${formatLabels(labels)} ${formatNumber(v)}`);
  };
  const src = (c: (typeof all)[number]) => ({ namespace: c.namespace, eventsource_name: c.name });
  const sen = (c: (typeof all)[number]) => ({ namespace: c.namespace, sensor_name: c.name });
  add(
    "argo_events_events_sent_total",
    "Events published to the event bus",
    sources.map((c) => [src(c), c.received]),
  );
  add(
    "argo_events_events_sent_failed_total",
    "Events that failed to reach the event bus",
    sources.map((c) => [src(c), c.failed]),
  );
  add(
    "argosy_events_duplicates_total",
    "Events dropped as duplicates (same id)",
    sources.map((c) => [src(c), c.duplicates]),
  );
  add(
    "argosy_events_received_total",
    "Events delivered to the sensor",
    sensors.map((c) => [sen(c), c.received]),
  );
  add(
    "argosy_events_filtered_total",
    "Events a dependency's filters rejected",
    sensors.map((c) => [sen(c), c.filtered]),
  );
  add(
    "argo_events_action_triggered_total",
    "Trigger runs that succeeded",
    sensors.map((c) => [sen(c), c.triggered]),
  );
  add(
    "argo_events_action_failed_total",
    "Trigger runs that failed",
    sensors.map((c) => [sen(c), c.failed]),
  );
  return `${lines.join("\n")}\n`;
}

export function registerMetricsRoute(app: Hono<ServerEnv>, deps: ServerDeps, counter: PhaseCounter): void {
  app.get("/metrics", async (c) => {
    authorize(c, ALL_NAMESPACES, "read");
    const text = `${await controllerMetrics(deps, counter)}\n${eventsMetrics(deps)}${deps.metrics.text()}`;
    return c.text(text, 200, { "Content-Type": "text/plain; version=0.0.4; charset=utf-8" });
  });
}
