/**
 * `argo get`'s view of a workflow: name, namespace, service account, status, message,
 * conditions, times, duration, progress, parameters, outputs, then the node tree.
 */
import type { Artifact, Workflow } from "../spec/types.js";
import { Fg, noPaint } from "./format/color.js";
import { longDuration, relativeDuration, timestamp } from "./format/humanize.js";
import { renderNodeTable, resourcesDurationText, type TreeOptions } from "./render-tree.js";

/** `%-20s %v`: the label padded to 20 columns, a space, the value. */
export const field = (label: string, value: string, width = 20): string => `${label.padEnd(width)} ${value}`;

/** True while the workflow is suspended as a whole or waits in a suspend node. */
export function isSuspended(wf: Workflow): boolean {
  if (wf.spec.suspend) return true;
  return Object.values(wf.status?.nodes ?? {}).some((n) => n.type === "Suspend" && n.phase === "Running");
}

/** Argo's status text: the phase, `Running (Suspended)`, `Failed (Terminated)`, or `Pending`/`Unknown`. */
export function workflowStatusText(wf: Workflow): string {
  const phase = wf.status?.phase ?? "";
  if (phase === "Running" && isSuspended(wf)) return "Running (Suspended)";
  if (phase === "Failed" && wf.spec.shutdown) return "Failed (Terminated)";
  if (phase === "" || phase === "Pending") return wf.metadata.creationTimestamp ? "Pending" : "Unknown";
  return phase;
}

const conditionIcons: Record<string, { icon: string; color: number }> = {
  MetricsError: { icon: "✖", color: Fg.red },
  SpecWarning: { icon: "⚠", color: Fg.yellow },
  SubmissionError: { icon: "✖", color: Fg.red },
};

/** The `Conditions:` block. */
export function conditionLines(
  conditions: { type: string; status: string; message?: string }[],
  width: number,
  paint = noPaint,
): string[] {
  const lines = [field("Conditions:", "", width)];
  for (const c of conditions) {
    const icon = conditionIcons[c.type];
    const prefix = `${icon ? paint(icon.icon, icon.color) : ""} ${c.type}`;
    lines.push(field(prefix, c.message || c.status, width));
  }
  return lines;
}

/** Where an output artifact is stored, as Argo prints it (`s3://bucket/key`). */
function artifactLocation(a: Artifact): string | undefined {
  const loc = a as unknown as Record<string, Record<string, string> | undefined>;
  if (loc.s3) return `s3://${loc.s3.bucket ?? ""}/${loc.s3.key ?? ""}`;
  if (loc.gcs) return `gs://${loc.gcs.bucket ?? ""}/${loc.gcs.key ?? ""}`;
  if (loc.oss) return `oss://${loc.oss.bucket ?? ""}/${loc.oss.key ?? ""}`;
  if (loc.azure) return `azblob://${loc.azure.container ?? ""}/${loc.azure.blob ?? ""}`;
  if (loc.http) return loc.http.url;
  if (loc.git) return loc.git.repo;
  if (loc.hdfs) return `hdfs://${loc.hdfs.path ?? ""}`;
  if (loc.artifactory) return loc.artifactory.url;
  if (loc.raw) return loc.raw.data;
  if (loc.local) return `local://${loc.local.key ?? ""}`;
  return undefined;
}

function summary(wf: Workflow, o: TreeOptions): string[] {
  const nowMs = o.nowMs ?? Date.now();
  const s = wf.status ?? {};
  const exec = s.storedWorkflowTemplateSpec ?? wf.spec;
  const sa = (exec as { serviceAccountName?: string }).serviceAccountName;
  const lines = [
    field("Name:", wf.metadata.name ?? ""),
    field("Namespace:", wf.metadata.namespace ?? ""),
    field(
      "ServiceAccount:",
      sa || (wf.spec.workflowTemplateRef ? "unset" : "unset (will run with the default ServiceAccount)"),
    ),
    field("Status:", workflowStatusText(wf)),
  ];
  if (s.message) lines.push(field("Message:", s.message));
  if (s.conditions?.length) lines.push(...conditionLines(s.conditions, 20, o.paint));
  lines.push(field("Created:", timestamp(wf.metadata.creationTimestamp, nowMs)));
  if (s.startedAt) lines.push(field("Started:", timestamp(s.startedAt, nowMs)));
  if (s.finishedAt) lines.push(field("Finished:", timestamp(s.finishedAt, nowMs)));
  if (s.startedAt) lines.push(field("Duration:", relativeDuration(s.startedAt, s.finishedAt, nowMs)));
  const estimated = (s as { estimatedDuration?: number }).estimatedDuration;
  if (s.phase === "Running" && estimated && estimated > 0)
    lines.push(field("EstimatedDuration:", longDuration(estimated * 1000)));
  lines.push(field("Progress:", s.progress ?? ""));
  const rd = resourcesDurationText((s as { resourcesDuration?: unknown }).resourcesDuration);
  if (rd) lines.push(field("ResourcesDuration:", rd));
  const params = exec.arguments?.parameters ?? [];
  if (params.length) {
    lines.push(field("Parameters:", ""));
    for (const p of params) if (p.value !== undefined) lines.push(field(`  ${p.name}:`, String(p.value)));
  }
  const outParams = s.outputs?.parameters ?? [];
  if (outParams.length) {
    lines.push(field("Output Parameters:", ""));
    for (const p of outParams) {
      const value = p.value ?? p.valueFrom?.default;
      if (value !== undefined) lines.push(field(`  ${p.name}:`, String(value)));
    }
  }
  const outArts = s.outputs?.artifacts ?? [];
  if (outArts.length) {
    lines.push(field("Output Artifacts:", ""));
    for (const a of outArts) {
      const where = artifactLocation(a);
      if (where !== undefined) lines.push(field(`  ${a.name}:`, where));
    }
  }
  return lines;
}

/** The whole `argo get` text, ending with a newline. `-o short` prints only the tree. */
export function renderGet(wf: Workflow, nowMsOrOptions: number | TreeOptions = {}): string {
  const o: TreeOptions = typeof nowMsOrOptions === "number" ? { nowMs: nowMsOrOptions } : nowMsOrOptions;
  const tree = renderNodeTable(wf, o);
  if (o.output === "short") return tree ? `${tree}\n` : "";
  const lines = summary(wf, o).map((l) => l.trimEnd());
  if (tree) lines.push("", tree);
  return `${lines.join("\n")}\n`;
}
