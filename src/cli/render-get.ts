/**
 * `argo get`'s summary: name, namespace, status, message, timestamps, progress, parameters and
 * output parameters, followed by the node table.
 */
import type { Workflow } from "../spec/types.js";
import { renderNodeTable, shortDuration } from "./render-tree.js";

const field = (label: string, value: string): string => `${label.padEnd(20)} ${value}`.trimEnd();

/** Argo's status line: the phase, with `(Suspended)`/`(Terminated)` qualifiers. */
export function workflowStatusText(wf: Workflow): string {
  const phase = wf.status?.phase || "Pending";
  if (wf.spec.suspend && phase === "Running") return "Running (Suspended)";
  if (wf.spec.shutdown && phase !== "Running" && phase !== "Succeeded")
    return `${phase} (${wf.spec.shutdown === "Terminate" ? "Terminated" : "Stopped"})`;
  return phase;
}

export function renderGet(wf: Workflow, nowMs = Date.now()): string {
  const s = wf.status ?? {};
  const lines = [
    field("Name:", wf.metadata.name ?? ""),
    field("Namespace:", wf.metadata.namespace ?? "default"),
    field("Status:", workflowStatusText(wf)),
  ];
  if (s.message) lines.push(field("Message:", s.message));
  for (const c of s.conditions ?? []) lines.push(field(`${c.type}:`, c.status === "True" ? "✔" : "✖"));
  if (wf.metadata.creationTimestamp) lines.push(field("Created:", wf.metadata.creationTimestamp));
  if (s.startedAt) lines.push(field("Started:", s.startedAt));
  if (s.finishedAt) lines.push(field("Finished:", s.finishedAt));
  if (s.startedAt) lines.push(field("Duration:", shortDuration(s.startedAt, s.finishedAt, nowMs)));
  if (s.progress) lines.push(field("Progress:", s.progress));
  const spec = s.storedWorkflowTemplateSpec ?? wf.spec;
  const params = (spec.arguments?.parameters ?? []).filter((p) => p.value !== undefined);
  if (params.length) {
    lines.push(field("Parameters:", ""));
    for (const p of params) lines.push(field(`  ${p.name}:`, String(p.value)));
  }
  const outputs = (s.outputs?.parameters ?? []).filter((p) => p.value !== undefined);
  if (outputs.length) {
    lines.push(field("Output Parameters:", ""));
    for (const p of outputs) lines.push(field(`  ${p.name}:`, String(p.value)));
  }
  if (s.nodes?.[wf.metadata.name ?? ""]) lines.push("", renderNodeTable(wf, nowMs));
  return `${lines.join("\n")}\n`;
}
