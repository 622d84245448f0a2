/**
 * Custom metrics (`metrics.prometheus` on a workflow or a template), evaluated as Argo's
 * `computeMetrics` and `UpsertCustomMetric` do, minus the registry: the result is the list of samples
 * to apply (set/add a gauge, add to a counter, observe a histogram) and the problems Argo would put
 * in the workflow's `MetricsError` condition, in Argo's words. Keeping series state (current gauge
 * and counter values, a name's help and type across workflows) is the caller's job.
 */
import { evalWhen, makeExpressionEvaluator, type Scope } from "../expr/index.js";
import { formatGoFloat, formatGoFloats, parseGoFloat } from "./metrics-go.js";
import { nodeRealtimeVariables } from "./metrics-scope.js";

export {
  defaultMetricScope,
  type MetricNode,
  type MetricScopeOptions,
  metricScope,
  nodeRealtimeVariables,
  workflowDurationSeconds,
  workflowMetricScope,
  workflowStartRealtimeVariables,
} from "./metrics-scope.js";

/** One metric update to apply. */
export interface MetricSample {
  name: string;
  help: string;
  labels: Record<string, string>;
  type: "gauge" | "counter" | "histogram";
  /** Gauge: the operand of `operation`; counter: the increment; histogram: the observation. */
  value: number;
  /** Gauges only; a missing or unknown `operation` acts as `Set`, as in Argo. */
  operation?: "Set" | "Add" | "Sub";
  /** Histograms only: the bucket upper bounds as written (strictly increasing). */
  buckets?: number[];
  /**
   * A realtime gauge: its value follows `realtimeVariable` (`duration` or `workflow.duration`) until
   * the workflow completes; `value` is the variable's value in the scope it was evaluated with.
   */
  realtime?: boolean;
  realtimeVariable?: string;
}

/** Input of {@link evaluateMetrics}. */
export interface EvaluateMetricsInput {
  /** The `metrics.prometheus` list as written (a `{prometheus: [...]}` object is accepted too). */
  metrics: unknown;
  /** Flat variables, e.g. from `metricScope` or `workflowMetricScope`. */
  scope: ReadonlyMap<string, string>;
  /**
   * Argo's pass when a node is created (and at the start of each reconcile for workflow-level
   * metrics): only realtime gauges are evaluated. The completion pass (false) evaluates all metrics,
   * realtime gauges included.
   * @default false
   */
  realtimeOnly?: boolean;
  /**
   * Variables a realtime gauge may follow. Pass `workflowStartRealtimeVariables` for the
   * workflow-level pass that runs before completion.
   * @default nodeRealtimeVariables (`duration`, `workflow.duration`)
   */
  realtimeVariables?: ReadonlySet<string>;
}

/** Result of {@link evaluateMetrics}: samples in spec order, and one message per skipped metric. */
export interface MetricsResult {
  samples: MetricSample[];
  errors: string[];
}

/** Argo's runtime message for a name outside `^[a-zA-Z_][a-zA-Z0-9_]*$`. */
export const invalidMetricNameMessage =
  "metric name is invalid: names may only contain alphanumeric characters or '_'";

/** Prometheus' legacy metric-name rule without `:`, which Argo also rejects. */
export const isValidMetricName = (name: string): boolean => /^[a-zA-Z_][a-zA-Z0-9_]*$/.test(name);

interface MetricSpec {
  name: string;
  help: string;
  when: string;
  labels: { key: string; value: string }[];
  gauge?: { value: string; realtime: boolean; operation: string };
  histogram?: { value: string; buckets: number[] };
  counter?: { value: string };
}

const evaluateExpression = makeExpressionEvaluator();
const tagPattern = /\{\{(=?)([\s\S]*?)\}\}/g;

/**
 * Evaluates custom metrics against `scope`. A metric is skipped with an error when its help is
 * empty, a tag does not resolve, `when` does not evaluate, its name is invalid, a histogram's buckets
 * are not strictly increasing, or its value is not a Go float; it is skipped silently when `when` is
 * false, or when `realtimeOnly` is set and it is not a realtime gauge.
 */
export function evaluateMetrics(input: EvaluateMetricsInput): MetricsResult {
  const result: MetricsResult = { samples: [], errors: [] };
  const list = metricList(input.metrics);
  if (typeof list === "string") {
    result.errors.push(list);
    return result;
  }
  for (const raw of list) {
    const outcome = evaluateOne(toSpec(raw), input);
    if (typeof outcome === "string") result.errors.push(outcome);
    else if (outcome) result.samples.push(outcome);
  }
  return result;
}

/**
 * Argo's series key (`Prometheus.GetKey`): the name, the labels sorted by key and, for histograms,
 * the sorted buckets. Samples with the same key update the same series.
 */
export function metricKey(sample: Pick<MetricSample, "name" | "labels" | "buckets">): string {
  const labels = Object.keys(sample.labels)
    .sort()
    .map((k) => `${k}=${sample.labels[k]},`);
  const buckets = [...(sample.buckets ?? [])].sort((a, b) => a - b).map((b) => `bucket=${formatGoFloat(b)},`);
  return `${sample.name}{${labels.join("")}${buckets.join("")}}`;
}

