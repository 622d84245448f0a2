/**
 * Argo's node field selector (`--node-field-selector`): comma-separated terms `key=value`,
 * `key==value` or `key!=value`, all of which must hold. Keys are a node's `displayName`, `name`,
 * `id`, `phase`, `templateName` (the templateRef's template when there is one), `templateRef.name`,
 * `templateRef.template` and `inputs.parameters.<name>.value`. An absent key reads as "".
 */
import type { NodeStatus } from "../spec/types.js";
import { invalid } from "../util/errors.js";

export interface SelectorTerm {
  key: string;
  op: "=" | "!=";
  value: string;
}

/** Parses a selector; an empty string selects every node. Throws `Invalid` for a malformed term. */
export function parseNodeSelector(text: string): SelectorTerm[] {
  const terms: SelectorTerm[] = [];
  for (const raw of text.split(",")) {
    const part = raw.trim();
    if (!part) continue;
    const m = /^([^=!\s]+)\s*(!=|==|=)\s*(.*)$/.exec(part);
    if (!m) throw invalid(`node field selector term '${part}' must be key=value or key!=value`);
    terms.push({ key: m[1] as string, op: m[2] === "!=" ? "!=" : "=", value: (m[3] as string).trim() });
  }
  return terms;
}

/** The fields a selector can test, for one node. */
export function nodeFields(node: NodeStatus): Map<string, string> {
  const fields = new Map<string, string>([
    ["displayName", node.displayName ?? ""],
    ["templateName", node.templateRef?.template ?? node.templateName ?? ""],
    ["phase", node.phase ?? ""],
    ["name", node.name],
    ["id", node.id],
  ]);
  if (node.templateRef) {
    fields.set("templateRef.name", node.templateRef.name ?? "");
    fields.set("templateRef.template", node.templateRef.template ?? "");
  }
  for (const p of node.inputs?.parameters ?? []) {
    const v = p.value;
    fields.set(
      `inputs.parameters.${p.name}.value`,
      typeof v === "string" ? v : v === undefined ? "" : String(v),
    );
  }
  return fields;
}

export function selectorMatches(terms: readonly SelectorTerm[], node: NodeStatus): boolean {
  const fields = nodeFields(node);
  return terms.every((t) => ((fields.get(t.key) ?? "") === t.value) === (t.op === "="));
}

/** The nodes a selector picks, in id order. */
export function selectNodes(nodes: Record<string, NodeStatus> | undefined, selector: string): NodeStatus[] {
  const terms = parseNodeSelector(selector);
  return Object.values(nodes ?? {})
    .filter((n) => selectorMatches(terms, n))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
