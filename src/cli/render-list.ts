/**
 * `argo list`'s output: the workflow table (NAME STATUS AGE DURATION PRIORITY MESSAGE, plus
 * P/R/C and PARAMETERS with `-o wide`, NAMESPACE first with `-A`, UID last for the archive),
 * names only, or JSON/YAML; and Argo's reminder when there are many workflows.
 */
import { stringify } from "yaml";
import type { Parameter, Workflow } from "../spec/types.js";
import { isFulfilledPhase } from "../spec/types.js";
import { invalid } from "../util/errors.js";
import { shortDuration } from "./format/humanize.js";
import { formatTable } from "./format/table.js";
import { workflowStatusText } from "./render-get.js";

export interface ListPrintOptions {
  output?: string;
  noHeaders?: boolean;
  /** Print the NAMESPACE column (with `--all-namespaces`). */
  namespace?: boolean;
  /** Print the UID column (the archive). */
  uid?: boolean;
  nowMs?: number;
}

/** Pending, running and completed pods of a workflow (`P/R/C`). */
export function podCounts(wf: Workflow): [number, number, number] {
  let pending = 0;
  let running = 0;
  let completed = 0;
  for (const n of Object.values(wf.status?.nodes ?? {})) {
    if (n.type !== "Pod") continue;
    if (isFulfilledPhase(n.phase)) completed++;
    else if (n.phase === "Running") running++;
    else pending++;
  }
  return [pending, running, completed];
}

/** `name=value` pairs of the arguments that have values; long values keep their ends. */
export function parameterText(params: Parameter[] = []): string {
  const shorten = (s: string) => (s.length > 50 ? `${s.slice(0, 32)}...${s.slice(s.length - 15)}` : s);
  return params
    .filter((p) => p.value !== undefined)
    .map((p) => `${p.name}=${shorten(String(p.value))}`)
    .join(",");
}

function table(workflows: Workflow[], o: ListPrintOptions): string {
  const nowMs = o.nowMs ?? Date.now();
  const wide = o.output === "wide";
  const rows: string[][] = [];
  if (!o.noHeaders) {
    rows.push([
      ...(o.namespace ? ["NAMESPACE"] : []),
      "NAME",
      "STATUS",
      "AGE",
      "DURATION",
      "PRIORITY",
      "MESSAGE",
      ...(wide ? ["P/R/C", "PARAMETERS"] : []),
      ...(o.uid ? ["UID"] : []),
    ]);
  }
  for (const wf of workflows) {
    const s = wf.status ?? {};
    rows.push([
      ...(o.namespace ? [wf.metadata.namespace ?? ""] : []),
      wf.metadata.name ?? "",
      workflowStatusText(wf),
      shortDuration(wf.metadata.creationTimestamp, undefined, nowMs),
      shortDuration(s.startedAt, s.finishedAt, nowMs),
      String(wf.spec.priority ?? 0),
      s.message ?? "",
      ...(wide ? [podCounts(wf).join("/"), parameterText(wf.spec.arguments?.parameters)] : []),
      ...(o.uid ? [wf.metadata.uid ?? ""] : []),
    ]);
  }
  return formatTable(rows, 3);
}

/** Argo's hint when more than 100 workflows are kept. */
function costNudge(workflows: Workflow[]): string {
  const completed = workflows.filter((w) =>
    ["Succeeded", "Failed", "Error"].includes(w.status?.phase ?? ""),
  ).length;
  const incomplete = workflows.length - completed;
  if (completed <= 100 && incomplete <= 100) return "";
  const parts = [
    ...(incomplete > 100 ? [`${incomplete} incomplete `] : []),
    ...(completed > 100 ? [`${completed} completed `] : []),
  ];
  return (
    `\nYou have at least ${parts.join("and ")}workflows. Reducing the total number of workflows will reduce your costs.\n` +
    "Learn more at https://argo-workflows.readthedocs.io/en/latest/cost-optimisation/\n"
  );
}

/** The text `argo list` prints for these workflows. */
export function renderWorkflowList(workflows: Workflow[], o: ListPrintOptions = {}): string {
  if (workflows.length === 0) {
    return o.output === "json" || o.output === "yaml" ? "[]\n" : "No workflows found\n";
  }
  switch (o.output) {
    case undefined:
    case "":
    case "wide":
      return table(workflows, o) + costNudge(workflows);
    case "name":
      return workflows.map((w) => `${w.metadata.name ?? ""}\n`).join("");
    case "json":
      return `${JSON.stringify(workflows, null, 2)}\n`;
    case "yaml":
      return `${stringify(workflows)}\n`;
    default:
      throw invalid(`unknown output mode: ${o.output}`);
  }
}

const time = (t?: string) => (t ? Date.parse(t) || 0 : 0);

/**
 * Argo's list order: unfinished workflows first, newest created first; then finished ones, most
 * recently finished first.
 */
export function sortWorkflows(workflows: Workflow[]): Workflow[] {
  return [...workflows].sort((a, b) => {
    const fa = time(a.status?.finishedAt);
    const fb = time(b.status?.finishedAt);
    if (!fa && !fb) return time(b.metadata.creationTimestamp) - time(a.metadata.creationTimestamp);
    if (!fa) return -1;
    if (!fb) return 1;
    return fb - fa;
  });
}