function evaluateOne(spec: MetricSpec, input: EvaluateMetricsInput): MetricSample | string | undefined {
  const { scope } = input;
  const realtime = spec.gauge?.realtime === true;
  if (input.realtimeOnly && !realtime) return undefined;
  if (spec.help === "") return `metric '${spec.name}' must contain a help string under 'help: ' field`;
  let resolved: MetricSpec;
  try {
    resolved = substituteSpec(spec, scope);
  } catch (e) {
    return `unable to substitute parameters for metric '${spec.name}': ${messageOf(e)}`;
  }
  try {
    if (!evalWhen(resolved.when)) return undefined;
  } catch (e) {
    // Argo names the workflow here, not the metric.
    return `unable to compute 'when' clause for metric '${scope.get("workflow.name") ?? ""}': ${messageOf(e)}`;
  }
  const { name, help } = resolved;
  const labels = Object.fromEntries(resolved.labels.map((l) => [l.key, l.value]));
  const cannot = (reason: string) => `could not construct metric '${name}': ${reason}`;
  if (spec.gauge && realtime) {
    // The value is read as written: it must be one variable, which the caller keeps following.
    const rawValue = spec.gauge.value;
    if (!rawValue.startsWith("{{") || !rawValue.endsWith("}}")) {
      return "real time metrics can only be used with metric variables";
    }
    const variable = rawValue.slice(2, -2).trim();
    if (!(input.realtimeVariables ?? nodeRealtimeVariables).has(variable)) {
      return `'${variable}' is not available as a real time metric`;
    }
    if (!isValidMetricName(name)) return cannot(invalidMetricNameMessage);
    const current = parseGoFloat(scope.get(variable) ?? "0");
    const value = current.ok ? current.value : 0;
    return { name, help, labels, type: "gauge", value, realtime: true, realtimeVariable: variable };
  }
  let valueText: string;
  try {
    valueText = substituteTags(
      spec.gauge?.value ?? spec.histogram?.value ?? spec.counter?.value ?? "",
      scope,
    );
  } catch (e) {
    return `unable to substitute parameters for metric '${name}': ${messageOf(e)}`;
  }
  if (!isValidMetricName(name)) return cannot(invalidMetricNameMessage);
  if (!spec.gauge && !spec.histogram && !spec.counter) return cannot("invalid metric spec");
  const buckets = spec.histogram?.buckets;
  if (!spec.gauge && buckets && !isStrictlyIncreasing(buckets)) {
    return cannot(
      `aggregation: explicit bucket histogram: non-monotonic boundaries: ${formatGoFloats(buckets)}`,
    );
  }
  const parsed = parseGoFloat(valueText);
  if (!parsed.ok) return cannot(parsed.error);
  const base = { name, help, labels, value: parsed.value };
  if (spec.gauge) return { ...base, type: "gauge", operation: gaugeOperation(spec.gauge.operation) };
  if (spec.histogram) return { ...base, type: "histogram", buckets: [...spec.histogram.buckets] };
  return { ...base, type: "counter" };
}

/**
 * Argo substitutes the whole metric (as JSON, in field order) before it keeps the substituted name,
 * help, labels and `when`; so a tag that does not resolve anywhere, the value included, fails the
 * metric. Every simple tag must resolve, whatever its prefix.
 */
function substituteSpec(spec: MetricSpec, scope: Scope): MetricSpec {
  const name = substituteTags(spec.name, scope);
  const labels = spec.labels.map((l) => ({
    key: substituteTags(l.key, scope),
    value: substituteTags(l.value, scope),
  }));
  const help = substituteTags(spec.help, scope);
  const when = substituteTags(spec.when, scope);
  if (spec.gauge) {
    substituteTags(spec.gauge.value, scope);
    substituteTags(spec.gauge.operation, scope);
  }
  if (spec.histogram) substituteTags(spec.histogram.value, scope);
  if (spec.counter) substituteTags(spec.counter.value, scope);
  return { ...spec, name, labels, help, when };
}

function substituteTags(text: string, scope: Scope): string {
  if (!text.includes("{{")) return text;
  return text.replace(tagPattern, (_whole, isExpression: string, body: string) => {
    if (isExpression === "=") return evaluateExpression(body.trim(), scope, { strict: true });
    const value = scope.get(body.trim());
    if (value === undefined) throw new Error(`failed to resolve {{${body}}}`);
    return value;
  });
}

function metricList(metrics: unknown): unknown[] | string {
  if (metrics === undefined || metrics === null) return [];
  if (Array.isArray(metrics)) return metrics;
  if (isRecord(metrics)) return metricList(metrics.prometheus);
  return "metrics.prometheus must be a list";
}

/** Reads one metric as Go would unmarshal it: absent strings are "", scalars are taken as text. */
function toSpec(raw: unknown): MetricSpec {
  const m = isRecord(raw) ? raw : {};
  const labels = (Array.isArray(m.labels) ? m.labels : []).filter(isRecord).map((l) => ({
    key: text(l.key),
    value: text(l.value),
  }));
  const spec: MetricSpec = { name: text(m.name), help: text(m.help), when: text(m.when), labels };
  if (isRecord(m.gauge)) {
    spec.gauge = {
      value: text(m.gauge.value),
      realtime: m.gauge.realtime === true,
      operation: text(m.gauge.operation),
    };
  }
  if (isRecord(m.histogram)) {
    const buckets = Array.isArray(m.histogram.buckets) ? m.histogram.buckets : [];
    spec.histogram = { value: text(m.histogram.value), buckets: buckets.map(bucketValue) };
  }
  if (isRecord(m.counter)) spec.counter = { value: text(m.counter.value) };
  return spec;
}

/** Argo keeps a bucket's JSON text and parses it, ignoring failure: a quoted bucket becomes 0. */
const bucketValue = (b: unknown): number => (typeof b === "number" ? b : 0);

function gaugeOperation(operation: string): "Set" | "Add" | "Sub" {
  return operation === "Add" || operation === "Sub" ? operation : "Set";
}

/** The OpenTelemetry SDK's check; written as Go compares, so a NaN bound does not fail it. */
function isStrictlyIncreasing(xs: readonly number[]): boolean {
  return xs.every((x, i) => i === 0 || !((xs[i - 1] ?? Number.NaN) >= x));
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

const text = (v: unknown): string =>
  typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : "";

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
