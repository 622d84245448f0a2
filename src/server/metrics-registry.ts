/**
 * Workflows' custom metrics (`metrics.prometheus`), kept as Argo's controller keeps them and
 * rendered in the Prometheus text format under Argo's `argo_workflows_` prefix. The engine
 * evaluates the metrics into samples; the controller hands them to `record`; `/metrics` renders
 * `text()`. A series is a name plus its label set: gauges are set (or moved by `Add`/`Sub`),
 * counters added to, histograms observed into their buckets. A sample whose type disagrees with
 * the name's first type is dropped, as Argo refuses to re-register a metric with another type.
 */
import type { MetricSample } from "../engine/metrics.js";

export const METRIC_PREFIX = "argo_workflows_";

interface Series {
  labels: Record<string, string>;
  value: number;
  /** Histograms: observations per bucket (not cumulative), sum and count. */
  buckets?: number[];
  sum?: number;
  count?: number;
}

interface Family {
  type: MetricSample["type"];
  help: string;
  bounds: number[];
  series: Map<string, Series>;
}

const labelKey = (labels: Record<string, string>) =>
  JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );

/** Prometheus text escaping of a label value. */
export const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

/** A sample value as Prometheus writes it. */
export function formatNumber(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(n);
}

/** `{a="1",b="2"}` (sorted), or "" for no labels. */
export function formatLabels(labels: Record<string, string>): string {
  const keys = Object.keys(labels).sort();
  if (keys.length === 0) return "";
  return `{${keys.map((k) => `${k}="${escapeLabel(labels[k] ?? "")}"`).join(",")}}`;
}

export class MetricsRegistry {
  private readonly families = new Map<string, Family>();

  /** Applies samples in order. Never throws: a bad sample is skipped. */
  record(samples: readonly MetricSample[]): void {
    for (const s of samples) {
      if (!Number.isFinite(s.value) && s.type !== "gauge") continue;
      let family = this.families.get(s.name);
      if (!family) {
        family = { type: s.type, help: s.help, bounds: [...(s.buckets ?? [])], series: new Map() };
        this.families.set(s.name, family);
      }
      if (family.type !== s.type) continue;
      const key = labelKey(s.labels);
      let series = family.series.get(key);
      if (!series) {
        series = { labels: { ...s.labels }, value: 0 };
        if (s.type === "histogram")
          Object.assign(series, { buckets: family.bounds.map(() => 0), sum: 0, count: 0 });
        family.series.set(key, series);
      }
      apply(family, series, s);
    }
  }

  /** Every custom metric in the Prometheus text exposition format. */
  text(): string {
    const out: string[] = [];
    for (const [name, family] of [...this.families].sort(([a], [b]) => a.localeCompare(b))) {
      const full = METRIC_PREFIX + name;
      out.push(`# HELP ${full} ${escapeHelp(family.help)}`, `# TYPE ${full} ${family.type}`);
      for (const series of family.series.values()) out.push(...renderSeries(full, family, series));
    }
    return out.length ? `${out.join("\n")}\n` : "";
  }
}

function apply(family: Family, series: Series, s: MetricSample): void {
  switch (s.type) {
    case "gauge":
      if (s.operation === "Add") series.value += s.value;
      else if (s.operation === "Sub") series.value -= s.value;
      else series.value = s.value;
      return;
    case "counter":
      series.value += s.value;
      return;
    case "histogram": {
      const i = family.bounds.findIndex((b) => s.value <= b);
      if (i >= 0 && series.buckets) series.buckets[i] = (series.buckets[i] ?? 0) + 1;
      series.sum = (series.sum ?? 0) + s.value;
      series.count = (series.count ?? 0) + 1;
      return;
    }
  }
}

function renderSeries(full: string, family: Family, series: Series): string[] {
  if (family.type !== "histogram")
    return [`${full}${formatLabels(series.labels)} ${formatNumber(series.value)}`];
  const lines: string[] = [];
  let cumulative = 0;
  family.bounds.forEach((bound, i) => {
    cumulative += series.buckets?.[i] ?? 0;
    lines.push(`${full}_bucket${formatLabels({ ...series.labels, le: formatNumber(bound) })} ${cumulative}`);
  });
  lines.push(`${full}_bucket${formatLabels({ ...series.labels, le: "+Inf" })} ${series.count ?? 0}`);
  lines.push(`${full}_sum${formatLabels(series.labels)} ${formatNumber(series.sum ?? 0)}`);
  lines.push(`${full}_count${formatLabels(series.labels)} ${series.count ?? 0}`);
  return lines;
}
